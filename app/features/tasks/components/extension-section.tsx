/** The task's extension requests with the chair's decisions, the chair's form for the pending one, and the lead's form to ask for more time. */
import { Form } from "@remix-run/react";
import { TextAreaField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { Badge } from "~/components/status-badge";
import { earliestRequestableDeadline, type TaskActionReply, type TaskPageAbilities } from "~/features/tasks/task-page-rules";
import type { TaskDetail } from "~/features/tasks/tasks.server";
import type { MessageKey } from "~/i18n";
import { formatDateTime, formatShortDate } from "~/utils/dates";
import { valueOf } from "~/utils/forms";
import { useT } from "~/utils/use-t";
import { DECISION_TONE, Disclosure, ReplyAlert, SubmitButton } from "./task-form-parts";

export function ExtensionSection({
  detail,
  may,
  today,
  requestReply,
  decisionReply,
  pendingId,
}: {
  detail: TaskDetail;
  may: TaskPageAbilities;
  today: string;
  requestReply?: TaskActionReply;
  decisionReply?: TaskActionReply;
  /** The request waiting for the chair, if any. */
  pendingId: number | null;
}) {
  const t = useT();
  const { task } = detail;
  return (
    <section className="card" id="extensions" aria-labelledby="extensions-title">
      <h2 id="extensions-title">{t("tasks.extension.title", { count: detail.extensions.length })}</h2>
      {detail.extensions.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("tasks.extension.empty")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-stone-200">
          {detail.extensions.map((x) => (
            <li key={x.id} className="py-3" data-extension-id={x.id}>
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="font-semibold">
                  {t("tasks.extension.fromTo", {
                    from: x.previousDeadline ? formatShortDate(x.previousDeadline) : t("common.none"),
                    to: formatShortDate(x.requestedDeadline),
                  })}
                </span>
                <Badge tone={DECISION_TONE[x.status]} label={t(`decision.${x.status}` as MessageKey)} />
              </div>
              <p className="mt-1 text-sm text-stone-600">{t("tasks.byOn", { name: x.authorName, date: formatDateTime(x.createdAt) })}</p>
              <p className="mt-1 whitespace-pre-line">
                <span className="font-medium">{t("tasks.extension.reason")}: </span>
                {x.reason}
              </p>
              {x.status !== "pending" && (
                <p className="mt-1 text-sm">
                  {t("tasks.decidedBy", {
                    name: x.deciderName ?? t("history.system"),
                    date: x.decidedAt ? formatDateTime(x.decidedAt) : "",
                  })}
                  {x.decisionReason && <span className="whitespace-pre-line"> — {x.decisionReason}</span>}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}

      {may.decideExtension && pendingId !== null && (
        <Form method="post" className="mt-4 border-t border-stone-200 pt-4" key={`decide-ext-${pendingId}`} noValidate>
          <FormKey />
          <h3 className="mb-3 font-semibold">{t("tasks.extension.decideTitle")}</h3>
          <ReplyAlert reply={decisionReply} />
          <input type="hidden" name="extensionId" value={pendingId} />
          <input type="hidden" name="version" value={task.version} />
          <TextAreaField
            label={t("tasks.extension.decisionReason")}
            name="decisionReason"
            hint={t("tasks.extension.decisionReasonHint")}
            error={decisionReply?.errors?.decisionReason}
            defaultValue={valueOf(decisionReply?.values, "decisionReason") ?? ""}
            maxLength={2000}
          />
          <div className="flex flex-wrap gap-2">
            <SubmitButton intent="approve-extension">{t("tasks.extension.approve")}</SubmitButton>
            <SubmitButton intent="reject-extension" tone="danger">
              {t("tasks.extension.reject")}
            </SubmitButton>
          </div>
        </Form>
      )}

      {may.requestExtension &&
        (may.extensionPossible ? (
          <Disclosure title={t("tasks.extension.requestTitle")} open={requestReply !== undefined} key={`request-ext-${detail.extensions.length}`}>
            <Form method="post" noValidate>
              <FormKey />
              <ReplyAlert reply={requestReply} />
              <input type="hidden" name="version" value={task.version} />
              <TextField
                label={t("tasks.extension.requestedDeadline")}
                name="requestedDeadline"
                type="date"
                min={earliestRequestableDeadline(task.deadline, today)}
                required
                hint={task.deadline ? t("tasks.extension.currentDeadline", { date: formatShortDate(task.deadline) }) : undefined}
                error={requestReply?.errors?.requestedDeadline}
                defaultValue={valueOf(requestReply?.values, "requestedDeadline") ?? ""}
              />
              <TextAreaField
                label={t("tasks.extension.reason")}
                name="reason"
                required
                error={requestReply?.errors?.reason}
                defaultValue={valueOf(requestReply?.values, "reason") ?? ""}
                maxLength={2000}
              />
              <SubmitButton intent="request-extension">{t("tasks.extension.submit")}</SubmitButton>
            </Form>
          </Disclosure>
        ) : (
          pendingId !== null && <p className="mt-4 text-sm text-stone-700">{t("tasks.extension.waiting")}</p>
        ))}
    </section>
  );
}
