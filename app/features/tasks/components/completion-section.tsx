/** The task's completion reports with the chair's decisions, the chair's form to accept or return the pending one, and the lead's report form. */
import { Form } from "@remix-run/react";
import { TextAreaField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { Badge } from "~/components/status-badge";
import { lateAgainst, type TaskActionReply, type TaskPageAbilities } from "~/features/tasks/task-page-rules";
import type { TaskDetail } from "~/features/tasks/tasks.server";
import type { MessageKey } from "~/i18n";
import { formatDateTime, formatShortDate } from "~/utils/dates";
import { valueOf } from "~/utils/forms";
import { useT } from "~/utils/use-t";
import { DECISION_TONE, Disclosure, ReplyAlert, SubmitButton } from "./task-form-parts";

export function CompletionSection({
  detail,
  may,
  today,
  reportReply,
  decisionReply,
  pendingId,
}: {
  detail: TaskDetail;
  may: TaskPageAbilities;
  today: string;
  reportReply?: TaskActionReply;
  decisionReply?: TaskActionReply;
  /** The report waiting for the chair, if any. */
  pendingId: number | null;
}) {
  const t = useT();
  const { task } = detail;
  const pending = detail.completions.find((c) => c.id === pendingId);
  const lateDeadline = lateAgainst(pending?.completedOn, task.deadline);
  return (
    <section className="card" id="completion" aria-labelledby="completion-title">
      <h2 id="completion-title">{t("tasks.completion.title", { count: detail.completions.length })}</h2>
      {detail.completions.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("tasks.completion.empty")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-stone-200">
          {detail.completions.map((c) => (
            <li key={c.id} className="py-3" data-completion-id={c.id}>
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="font-semibold">{t("tasks.completion.on", { date: formatShortDate(c.completedOn) })}</span>
                <Badge tone={DECISION_TONE[c.status]} label={t(`tasks.completion.status.${c.status}` as MessageKey)} />
              </div>
              <p className="mt-1 text-sm text-stone-600">{t("tasks.byOn", { name: c.authorName, date: formatDateTime(c.createdAt) })}</p>
              <p className="mt-1 whitespace-pre-line">
                <span className="font-medium">{t("tasks.completion.result")}: </span>
                {c.result}
              </p>
              <p className="mt-1 whitespace-pre-line">
                <span className="font-medium">{t("tasks.completion.evidence")}: </span>
                {c.evidence}
              </p>
              {c.status !== "pending" && (
                <p className="mt-1 text-sm">
                  {t("tasks.decidedBy", {
                    name: c.deciderName ?? t("history.system"),
                    date: c.decidedAt ? formatDateTime(c.decidedAt) : "",
                  })}
                  {c.decisionReason && <span className="whitespace-pre-line"> — {c.decisionReason}</span>}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}

      {may.decideCompletion && pendingId !== null && (
        <Form method="post" className="mt-4 border-t border-stone-200 pt-4" key={`decide-completion-${pendingId}`} noValidate>
          <FormKey />
          <h3 className="mb-3 font-semibold">{t("tasks.completion.decideTitle")}</h3>
          {lateDeadline && <p className="mb-3 text-sm text-amber-900">{t("tasks.completion.willBeLate", { date: formatShortDate(lateDeadline) })}</p>}
          <ReplyAlert reply={decisionReply} />
          <input type="hidden" name="completionId" value={pendingId} />
          <input type="hidden" name="version" value={task.version} />
          <TextAreaField
            label={t("tasks.completion.returnReason")}
            name="returnReason"
            hint={t("tasks.completion.returnReasonHint")}
            error={decisionReply?.errors?.returnReason}
            defaultValue={valueOf(decisionReply?.values, "returnReason") ?? ""}
            maxLength={2000}
          />
          <div className="flex flex-wrap gap-2">
            <SubmitButton intent="accept-completion">{t("tasks.completion.accept")}</SubmitButton>
            <SubmitButton intent="return-completion" tone="danger">
              {t("tasks.completion.return")}
            </SubmitButton>
          </div>
        </Form>
      )}

      {may.reportCompletion && (
        <Disclosure title={t("tasks.completion.reportTitle")} open={reportReply !== undefined} key={`report-completion-${detail.completions.length}`}>
          <Form method="post" noValidate>
            <FormKey />
            <ReplyAlert reply={reportReply} />
            <input type="hidden" name="version" value={task.version} />
            <TextAreaField
              label={t("tasks.completion.result")}
              name="result"
              required
              error={reportReply?.errors?.result}
              defaultValue={valueOf(reportReply?.values, "result") ?? ""}
              maxLength={4000}
            />
            <TextAreaField
              label={t("tasks.completion.evidence")}
              name="evidence"
              required
              hint={t("tasks.completion.evidenceHint")}
              error={reportReply?.errors?.evidence}
              defaultValue={valueOf(reportReply?.values, "evidence") ?? ""}
              maxLength={2000}
            />
            <TextField
              label={t("tasks.completion.completedOn")}
              name="completedOn"
              type="date"
              max={today}
              error={reportReply?.errors?.completedOn}
              defaultValue={valueOf(reportReply?.values, "completedOn") ?? today}
            />
            <SubmitButton intent="report-completion">{t("tasks.completion.submit")}</SubmitButton>
          </Form>
        </Disclosure>
      )}
    </section>
  );
}
