/** Cancellation: the chair ends a task that is no longer needed. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { applyTaskMove } from "./tasks-rules";
import type { CancelInput } from "./tasks-schemas";
import { facts, isStale, readTask, refused, stale, updateTask, type WriteOutcome } from "./task-write-steps.server";

/** The chair cancels a task, with a reason; whatever still waited for a decision is closed with it. */
export async function cancelTask(actor: Actor, taskId: number, input: CancelInput, today: string, db: Kysely<Database> = getDb()): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const move = applyTaskMove(facts(task), { kind: "cancel" }, today);
    if (!move.ok) return refused(move, "cancel");
    const decided = { status: "rejected" as const, decision_reason: input.cancelReason, decided_by: actor.id, decided_at: nowIso() };
    await trx.updateTable("extension_requests").set(decided).where("task_id", "=", taskId).where("status", "=", "pending").execute();
    await trx.updateTable("completion_reports").set(decided).where("task_id", "=", taskId).where("status", "=", "pending").execute();
    const after = await updateTask(trx, task, { status: move.status });
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: "task.cancelled",
      entityType: "task",
      entityId: taskId,
      before: task,
      after: { ...after, reason: input.cancelReason },
    });
    return { ok: true };
  });
}
