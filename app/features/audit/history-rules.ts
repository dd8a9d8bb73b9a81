/**
 * Who may read which history event. Pure: no Request, no db.
 *
 * The rule: a reader sees an event only if they could have seen the record
 * in the state the event describes. An agency's drafts and returns stay
 * with that agency and the series' office; a task is the office's until its
 * notice is issued; a meeting's agenda items and conclusions are the
 * office's until the notice publishes them; a notice is the office's until
 * it is issued. The office's own triage proposals are its working papers.
 */
import { BLOCKER_STATUSES, MEETING_STATUSES, NOTICE_STATUSES, TASK_STATUSES } from "../../../db/schema";
import type { Actor } from "~/utils/permissions";
import { seriesHat } from "~/utils/series-hat";
import { isPublished } from "~/features/blockers/blockers-rules";
import { recordsLocked } from "~/features/meetings/meetings-rules";

/** How the reader stands to the record: its series' chair or secretary, its own agency, or anyone else signed in. */
export type Relation = "office" | "agency" | "outsider";

export function relationTo(actor: Actor, record: { seriesId: number; agencyId: number | null }): Relation {
  if (seriesHat(actor, record.seriesId) !== null) return "office";
  const agencyUser = actor.role === "agency_head" || actor.role === "agency_staff";
  if (agencyUser && actor.agencyId !== null && actor.agencyId === record.agencyId) return "agency";
  return "outsider";
}

/** The records whose history is shown outside /admin. Agenda items and conclusions are parts of their meeting. */
export type HistoryKind = "blocker" | "task" | "meeting" | "notice" | "agenda_item" | "conclusion";

export interface AuditEventLike {
  entityType: string;
  entityId: number | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** An event as a reader gets it: `before` is null and `beforeWithheld` true when the earlier state was not theirs to see. */
export type ReadableEvent<E extends AuditEventLike> = E & { beforeWithheld: boolean };

/** Kinds that carry their own `status`; the state of anything else is its meeting's. */
type StatusKind = "blocker" | "task" | "meeting" | "notice";
const STATUSES: Record<StatusKind, readonly string[]> = {
  blocker: BLOCKER_STATUSES,
  task: TASK_STATUSES,
  meeting: MEETING_STATUSES,
  notice: NOTICE_STATUSES,
};
const isStatusKind = (kind: string): kind is StatusKind => kind in STATUSES;

/** Parts of a meeting with no status of their own: they are as public as the meeting's records. */
const MEETING_PARTS = new Set(["agenda_item", "conclusion"]);

/**
 * Events about a triage proposal (its row, not the blocker's) and who may
 * read them. A pending or rejected proposal never became a decision, so it
 * stays with the office; an approved one is the decision the agency got.
 */
const PAPERS: Readonly<Record<string, readonly Relation[]>> = {
  "blocker.triage_proposed": ["office"],
  "blocker.triage_rejected": ["office"],
  "blocker.triage_approved": ["office", "agency"],
};

/** Whether a reader could see a record of this kind in this state (null: a state the history does not tell). */
export function stateReadable(kind: string, status: string | null, relation: Relation): boolean {
  if (relation === "office") return true;
  switch (kind) {
    case "meeting":
      // A meeting's date, place and stage are everyone's from the day it is scheduled.
      return true;
    case "blocker":
      return relation === "agency" || (status !== null && isPublished(status as (typeof BLOCKER_STATUSES)[number]));
    case "task":
      // Not even the lead agency sees a draft task (permissions.ts, task:read).
      return status !== null && status !== "draft";
    case "notice":
      return status === "issued";
    case "agenda_item":
    case "conclusion":
      // The meeting's status: the notice publishes what the session recorded
      // (and nothing on the agenda changes between its publication and then).
      return status !== null && recordsLocked(status as (typeof MEETING_STATUSES)[number]);
    default:
      // Admin records (agencies, users, series) are not read through here.
      return false;
  }
}

/** Which status line an event belongs to: its own record's, or its meeting's. */
function laneOf(e: AuditEventLike): string {
  return MEETING_PARTS.has(e.entityType) || e.entityType === "meeting" ? "meeting" : `${e.entityType}:${e.entityId}`;
}

function statusIn(kind: string, value: Record<string, unknown> | null): string | null {
  if (!isStatusKind(kind) || !value || typeof value.status !== "string") return null;
  return STATUSES[kind].includes(value.status) ? value.status : null;
}

/**
 * The status each event found its record (or meeting) in and left it in,
 * replayed from the oldest event. Events that do not carry the status (a
 * progress report, a rebuilt agenda, an item's conclusion, a triage
 * proposal) leave it as it was. Before the first event that tells it, the
 * status is that event's `before` status; when no event tells it at all,
 * it is the record's status now — a record no event moved has always been
 * as it is. Otherwise it is unknown (null), which only the office may read.
 */
function replayStates(events: readonly AuditEventLike[], now: Readonly<Record<string, string | null>>) {
  const tells = (e: AuditEventLike, side: "before" | "after") => (PAPERS[e.action] ? null : statusIn(e.entityType, e[side]));
  const startOf = (lane: string, from: number): string | null => {
    for (const e of events.slice(from)) {
      if (laneOf(e) !== lane) continue;
      const before = tells(e, "before");
      if (before !== null) return before;
      if (tells(e, "after") !== null) return null;
    }
    return now[lane] ?? null;
  };
  const current = new Map<string, string | null>();
  return events.map((e, i) => {
    const lane = laneOf(e);
    if (!current.has(lane)) current.set(lane, startOf(lane, i));
    const before = tells(e, "before") ?? current.get(lane) ?? null;
    const after = tells(e, "after") ?? before;
    current.set(lane, after);
    return { before, after };
  });
}

/**
 * The events a reader may see, oldest first as given. An event is shown
 * when the reader could see the record in the state it left it in (for a
 * deletion, the state it was deleted from) — so a draft being written,
 * returned and rewritten is invisible to outsiders, and its acceptance is
 * not. When the state before was not the reader's to see, the event is
 * shown without its `before`: that is exactly where the draft text, the
 * return reason or the unissued notice would otherwise show. Field by field
 * redaction is not enough: the earlier value of any field is what the
 * record said while it was private.
 *
 * `now` gives each record's present status by lane ("blocker:12",
 * "task:7", "meeting", "notice:3"), used only when no event tells it.
 */
export function readableHistory<E extends AuditEventLike>(
  events: readonly E[],
  relation: Relation,
  now: Readonly<Record<string, string | null>> = {},
): ReadableEvent<E>[] {
  const states = replayStates(events, now);
  const out: ReadableEvent<E>[] = [];
  events.forEach((e, i) => {
    const papers = PAPERS[e.action];
    if (papers && !papers.includes(relation)) return;
    const kind = e.entityType;
    const stateOf = (status: string | null) => stateReadable(kind, status, relation);
    const described = e.after === null ? states[i].before : states[i].after;
    if (!stateOf(described)) return;
    const withhold = e.before !== null && !stateOf(states[i].before);
    out.push({ ...e, before: withhold ? null : e.before, beforeWithheld: withhold });
  });
  return out;
}
