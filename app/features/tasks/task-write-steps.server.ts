/**
 * The steps every write of a task takes: re-read the task inside the
 * transaction, refuse a form that saw an older version, ask `applyTaskMove`
 * whether the move is allowed in the state found, and update the task (or
 * close a request) with a `where` that makes a lost update impossible.
 */
import type { Selectable, Transaction } from "kysely";
import type { Database, TaskTable } from "../../../db/schema";
import type { MessageKey } from "~/i18n";
import { nowIso } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import type { MoveResult, TaskFacts, TaskMove } from "./tasks-rules";

export type TaskRow = Selectable<TaskTable>;

export type TaskConflictKey = Extract<MessageKey, `tasks.error.${string}`>;

export type WriteOutcome = { ok: true } | { ok: false; status: 400; errors: FieldErrors } | { ok: false; status: 409; messageKey: TaskConflictKey };

export const stale: WriteOutcome = { ok: false, status: 409, messageKey: "tasks.error.stale" };
export const notPending: WriteOutcome = { ok: false, status: 409, messageKey: "tasks.error.notPending" };

export function refused(result: Extract<MoveResult, { ok: false }>, move: TaskMove["kind"]): WriteOutcome {
  switch (result.reason) {
    case "wrong_state":
      return { ok: false, status: 409, messageKey: "tasks.error.wrongState" };
    case "extension_pending":
      return {
        ok: false,
        status: 409,
        messageKey: move === "accept_completion" ? "tasks.error.decideExtensionFirst" : "tasks.error.extensionPending",
      };
    case "no_deadline":
      return { ok: false, status: 409, messageKey: "tasks.error.noDeadline" };
    case "deadline_not_later":
      return { ok: false, status: 400, errors: { requestedDeadline: { key: "tasks.validation.notLater" } } };
    case "completed_in_future":
      return { ok: false, status: 400, errors: { completedOn: { key: "tasks.validation.notInFuture" } } };
  }
}

export const facts = (t: TaskRow): TaskFacts => ({ status: t.status, deadline: t.deadline, completedOn: t.completed_on });

export async function readTask(trx: Transaction<Database>, taskId: number): Promise<TaskRow> {
  return trx.selectFrom("tasks").where("id", "=", taskId).selectAll().executeTakeFirstOrThrow();
}

export async function hasPendingExtension(trx: Transaction<Database>, taskId: number): Promise<boolean> {
  const row = await trx.selectFrom("extension_requests").where("task_id", "=", taskId).where("status", "=", "pending").select("id").executeTakeFirst();
  return row !== undefined;
}

type RequestTable = "extension_requests" | "completion_reports";
type RequestRow<T extends RequestTable> = Selectable<T extends "extension_requests" ? Database["extension_requests"] : Database["completion_reports"]>;

/** The request the chair is deciding: this task's, and still pending; otherwise undefined. */
export async function pendingRequest<T extends RequestTable>(
  trx: Transaction<Database>,
  table: T,
  id: number,
  taskId: number,
): Promise<RequestRow<T> | undefined> {
  const row = await trx
    .selectFrom(table as RequestTable)
    .where("id", "=", id)
    .where("task_id", "=", taskId)
    .selectAll()
    .executeTakeFirst();
  return row && row.status === "pending" ? (row as RequestRow<T>) : undefined;
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

export const isStale = (task: TaskRow, version: number | null) => version !== null && version !== task.version;
