/**
 * A blocker's life. Agency staff draft, the agency head submits; the chair
 * (or a secretary, pending the chair) triages. Pure: no Request, no db.
 */
import type { BlockerStatus, TriageDecision } from "../../../db/schema";

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
export function targetMeeting(
  meetings: readonly MeetingSlot[],
  now: string,
): { meetingId: number | null; late: boolean } {
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
