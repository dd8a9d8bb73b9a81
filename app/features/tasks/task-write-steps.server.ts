/**
 * The steps every write of a task takes inside its `write`: re-read the task
 * in the transaction, refuse a form that saw an older version, ask
 * `applyTaskMove` whether the move is allowed in the state found, and update
 * the task (or close a request) with a `where` that makes a lost update
 * impossible. A refusal is thrown (`refuse.*`), so `write` rolls back
 * whatever the change had done.
 */
import type { Selectable, Transaction } from "kysely";
import type { Database, TaskStatus, TaskTable } from "../../../db/schema";
import { nowIso } from "~/utils/dates";
import { refuse, type Refusal } from "~/utils/write.server";
import { applyTaskMove, type MoveResult, type TaskMove } from "./tasks-rules";

export type TaskRow = Selectable<TaskTable>;

/** Why the rules refused a move, as the refusal the reader sees: a message, or the field to correct. */
function refusalOf(reason: Extract<MoveResult, { ok: false }>["reason"], move: TaskMove["kind"]): Refusal {
  switch (reason) {
    case "wrong_state":
      return refuse.conflict("tasks.error.wrongState");
    case "extension_pending":
      return refuse.conflict(move === "accept_completion" ? "tasks.error.decideExtensionFirst" : "tasks.error.extensionPending");
    case "no_deadline":
      return refuse.conflict("tasks.error.noDeadline");
    case "deadline_not_later":
      return refuse.invalid({ requestedDeadline: { key: "tasks.validation.notLater" } });
    case "completed_in_future":
      return refuse.invalid({ completedOn: { key: "tasks.validation.notInFuture" } });
  }
}

/** The status the move leads to, if the rules allow it in the state the task is in now; otherwise the change is refused. */
export function allowedMove(task: TaskRow, move: TaskMove, today: string): TaskStatus {
  const result = applyTaskMove({ status: task.status, deadline: task.deadline, completedOn: task.completed_on }, move, today);
  if (!result.ok) throw refusalOf(result.reason, move.kind);
  return result.status;
}

/**
 * The task as it is now, inside the change. `version` is the one the form
 * was shown (null: the form did not say); a form that saw an older one is
 * refused rather than applied to a task it did not see.
 */
export async function readTask(trx: Transaction<Database>, taskId: number, version: number | null = null): Promise<TaskRow> {
  const task = await trx.selectFrom("tasks").where("id", "=", taskId).selectAll().executeTakeFirst();
  if (!task) throw refuse.notFound();
  if (version !== null && version !== task.version) throw refuse.conflict("tasks.error.stale");
  return task;
}

export async function hasPendingExtension(trx: Transaction<Database>, taskId: number): Promise<boolean> {
  const row = await trx.selectFrom("extension_requests").where("task_id", "=", taskId).where("status", "=", "pending").select("id").executeTakeFirst();
  return row !== undefined;
}

type RequestTable = "extension_requests" | "completion_reports";
type RequestRow<T extends RequestTable> = Selectable<T extends "extension_requests" ? Database["extension_requests"] : Database["completion_reports"]>;

/** The request the chair is deciding: this task's, and still pending; otherwise the decision is refused (decided already). */
export async function pendingRequest<T extends RequestTable>(trx: Transaction<Database>, table: T, id: number, taskId: number): Promise<RequestRow<T>> {
  const row = await trx
    .selectFrom(table as RequestTable)
    .where("id", "=", id)
    .where("task_id", "=", taskId)
    .selectAll()
    .executeTakeFirst();
  if (!row || row.status !== "pending") throw refuse.conflict("tasks.error.notPending");
  return row as RequestRow<T>;
}

/** Records the chair's decision on a pending request; the `where` on its status makes deciding twice impossible. */
export async function closeRequest(trx: Transaction<Database>, table: RequestTable, id: number, approve: boolean, reason: string | null, actorId: number) {
  await trx
    .updateTable(table)
    .set({ status: approve ? "approved" : "rejected", decision_reason: reason, decided_by: actorId, decided_at: nowIso() })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
}

/** Every update of a task bumps its version; the `where` on the old one makes a lost update impossible. */
export async function updateTask(
  trx: Transaction<Database>,
  before: TaskRow,
  changes: Partial<Pick<TaskRow, "status" | "deadline" | "original_deadline" | "completed_on">>,
): Promise<TaskRow> {
  return trx
    .updateTable("tasks")
    .set({ ...changes, version: before.version + 1, updated_at: nowIso() })
    .where("id", "=", before.id)
    .where("version", "=", before.version)
    .returningAll()
    .executeTakeFirstOrThrow();
}
