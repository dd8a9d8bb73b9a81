/** Progress on a task: the lead agency's reports and the coordinating agencies' contributions. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { applyTaskMove } from "./tasks-rules";
import type { ProgressInput } from "./tasks-schemas";
import { facts, readTask, refused, type WriteOutcome } from "./task-write-steps.server";

/** A progress report by the lead agency, or a coordinating agency's contribution. */
export async function reportProgress(actor: Actor, taskId: number, input: ProgressInput, today: string, db: Kysely<Database> = getDb()): Promise<WriteOutcome> {
  if (actor.agencyId === null) throw new Error("reportProgress: the actor has no agency");
  const agencyId = actor.agencyId;
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    const move = applyTaskMove(facts(task), { kind: "report_progress" }, today);
    if (!move.ok) return refused(move, "report_progress");
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
    return { ok: true };
  });
}
