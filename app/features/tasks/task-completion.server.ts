/** Completion: the lead agency reports the task done, the chair accepts it or returns it for more work. */
import type { TaskStatus } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import type { Actor } from "~/utils/permissions";
import { write, type Outcome, type WriteOptions } from "~/utils/write.server";
import type { CompletionDecisionInput, CompletionReportInput } from "./tasks-schemas";
import { allowedMove, closeRequest, hasPendingExtension, pendingRequest, readTask, updateTask } from "./task-write-steps.server";

/** The lead agency reports the task done, with evidence; it then awaits the chair's acceptance. */
export async function reportCompletion(
  actor: Actor,
  taskId: number,
  input: CompletionReportInput,
  today: string,
  options: WriteOptions = {},
): Promise<Outcome<{ completionReportId: number }>> {
  return write(
    actor,
    async (trx) => {
      const task = await readTask(trx, taskId, input.version);
      const status = allowedMove(task, { kind: "report_completion", completedOn: input.completedOn }, today);
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
      const after = await updateTask(trx, task, { status });
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
      return { completionReportId: report.id };
    },
    options,
  );
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
  options: WriteOptions = {},
): Promise<Outcome<{ status: TaskStatus; version: number }>> {
  return write(
    actor,
    async (trx) => {
      const task = await readTask(trx, taskId, input.version);
      const report = await pendingRequest(trx, "completion_reports", input.completionId, taskId);
      const status = allowedMove(
        task,
        accept ? { kind: "accept_completion", hasPendingExtension: await hasPendingExtension(trx, taskId) } : { kind: "return_completion" },
        today,
      );
      await closeRequest(trx, "completion_reports", report.id, accept, input.returnReason, actor.id);
      const after = await updateTask(trx, task, accept ? { status, completed_on: report.completed_on } : { status });
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: accept ? "task.completion_accepted" : "task.completion_returned",
        entityType: "task",
        entityId: taskId,
        before: task,
        after: { ...after, completion_report_id: report.id, decision_reason: input.returnReason },
      });
      return { status: after.status, version: after.version };
    },
    options,
  );
}
