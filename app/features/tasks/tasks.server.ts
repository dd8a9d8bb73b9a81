/**
 * The task register and the follow-up of each task (step 7 of the cycle):
 * progress, extensions, completion, acceptance, cancellation.
 *
 * One module per concern; this index lets callers import the feature from
 * one place. Reads scope drafts to the series' office in the query. Writes
 * go through `write` (ADR 22): they re-read the task inside the change, ask
 * `applyTaskMove` whether the move is allowed in the state they find, record
 * their audit event in the same transaction, and return an outcome.
 * `today` is always a parameter (a `YYYY-MM-DD` day in Vietnam) so that
 * deadline maths never depends on the server's zone.
 */
export { canSeeTask, loadTaskAccess, type TaskAccess } from "./task-access.server";
export { pendingExtension, TASK_LINE_COLUMNS, trackingCondition } from "./task-sql.server";
export {
  listTasks,
  REGISTER_EXPORT_LIMIT,
  REGISTER_PAGE_SIZE,
  registerOptions,
  registerScope,
  type ListOptions,
  type RegisterOptions,
  type RegisterPage,
  type RegisterRow,
  type RegisterScope,
} from "./task-register.server";
export { PENDING_SHOWN, pendingDecisionsFor, type PendingDecision } from "./pending-decisions.server";
export { getTaskDetail, type TaskDetail } from "./task-detail.server";
export { reportProgress } from "./task-progress.server";
export { decideExtension, requestExtension } from "./task-extensions.server";
export { decideCompletion, reportCompletion } from "./task-completion.server";
export { cancelTask } from "./task-cancel.server";
