import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { FormAlert } from "~/components/field";
import { emailEnabled } from "~/features/notifications/notifications.server";
import { listNotifications, markAllRead, markRead } from "~/features/notifications/notifications-center.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { f, parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { safeRedirectTo } from "~/utils/session.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure } from "~/utils/respond.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request, user);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1") || 1;
  return {
    title: `${t("notifications.title")} · ${t("app.name")}`,
    list: await listNotifications(user.id, user.locale, page),
    emailOn: emailEnabled(),
  };
}

const NotificationActionSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("read"), id: f.id(), next: z.string().max(500).optional() }), z.object({ intent: z.literal("read_all") })],
  { error: "validation.invalidChoice" },
);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const parsed = parseForm(NotificationActionSchema, form);
  // Marking read is no change of a record (nothing is audited), so it does not go through `write`.
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  const input = parsed.data;
  switch (input.intent) {
    case "read_all":
      await markAllRead(user.id);
      return redirect("/notifications");
    case "read":
      // "Open" marks the notification read and goes to the record.
      await markRead(user.id, input.id);
      return redirect(safeRedirectTo(input.next, "/notifications"));
  }
}

export default function Notifications() {
  const t = useT();
  const { list, emailOn } = useLoaderData<typeof loader>();
  const unread = list.items.filter((i) => !i.read).length;
  return (
    <div className="max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>{t("notifications.title")}</h1>
        {unread > 0 && (
          <Form method="post">
            <button type="submit" name="intent" value="read_all" className="btn">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        )}
      </div>
      {!emailOn && <FormAlert tone="success">{t("notifications.emailOff")}</FormAlert>}
      {list.items.length === 0 ? (
        <p className="card text-stone-700">{t("notifications.empty")}</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded border border-stone-300 bg-white" data-testid="notification-list">
          {list.items.map((n) => (
            <li key={n.id} className={`flex flex-wrap items-start gap-3 p-3 ${n.read ? "" : "bg-blue-50"}`}>
              <div className="min-w-0 flex-1">
                <p className={n.read ? "" : "font-semibold"}>
                  {!n.read && <span className="badge mr-2 bg-blue-800 text-white">{t("notifications.new")}</span>}
                  {n.message}
                </p>
                <p className="text-xs text-stone-600">{formatDateTime(n.createdAt)}</p>
              </div>
              <Form method="post">
                <input type="hidden" name="id" value={n.id} />
                <input type="hidden" name="next" value={n.link} />
                <button type="submit" name="intent" value="read" className="btn min-h-9 py-1">
                  {t("notifications.open")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      {list.pages > 1 && (
        <nav className="flex items-center gap-3" aria-label={t("notifications.title")}>
          {list.page > 1 && <Link to={`?page=${list.page - 1}`}>{t("common.previous")}</Link>}
          <span>{t("common.pageOf", { page: list.page, pages: list.pages })}</span>
          {list.page < list.pages && <Link to={`?page=${list.page + 1}`}>{t("common.next")}</Link>}
        </nav>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
