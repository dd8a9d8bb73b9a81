/** Extensions: the lead agency asks for a later deadline, the chair approves or rejects it. */
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import type { Actor } from "~/utils/permissions";
import { write, type Outcome, type WriteOptions } from "~/utils/write.server";
import type { ExtensionDecisionInput, ExtensionRequestInput } from "./tasks-schemas";
import { allowedMove, closeRequest, hasPendingExtension, pendingRequest, readTask, updateTask } from "./task-write-steps.server";

/** The lead agency asks for a later deadline; the task keeps its deadline until the chair decides. */
export async function requestExtension(
  actor: Actor,
  taskId: number,
  input: ExtensionRequestInput,
  today: string,
  options: WriteOptions = {},
): Promise<Outcome<{ extensionRequestId: number }>> {
  return write(
    actor,
    async (trx) => {
      const task = await readTask(trx, taskId, input.version);
      allowedMove(
        task,
        { kind: "request_extension", requestedDeadline: input.requestedDeadline, hasPendingExtension: await hasPendingExtension(trx, taskId) },
        today,
      );
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
      return { extensionRequestId: request.id };
    },
    options,
  );
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
  options: WriteOptions = {},
): Promise<Outcome<{ deadline: string | null; version: number }>> {
  return write(
    actor,
    async (trx) => {
      const task = await readTask(trx, taskId, input.version);
      const request = await pendingRequest(trx, "extension_requests", input.extensionId, taskId);
      allowedMove(task, { kind: "decide_extension", approve }, today);
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
      return { deadline: after.deadline, version: after.version };
    },
    options,
  );
}
