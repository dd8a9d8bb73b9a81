/**
 * The agenda is built by rule, then edited by hand. `buildAgenda` is pure:
 * from the meeting, its accepted blockers, the series' tasks, the previous
 * meeting's unreached items and the items already on this agenda, it says
 * which items to add and which rule items no longer apply.
 *
 * Building again is idempotent: an item is identified by what it is about
 * (a task, a blocker, or the item it carries over), and an identity already
 * on the agenda — even one removed by hand — is never added again.
 */
import type { AgendaItemKind, AgendaItemOutcome, Severity, TaskStatus } from "../../../db/schema";

export interface AgendaMeeting {
  /** The meeting day in Vietnam, `YYYY-MM-DD`. */
  day: string;
  previousMeetingId: number | null;
}

export interface AcceptedBlocker {
  id: number;
  title: string;
  agencyId: number;
  severity: Severity;
  submittedAt: string;
}

export interface SeriesTask {
  id: number;
  /**
   * Absent when the loader leaves it to the database: the rule decides
   * without it, and a province's ~10k due tasks are read faster without
   * their titles (see PlannedItem.title).
   */
  title?: string;
  status: TaskStatus;
  leadAgencyId: number;
  /** The approved deadline, after any extension. */
  deadline: string | null;
  reportNextMeeting: boolean;
  /** The meeting whose conclusion created the task. */
  originMeetingId: number | null;
  /** How many earlier meetings already had this task on their agenda. */
  timesOnAgenda: number;
}

export interface PriorItem {
  id: number;
  kind: AgendaItemKind;
  title: string;
  blockerId: number | null;
  taskId: number | null;
  presenterAgencyId: number | null;
  minutes: number | null;
  carryCount: number;
  outcome: AgendaItemOutcome;
  removed: boolean;
}

export interface ExistingItem {
  id: number;
  position: number;
  source: "rule" | "manual";
  blockerId: number | null;
  taskId: number | null;
  carriedFromItemId: number | null;
  removed: boolean;
  outcome: AgendaItemOutcome;
}

export type AgendaReason = "accepted_blocker" | "overdue" | "due" | "flagged" | "not_reached";

export interface PlannedItem {
  kind: AgendaItemKind;
  /** Null for a task whose title was not loaded: the item takes its task's title when it is stored. */
  title: string | null;
  blockerId: number | null;
  taskId: number | null;
  carriedFromItemId: number | null;
  carryCount: number;
  presenterAgencyId: number | null;
  minutes: number | null;
  position: number;
  reasons: readonly AgendaReason[];
}

export interface AgendaInput {
  meeting: AgendaMeeting;
  acceptedBlockers: readonly AcceptedBlocker[];
  /** The series' tasks, or any subset that keeps every task with a reason or on the previous agenda. */
  tasks: readonly SeriesTask[];
  previousItems: readonly PriorItem[];
  existing: readonly ExistingItem[];
}

export interface AgendaPlan {
  add: PlannedItem[];
  /** Rule items, untouched by the session, whose reason has gone (e.g. the task was completed). */
  stale: number[];
}

export const DEFAULT_MINUTES: Record<AgendaItemKind, number> = {
  carried_over: 10,
  follow_up_task: 5,
  new_blocker: 10,
  report: 10,
  other: 5,
};

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * What an item is about, as one number: the task's, blocker's or carried
 * item's id times three, plus 0, 1 or 2 for which. A number rather than a
 * "task:12" text: a large province's agenda has ~10k, and sets of small
 * numbers cost neither a text each nor hashing it.
 */
function identity(item: { taskId: number | null; blockerId: number | null; carriedFromItemId: number | null }): number | null {
  if (item.taskId !== null) return item.taskId * 3;
  if (item.blockerId !== null) return item.blockerId * 3 + 1;
  if (item.carriedFromItemId !== null) return item.carriedFromItemId * 3 + 2;
  return null;
}

/** Orders ISO dates and timestamps, which sort as text; plain comparison, not the collator of `localeCompare`. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every answer taskReasons can give, made once and frozen: ~10k tasks of a
 * large province share five lists rather than having one each.
 */
const TASK_REASONS: Record<"" | "overdue" | "due", { plain: readonly AgendaReason[]; flagged: readonly AgendaReason[] }> = {
  "": { plain: Object.freeze([]), flagged: Object.freeze(["flagged"]) },
  overdue: { plain: Object.freeze(["overdue"]), flagged: Object.freeze(["overdue", "flagged"]) },
  due: { plain: Object.freeze(["due"]), flagged: Object.freeze(["due", "flagged"]) },
};

