import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { FormAlert } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { EmptyState } from "~/features/admin/admin-ui";
import { mailFrom, smtpServerLabel } from "~/features/notifications/email.server";
import { emailEnabled } from "~/features/notifications/notifications.server";
import { outboxCounts, retryMessages, unsentMessages } from "~/features/notifications/outbox.server";
import { MAX_ATTEMPTS } from "~/features/notifications/outbox-rules";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { f, parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

/** Whether e-mail is on, and the messages not sent yet: failed ones first, with their error. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const t = await getTranslator(request, user);
  const [counts, unsent] = await Promise.all([outboxCounts(), unsentMessages()]);
  return {
    title: `${t("notifications.admin.title")} · ${t("admin.title")} · ${t("app.name")}`,
    emailOn: emailEnabled(),
    server: smtpServerLabel(),
    from: mailFrom(),
    counts,
    unsent,
  };
}

const RetrySchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("retry"), id: f.id() }), z.object({ intent: z.literal("retry-all") })], {
  error: "validation.invalidChoice",
});

/** "Retry": a failed (or waiting) message is due now with fresh attempts; "retry-all" does so for every failed one. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const form = await readForm(request);
  const parsed = parseForm(RetrySchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  const formKey = formKeyOf(request, form);
  const retried = (n: number) => redirect(`/admin/email?retried=${n}`);
  const input = parsed.data;
  switch (input.intent) {
    case "retry":
      return respond(form, await retryMessages(user, { id: input.id }, { formKey }), retried);
    case "retry-all":
      return respond(form, await retryMessages(user, "all-failed", { formKey }), retried);
  }
}

const STATUS_STYLE: Record<string, string> = {
  failed: "bg-red-100 text-red-900",
  sending: "bg-amber-100 text-amber-900",
  pending: "bg-stone-200 text-stone-800",
  sent: "bg-green-100 text-green-900",
};

export default function AdminEmail() {
  const t = useT();
  const { emailOn, server, from, counts, unsent } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const retried = params.get("retried");
  return (
    <div className="space-y-4">
      <h1>{t("notifications.admin.title")}</h1>
      {retried !== null &&
        (Number(retried) > 0 ? (
          <FormAlert tone="success">{t("notifications.admin.retried", { count: Number(retried) })}</FormAlert>
        ) : (
          <FormAlert>{t("notifications.admin.nothingRetried")}</FormAlert>
        ))}
      <div className="card space-y-2">
        <p className="font-medium" data-testid="email-status">
          {emailOn ? t("notifications.admin.on", { server: server ?? "", from }) : t("notifications.admin.off")}
        </p>
        <p className="text-sm text-stone-700" data-testid="outbox-counts">
          {t("notifications.admin.counts", counts)}
        </p>
        <p className="text-sm text-stone-600">{t("notifications.admin.howRetries", { attempts: MAX_ATTEMPTS })}</p>
      </div>

      <section aria-labelledby="unsent-title" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="unsent-title">{t("notifications.admin.listTitle")}</h2>
          {counts.failed > 0 && (
            <Form method="post">
              <FormKey />
              <input type="hidden" name="intent" value="retry-all" />
              <button type="submit" className="btn">
                {t("notifications.admin.retryAll")}
              </button>
            </Form>
          )}
        </div>
        {unsent.length === 0 ? (
          <EmptyState>{t("notifications.admin.none")}</EmptyState>
        ) : (
          <div className="overflow-x-auto rounded border border-stone-300 bg-white">
            <table className="register" data-testid="outbox">
              <thead>
                <tr>
                  <th scope="col">{t("notifications.admin.col.created")}</th>
                  <th scope="col">{t("notifications.admin.col.to")}</th>
                  <th scope="col">{t("notifications.admin.col.subject")}</th>
                  <th scope="col">{t("notifications.admin.col.status")}</th>
                  <th scope="col">{t("notifications.admin.col.attempts")}</th>
                  <th scope="col">{t("notifications.admin.col.next")}</th>
                  <th scope="col">{t("notifications.admin.col.error")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("notifications.admin.retry")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {unsent.map((m) => (
                  <tr key={m.id}>
                    <td className="whitespace-nowrap">{formatDateTime(m.created_at)}</td>
                    <td className="break-all">{m.to_address}</td>
                    <td>{m.subject}</td>
                    <td>
                      <span className={`badge whitespace-nowrap ${STATUS_STYLE[m.status] ?? ""}`}>{t(`notifications.admin.status.${m.status}`)}</span>
                    </td>
                    <td className="text-right">{m.attempts}</td>
                    <td className="whitespace-nowrap">{m.status === "failed" ? t("common.none") : formatDateTime(m.next_attempt_at)}</td>
                    <td className="break-words text-sm">{m.last_error ?? t("common.none")}</td>
                    <td>
                      {(m.status === "failed" || m.status === "pending") && (
                        <Form method="post">
                          <FormKey />
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="id" value={m.id} />
                          <button type="submit" className="btn" aria-label={t("notifications.admin.retryLabel", { to: m.to_address })}>
                            {t("notifications.admin.retry")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
