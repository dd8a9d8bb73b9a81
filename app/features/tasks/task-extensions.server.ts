/** Extensions: the lead agency asks for a later deadline, the chair approves or rejects it. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { applyTaskMove } from "./tasks-rules";
import type { ExtensionDecisionInput, ExtensionRequestInput } from "./tasks-schemas";
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

/** The lead agency asks for a later deadline; the task keeps its deadline until the chair decides. */
export async function requestExtension(
  actor: Actor,
  taskId: number,
  input: ExtensionRequestInput,
  today: string,
  db: Kysely<Database> = getDb(),
): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const move = applyTaskMove(
      facts(task),
      {
        kind: "request_extension",
        requestedDeadline: input.requestedDeadline,
        hasPendingExtension: await hasPendingExtension(trx, taskId),
      },
      today,
    );
    if (!move.ok) return refused(move, "request_extension");
    const request = await trx
      .insertInto("extension_requests")
      .values({
        task_id: taskId,
        previous_deadline: task.deadline,
        requested_deadline: input.requestedDeadline,
        reason: input.reason,
        created_by: actor.id,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: "task.extension_requested",
      entityType: "task",
      entityId: taskId,
      after: {
        extension_request_id: request.id,
        previous_deadline: request.previous_deadline,
        requested_deadline: request.requested_deadline,
        reason: request.reason,
      },
    });
    return { ok: true };
  });
}

/**
 * The chair's decision on the pending extension. Approval moves the
 * deadline; the original deadline stays as it was and the request keeps the
 * deadline it replaced.
 */
export async function decideExtension(
  actor: Actor,
  taskId: number,
  approve: boolean,
  input: ExtensionDecisionInput,
  today: string,
  db: Kysely<Database> = getDb(),
): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const request = await pendingRequest(trx, "extension_requests", input.extensionId, taskId);
    if (!request) return notPending;
    const move = applyTaskMove(facts(task), { kind: "decide_extension", approve }, today);
    if (!move.ok) return refused(move, "decide_extension");
    await closeRequest(trx, "extension_requests", request.id, approve, input.decisionReason, actor.id);
    const after = approve
      ? await updateTask(trx, task, {
          deadline: request.requested_deadline,
          // A task created without its original on record keeps the one this extension replaced.
          original_deadline: task.original_deadline ?? request.previous_deadline,
        })
      : task;
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: approve ? "task.extension_approved" : "task.extension_rejected",
      entityType: "task",
      entityId: taskId,
      before: approve ? task : undefined,
      after: approve
        ? { ...after, extension_request_id: request.id, decision_reason: input.decisionReason }
        : { extension_request_id: request.id, requested_deadline: request.requested_deadline, decision_reason: input.decisionReason },
    });
    return { ok: true };
  });
}
