/** Completion: the lead agency reports the task done, the chair accepts it or returns it for more work. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { applyTaskMove } from "./tasks-rules";
import type { CompletionDecisionInput, CompletionReportInput } from "./tasks-schemas";
import {
  closeRequest,
  facts,
  hasPendingExtension,
  isStale,
  notPending,
  pendingRequest,
  readTask,
  refused,
  stale,
  updateTask,
  type WriteOutcome,
} from "./task-write-steps.server";

/** The lead agency reports the task done, with evidence; it then awaits the chair's acceptance. */
export async function reportCompletion(
  actor: Actor,
  taskId: number,
  input: CompletionReportInput,
  today: string,
  db: Kysely<Database> = getDb(),
): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const move = applyTaskMove(facts(task), { kind: "report_completion", completedOn: input.completedOn }, today);
    if (!move.ok) return refused(move, "report_completion");
    const report = await trx
      .insertInto("completion_reports")
      .values({
        task_id: taskId,
        result: input.result,
        evidence: input.evidence,
        completed_on: input.completedOn,
        created_by: actor.id,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = await updateTask(trx, task, { status: move.status });
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: "task.completion_reported",
      entityType: "task",
      entityId: taskId,
      before: task,
      after: {
        ...after,
        completion_report_id: report.id,
        reported_completed_on: report.completed_on,
        result: report.result,
        evidence: report.evidence,
      },
    });
    return { ok: true };
  });
}

/**
 * The chair accepts the reported completion (the task is completed on the
 * reported day, on time or late against the approved deadline) or returns
 * it for more work, with a reason.
 */
export async function decideCompletion(
  actor: Actor,
  taskId: number,
  accept: boolean,
  input: CompletionDecisionInput,
  today: string,
  db: Kysely<Database> = getDb(),
): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const report = await pendingRequest(trx, "completion_reports", input.completionId, taskId);
    if (!report) return notPending;
    const move = applyTaskMove(
      facts(task),
      accept ? { kind: "accept_completion", hasPendingExtension: await hasPendingExtension(trx, taskId) } : { kind: "return_completion" },
      today,
    );
    if (!move.ok) return refused(move, accept ? "accept_completion" : "return_completion");
    await closeRequest(trx, "completion_reports", report.id, accept, input.returnReason, actor.id);
    const after = await updateTask(trx, task, accept ? { status: move.status, completed_on: report.completed_on } : { status: move.status });
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: accept ? "task.completion_accepted" : "task.completion_returned",
      entityType: "task",
      entityId: taskId,
      before: task,
      after: { ...after, completion_report_id: report.id, decision_reason: input.returnReason },
    });
    return { ok: true };
  });
}
