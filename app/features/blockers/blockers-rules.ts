/**
 * A blocker's life. Agency staff draft, the agency head submits; the chair
 * (or a secretary, pending the chair) triages. Pure: no Request, no db.
 */
import type { BlockerStatus, TriageDecision } from "../../../db/schema";
import { parseId } from "~/utils/forms";

/** The agency may still change its text: before triage, or when returned for more information. */
export function blockerEditable(status: BlockerStatus): boolean {
  return status === "draft" || status === "submitted" || status === "returned";
}

export function canSubmit(status: BlockerStatus): boolean {
  return status === "draft" || status === "returned";
}

export function canWithdraw(status: BlockerStatus): boolean {
  return status === "draft" || status === "submitted" || status === "returned";
}

export function canTriage(status: BlockerStatus): boolean {
  return status === "submitted";
}

/** The blocker status a triage decision leads to. */
export const TRIAGE_OUTCOME: Record<TriageDecision, BlockerStatus> = {
  accept: "on_agenda",
  merge: "merged",
  refer: "referred",
  return: "returned",
  decline: "declined",
};

export interface MeetingSlot {
  id: number;
  startsAt: string;
  cutoffAt: string;
  acceptsSubmissions: boolean;
}

/**
 * Which meeting a blocker submitted at `now` is aimed at: the first meeting
 * still accepting submissions. Past that meeting's cut-off it is late and
 * goes to the following one (or waits for one to be scheduled).
 */
export function targetMeeting(meetings: readonly MeetingSlot[], now: string): { meetingId: number | null; late: boolean } {
  const open = meetings.filter((m) => m.acceptsSubmissions).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const first = open[0];
  if (!first) return { meetingId: null, late: false };
  if (now <= first.cutoffAt) return { meetingId: first.id, late: false };
  const later = open.find((m) => m.id !== first.id && now <= m.cutoffAt);
  return { meetingId: later?.id ?? null, late: true };
}

/** A merge must point to another live blocker of the same series. */
export function validMergeTarget(
  blocker: { id: number; seriesId: number },
  target: { id: number; seriesId: number; status: BlockerStatus } | undefined,
): boolean {
  if (!target || target.id === blocker.id || target.seriesId !== blocker.seriesId) return false;
  return target.status === "submitted" || target.status === "on_agenda" || target.status === "referred";
}

/**
 * A blocker's number as someone types it to name a merge target: the id
 * its page and the lists show ("1234"), or as the merge list writes it
 * ("#1234"). Anything else is no number.
 */
export function blockerNumber(typed: string): number | null {
  return parseId(typed.trim().replace(/^#\s*/, ""));
}

/**
 * What everyone signed in may read: a blocker that reached an agenda.
 * Everything before that belongs to its agency and the series' office.
 */
export const PUBLISHED_BLOCKER_STATUSES = ["on_agenda", "resolved"] as const satisfies readonly BlockerStatus[];

export function isPublished(status: BlockerStatus): boolean {
  return (PUBLISHED_BLOCKER_STATUSES as readonly BlockerStatus[]).includes(status);
}

/** A draft is the staff's working paper; once sent, only the head may take it back. */
export function withdrawNeedsHead(status: BlockerStatus): boolean {
  return status !== "draft";
}

/**
 * Decisions the agency must be told the reason for: what to add, why not,
 * or what the referred agency is asked to do (it becomes the task's text).
 */
export function reasonRequired(decision: TriageDecision): boolean {
  return decision === "return" || decision === "decline" || decision === "refer";
}

/**
 * The meeting an accepted blocker goes on: the one it was aimed at while
 * that agenda can still change, else the meeting it would be aimed at now
 * by its submission time (a late blocker is not silently pulled in).
 */
export function acceptMeeting(meetings: readonly MeetingSlot[], current: { meetingId: number | null; submittedAt: string }): number | null {
  const aimed = meetings.find((m) => m.id === current.meetingId);
  if (aimed?.acceptsSubmissions) return aimed.id;
  return targetMeeting(meetings, current.submittedAt).meetingId;
}

/**
 * The meeting a late blocker missed, which the chair may still pull it into:
 * the earliest meeting still accepting submissions whose cut-off passed
 * before the blocker was sent, and which comes before the meeting it is
 * aimed at now. Only before triage.
 */
export function pullInMeeting(
  meetings: readonly MeetingSlot[],
  blocker: { status: BlockerStatus; isLate: boolean; meetingId: number | null; submittedAt: string | null },
): number | null {
  if (!blocker.isLate || blocker.status !== "submitted" || !blocker.submittedAt) return null;
  const submittedAt = blocker.submittedAt;
  const current = meetings.find((m) => m.id === blocker.meetingId);
  const missed = meetings
    .filter((m) => m.acceptsSubmissions && m.cutoffAt < submittedAt && m.id !== blocker.meetingId)
    .filter((m) => !current || m.startsAt < current.startsAt)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return missed[0]?.id ?? null;
}
