/**
 * What the task pages decide without the database or the page: which forms
 * a reader of one task gets, where a write sends them back to and what it
 * says there, which reply of the action belongs to which form, and the
 * links of the register that keep its filters.
 */
import type { MessageKey } from "~/i18n";
import { addDaysToDay } from "~/utils/dates";
import { can, type Actor, type Resource } from "~/utils/permissions";
import type { FormFailure } from "~/utils/respond.server";
import { applyTaskMove, type TaskFacts, type TaskMove } from "./tasks-rules";
import { TASK_INTENTS, type TaskIntent } from "./tasks-schemas";

// ---------------------------------------------------------------------------
// One task's page

/** What the page needs to know about the task to decide its forms. */
export interface TaskOnPage extends TaskFacts {
  leadAgencyId: number;
  resource: Resource;
}

/** Which of the page's forms this reader gets; the action checks each again. */
export interface TaskPageAbilities {
  reportProgress: boolean;
  /** The progress form is a contribution: the reader's agency coordinates rather than leads. */
  asCoordinator: boolean;
  /** The reader may ask for more time on this task at all… */
  requestExtension: boolean;
  /** …and the task is in a state where asking is possible now (no request pending). */
  extensionPossible: boolean;
  reportCompletion: boolean;
  decideExtension: boolean;
  decideCompletion: boolean;
  cancel: boolean;
}

/** A date far enough ahead to ask "could an extension be requested at all" of the rules. */
const ANY_LATER_DAY = "9999-12-31";

export function leadsTask(user: Actor, task: Pick<TaskOnPage, "leadAgencyId">): boolean {
  return user.agencyId !== null && user.agencyId === task.leadAgencyId;
}

/** The lead agency reports progress; a coordinating one contributes to it, under its own permission. */
export function progressPermission(user: Actor, task: Pick<TaskOnPage, "leadAgencyId">) {
  return leadsTask(user, task) ? ("task:report-progress" as const) : ("task:contribute" as const);
}

/** A form is offered when the reader may do it and the task's state allows it today. */
export function taskPageAbilities(user: Actor, task: TaskOnPage, hasPendingExtension: boolean, today: string): TaskPageAbilities {
  const r = task.resource;
  const facts: TaskFacts = { status: task.status, deadline: task.deadline, completedOn: task.completedOn };
  const allowed = (ok: boolean, move: TaskMove) => ok && applyTaskMove(facts, move, today).ok;
  return {
    reportProgress: allowed(can(user, progressPermission(user, task), r), { kind: "report_progress" }),
    asCoordinator: !leadsTask(user, task),
    requestExtension: can(user, "task:request-extension", r) && task.status === "in_progress" && task.deadline !== null,
    extensionPossible: allowed(true, { kind: "request_extension", requestedDeadline: ANY_LATER_DAY, hasPendingExtension }),
    reportCompletion: allowed(can(user, "task:report-completion", r), { kind: "report_completion", completedOn: today }),
    decideExtension: hasPendingExtension && allowed(can(user, "extension:decide", r), { kind: "decide_extension", approve: true }),
    decideCompletion: allowed(can(user, "completion:decide", r), { kind: "return_completion" }),
    cancel: allowed(can(user, "task:cancel", r), { kind: "cancel" }),
  };
}

/**
 * What the action sends back when a submission is refused: the shared shape
 * (ADR 23) — the intent, the field errors or the form's message, and what
 * was typed. The page shows it on the form of that intent.
 */
export type TaskActionReply = FormFailure;

/** The reply of the last submission, if it came from one of these intents. */
export function replyFor(reply: TaskActionReply | undefined, intents: readonly TaskIntent[]): TaskActionReply | undefined {
  return reply && reply.intent !== null && (intents as readonly string[]).includes(reply.intent) ? reply : undefined;
}

/** The part of the page each write is about, so the reader lands where they were. */
const ANCHOR: Record<TaskIntent, string> = {
  "report-progress": "progress",
  "request-extension": "extensions",
  "approve-extension": "extensions",
  "reject-extension": "extensions",
  "report-completion": "completion",
  "accept-completion": "completion",
  "return-completion": "completion",
  cancel: "top",
};

const DONE_KEY: Record<TaskIntent, MessageKey> = {
  "report-progress": "tasks.done.reportProgress",
  "request-extension": "tasks.done.requestExtension",
  "approve-extension": "tasks.done.approveExtension",
  "reject-extension": "tasks.done.rejectExtension",
  "report-completion": "tasks.done.reportCompletion",
  "accept-completion": "tasks.done.acceptCompletion",
  "return-completion": "tasks.done.returnCompletion",
  cancel: "tasks.done.cancel",
};

/** Where a write that succeeded sends the reader: back to the task, at the part it changed, saying what was done. */
export function doneLocation(taskId: number, intent: TaskIntent): string {
  return `/tasks/${taskId}?done=${intent}#${ANCHOR[intent]}`;
}

/** The confirmation for the `done` parameter of the URL; anything else in it (a hand-edited link) shows nothing. */
export function doneMessage(done: string | null): MessageKey | null {
  return done && (TASK_INTENTS as readonly string[]).includes(done) ? DONE_KEY[done as TaskIntent] : null;
}

/** The first day an extension may ask for: after the current deadline, and never in the past. */
export function earliestRequestableDeadline(deadline: string | null, today: string): string {
  return deadline && addDaysToDay(deadline, 1) > today ? addDaysToDay(deadline, 1) : today;
}

/** The deadline a pending completion would be late against if accepted, or null when it is on time. */
export function lateAgainst(completedOn: string | undefined, deadline: string | null): string | null {
  return completedOn && deadline && completedOn > deadline ? deadline : null;
}

/** A conclusion's text cut short enough to stand in a list of the task's origins. */
export function excerpt(s: string): string {
  return s.length > 140 ? `${s.slice(0, 140)}…` : s;
}

// ---------------------------------------------------------------------------
// The register's links

/** The same register with some parameters changed; `null` removes one. Page resets unless given. */
export function registerHrefWith(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  for (const [k, v] of [...params.entries()]) if (v === "") params.delete(k);
  const s = params.toString();
  return s ? `/tasks?${s}` : "/tasks";
}

/** The export takes every page of the same filters. */
export function registerExportSearch(search: string): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Another page of the same register; page 1 is the bare URL. */
export function registerPageHref(search: string, page: number): string {
  const params = new URLSearchParams(search);
  if (page <= 1) params.delete("page");
  else params.set("page", String(page));
  const s = params.toString();
  return s ? `/tasks?${s}` : "/tasks";
}

/** The periods the filter offers: a period from a shared link stays selectable even when no task of this viewer's list has it. */
export function periodChoices(selected: string | null | undefined, periods: readonly string[]): string[] {
  return selected && !periods.includes(selected) ? [selected, ...periods] : [...periods];
}

/** Whether the register carries any parameter at all, so that "reset" has something to reset. */
export function registerIsFiltered(search: string): boolean {
  return search.replace(/^\?/, "").length > 0;
}
