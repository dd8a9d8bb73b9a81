/** Progress on a task: the lead agency's reports and the coordinating agencies' contributions. */
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import type { Actor } from "~/utils/permissions";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import type { ProgressInput } from "./tasks-schemas";
import { allowedMove, readTask } from "./task-write-steps.server";

/** A progress report by the lead agency, or a coordinating agency's contribution. */
export async function reportProgress(
  actor: Actor,
  taskId: number,
  input: ProgressInput,
  today: string,
  options: WriteOptions = {},
): Promise<Outcome<{ progressReportId: number }>> {
  return write(
    actor,
    async (trx) => {
      // The route's guard lets only agencies report; a report belongs to an agency.
      if (actor.agencyId === null) throw refuse.forbidden();
      const agencyId = actor.agencyId;
      const task = await readTask(trx, taskId);
      allowedMove(task, { kind: "report_progress" }, today);
      const report = await trx
        .insertInto("progress_reports")
        .values({
          task_id: taskId,
          agency_id: agencyId,
          percent: input.percent,
          body: input.body,
          report_date: input.reportDate,
          created_by: actor.id,
          created_at: nowIso(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: agencyId === task.lead_agency_id ? "task.progress_reported" : "task.contribution_reported",
        entityType: "task",
        entityId: taskId,
        after: {
          progress_report_id: report.id,
          agency_id: agencyId,
          percent: report.percent,
          report_date: report.report_date,
          body: report.body,
        },
      });
      return { progressReportId: report.id };
    },
    options,
  );
}