/** The reasons a task belongs on this meeting's agenda; empty when it does not. */
export function taskReasons(task: SeriesTask, meeting: AgendaMeeting): readonly AgendaReason[] {
  if (task.status !== "in_progress") return TASK_REASONS[""].plain;
  const timing = task.deadline === null ? "" : task.deadline < meeting.day ? "overdue" : task.deadline === meeting.day ? "due" : "";
  const flagged = task.reportNextMeeting && meeting.previousMeetingId !== null && task.originMeetingId === meeting.previousMeetingId;
  return TASK_REASONS[timing][flagged ? "flagged" : "plain"];
}

/**
 * Everything the rule puts on the agenda, in the order a meeting takes it,
 * each with its identity (computed once: a large province has ~10k). The
 * items are made here with position 0, and buildAgenda numbers those it adds.
 */
function qualify(input: Omit<AgendaInput, "existing">): { items: PlannedItem[]; ids: (number | null)[]; claimed: Set<number> } {
  const out: PlannedItem[] = [];
  const ids: (number | null)[] = [];
  const claimed = new Set<number>();
  const push = (item: PlannedItem) => {
    const id = identity(item);
    if (id !== null && claimed.has(id)) return;
    if (id !== null) claimed.add(id);
    out.push(item);
    ids.push(id);
  };

  // 1. What the previous meeting did not reach comes first.
  for (const prior of input.previousItems) {
    if (prior.removed || prior.outcome !== "not_reached") continue;
    const task = prior.taskId === null ? undefined : input.tasks.find((t) => t.id === prior.taskId);
    // A carried task that has since been completed or cancelled no longer needs the meeting.
    if (task && task.status !== "in_progress") continue;
    push({
      kind: "carried_over",
      title: prior.title,
      blockerId: prior.blockerId,
      taskId: prior.taskId,
      carriedFromItemId: prior.id,
      carryCount: prior.carryCount + 1,
      presenterAgencyId: prior.presenterAgencyId,
      minutes: prior.minutes ?? DEFAULT_MINUTES.carried_over,
      position: 0,
      // A carried task still shows whether it is overdue.
      reasons: ["not_reached", ...(task ? taskReasons(task, input.meeting).filter((r) => r !== "flagged") : [])],
    });
  }

  // 2. Tasks overdue, due on the meeting day, or flagged to report back — earliest deadline first.
  const tasks: { task: SeriesTask; reasons: readonly AgendaReason[] }[] = [];
  for (const task of input.tasks) {
    const reasons = taskReasons(task, input.meeting);
    if (reasons.length > 0) tasks.push({ task, reasons });
  }
  tasks.sort((a, b) => compareText(a.task.deadline ?? "9999", b.task.deadline ?? "9999") || a.task.id - b.task.id);
  for (const { task, reasons } of tasks) {
    push({
      kind: "follow_up_task",
      title: task.title ?? null,
      blockerId: null,
      taskId: task.id,
      carriedFromItemId: null,
      carryCount: task.timesOnAgenda,
      presenterAgencyId: task.leadAgencyId,
      minutes: DEFAULT_MINUTES.follow_up_task,
      position: 0,
      reasons,
    });
  }

  // 3. New blockers the chair accepted — most severe first, then first come.
  const blockers = [...input.acceptedBlockers].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareText(a.submittedAt, b.submittedAt) || a.id - b.id,
  );
  for (const b of blockers) {
    push({
      kind: "new_blocker",
      title: b.title,
      blockerId: b.id,
      taskId: null,
      carriedFromItemId: null,
      carryCount: 0,
      presenterAgencyId: b.agencyId,
      minutes: DEFAULT_MINUTES.new_blocker,
      position: 0,
      reasons: ["accepted_blocker"],
    });
  }
  return { items: out, ids, claimed };
}

export function buildAgenda(input: AgendaInput): AgendaPlan {
  const { items: wanted, ids: wantedIdList, claimed: wantedIds } = qualify(input);
  const present = new Set(input.existing.map(identity).filter((id): id is number => id !== null));

  // A rule item is always about something (a task, a blocker or a carried item); one whose reason has gone is stale.
  const stale = input.existing
    .filter((e) => {
      if (e.source !== "rule" || e.removed || e.outcome !== "pending") return false;
      const id = identity(e);
      return id === null || !wantedIds.has(id);
    })
    .map((e) => e.id);
  const staleSet = new Set(stale);

  let position = 0;
  for (const e of input.existing) if (!staleSet.has(e.id) && e.position > position) position = e.position;
  const add: PlannedItem[] = [];
  for (let i = 0; i < wanted.length; i++) {
    const item = wanted[i];
    const id = wantedIdList[i];
    if (id === null || !present.has(id)) {
      // The item qualify just made for this plan is numbered in place rather than copied: ~10k in a large province.
      item.position = ++position;
      add.push(item);
    }
  }
  return { add, stale };
}
