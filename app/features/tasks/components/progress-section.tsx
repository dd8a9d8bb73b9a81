/** The task's progress reports, newest first, and the form to add one (the lead's report or a coordinator's contribution). */
import { Form } from "@remix-run/react";
import { TextAreaField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { Badge } from "~/components/status-badge";
import type { TaskActionReply, TaskPageAbilities } from "~/features/tasks/task-page-rules";
import type { TaskDetail } from "~/features/tasks/tasks.server";
import { formatShortDate } from "~/utils/dates";
import { valueOf } from "~/utils/forms";
import { useT } from "~/utils/use-t";
import { ReplyAlert, SubmitButton } from "./task-form-parts";

export function ProgressSection({ detail, may, today, reply }: { detail: TaskDetail; may: TaskPageAbilities; today: string; reply?: TaskActionReply }) {
  const t = useT();
  return (
    <section className="card" id="progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{t("tasks.progress.title", { count: detail.progress.length })}</h2>
      {detail.progress.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("tasks.progress.empty")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-stone-200">
          {detail.progress.map((p) => (
            <li key={p.id} className="py-3">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
                <span className="font-semibold tabular-nums">{formatShortDate(p.reportDate)}</span>
                <span>{p.agency}</span>
                <Badge tone={p.isLead ? "info" : "neutral"} label={t(p.isLead ? "tasks.progress.lead" : "tasks.progress.coordinating")} />
                {p.percent !== null && <span className="font-medium tabular-nums">{t("tasks.progress.percent", { percent: p.percent })}</span>}
                <span className="text-stone-600">{p.authorName}</span>
              </div>
              <p className="mt-1 whitespace-pre-line">{p.body}</p>
            </li>
          ))}
        </ol>
      )}
      {may.reportProgress && (
        // Keyed by the number of reports: after a report is added the form starts empty again.
        <Form method="post" className="mt-4 border-t border-stone-200 pt-4" key={`progress-${detail.progress.length}`} noValidate>
          <FormKey />
          <h3 className="mb-3 font-semibold">{t(may.asCoordinator ? "tasks.progress.formContribute" : "tasks.progress.form")}</h3>
          <ReplyAlert reply={reply} />
          <TextAreaField
            label={t("tasks.progress.body")}
            name="body"
            error={reply?.errors?.body}
            defaultValue={valueOf(reply?.values, "body") ?? ""}
            required
            maxLength={4000}
          />
          <div className="grid gap-x-4 sm:grid-cols-2">
            <TextField
              label={t("tasks.progress.percentLabel")}
              name="percent"
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              hint={t("tasks.progress.percentHint")}
              error={reply?.errors?.percent}
              defaultValue={valueOf(reply?.values, "percent") ?? ""}
            />
            <TextField
              label={t("tasks.progress.reportDate")}
              name="reportDate"
              type="date"
              max={today}
              error={reply?.errors?.reportDate}
              defaultValue={valueOf(reply?.values, "reportDate") ?? today}
            />
          </div>
          <SubmitButton intent="report-progress">{t("tasks.progress.submit")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
