/**
 * A meeting's life: Scheduled → Open for submissions → Agenda published →
 * In session → Concluded → Notice issued. One pure function decides every
 * move; the server applies it or answers 409.
 */
import type { MeetingStatus } from "../../../db/schema";

export const MEETING_TRANSITIONS = {
  open_submissions: { from: ["scheduled"], to: "open", by: ["chair", "secretary"] },
  publish_agenda: { from: ["scheduled", "open"], to: "agenda_published", by: ["chair"] },
  start_session: { from: ["agenda_published"], to: "in_session", by: ["chair", "secretary"] },
  conclude: { from: ["in_session"], to: "concluded", by: ["chair", "secretary"] },
  issue_notice: { from: ["concluded"], to: "notice_issued", by: ["chair"] },
} as const satisfies Record<string, { from: readonly MeetingStatus[]; to: MeetingStatus; by: readonly ("chair" | "secretary")[] }>;

export type MeetingTransition = keyof typeof MEETING_TRANSITIONS;
export const MEETING_TRANSITION_NAMES = Object.keys(MEETING_TRANSITIONS) as MeetingTransition[];

export type SeriesHat = "chair" | "secretary" | null;

export interface TransitionFacts {
  /** Agenda items that are not removed. */
  agendaItemCount: number;
  /** Agenda items still pending (neither concluded nor marked not reached). */
  pendingItemCount: number;
}

export type TransitionResult = { ok: true; to: MeetingStatus } | { ok: false; reason: "forbidden" | "wrong_state" | "empty_agenda" | "items_pending" };

export function transitionMeeting(status: MeetingStatus, transition: MeetingTransition, hat: SeriesHat, facts: TransitionFacts): TransitionResult {
  const rule = MEETING_TRANSITIONS[transition];
  if (!hat || !(rule.by as readonly string[]).includes(hat)) return { ok: false, reason: "forbidden" };
  if (!(rule.from as readonly string[]).includes(status)) return { ok: false, reason: "wrong_state" };
  if (transition === "publish_agenda" && facts.agendaItemCount === 0) return { ok: false, reason: "empty_agenda" };
  if (transition === "conclude" && facts.pendingItemCount > 0) return { ok: false, reason: "items_pending" };
  return { ok: true, to: rule.to };
}

/** Which moves the current user could make now (for buttons; the server still checks). */
export function availableTransitions(status: MeetingStatus, hat: SeriesHat): MeetingTransition[] {
  return MEETING_TRANSITION_NAMES.filter((name) => {
    const rule = MEETING_TRANSITIONS[name];
    return hat !== null && (rule.by as readonly string[]).includes(hat) && (rule.from as readonly string[]).includes(status);
  });
}

/** The agenda can be built and edited by hand until it is published. */
export function agendaEditable(status: MeetingStatus): boolean {
  return status === "scheduled" || status === "open";
}

/** Conclusions are recorded during the session and until the meeting is concluded. */
export function sessionOpen(status: MeetingStatus): boolean {
  return status === "in_session";
}

/** After the notice is issued the records are locked: changes are amendments. */
export function recordsLocked(status: MeetingStatus): boolean {
  return status === "notice_issued";
}

/** Submissions are accepted while the meeting has not published its agenda. */
export function acceptsSubmissions(status: MeetingStatus): boolean {
  return status === "scheduled" || status === "open";
}
