/** Cancellation: the chair ends a task that is no longer needed. */
import type { TaskStatus } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import type { Actor } from "~/utils/permissions";
import { write, type Outcome, type WriteOptions } from "~/utils/write.server";
import type { CancelInput } from "./tasks-schemas";
import { allowedMove, readTask, updateTask } from "./task-write-steps.server";

/** The chair cancels a task, with a reason; whatever still waited for a decision is closed with it. */
export async function cancelTask(
  actor: Actor,
  taskId: number,
  input: CancelInput,
  today: string,
  options: WriteOptions = {},
): Promise<Outcome<{ status: TaskStatus; version: number }>> {
  return write(
    actor,
    async (trx) => {
      const task = await readTask(trx, taskId, input.version);
      const status = allowedMove(task, { kind: "cancel" }, today);
      const decided = { status: "rejected" as const, decision_reason: input.cancelReason, decided_by: actor.id, decided_at: nowIso() };
      await trx.updateTable("extension_requests").set(decided).where("task_id", "=", taskId).where("status", "=", "pending").execute();
      await trx.updateTable("completion_reports").set(decided).where("task_id", "=", taskId).where("status", "=", "pending").execute();
      const after = await updateTask(trx, task, { status });
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "task.cancelled",
        entityType: "task",
        entityId: taskId,
        before: task,
        after: { ...after, reason: input.cancelReason },
      });
      return { status: after.status, version: after.version };
    },
    options,
  );
}
