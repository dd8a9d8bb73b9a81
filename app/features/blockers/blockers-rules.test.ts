import { describe, expect, it } from "vitest";
import { BLOCKER_STATUSES, TRIAGE_DECISIONS } from "../../../db/schema";
import {
  acceptMeeting,
  blockerEditable,
  blockerNumber,
  canSubmit,
  canTriage,
  canWithdraw,
  isPublished,
  pullInMeeting,
  reasonRequired,
  targetMeeting,
  validMergeTarget,
  withdrawNeedsHead,
} from "./blockers-rules";

describe("blocker rules", () => {
  it("the agency edits until triage, and again when returned", () => {
    const editable = BLOCKER_STATUSES.filter(blockerEditable);
    expect(editable).toEqual(["draft", "submitted", "returned"]);
    expect(BLOCKER_STATUSES.filter(canSubmit)).toEqual(["draft", "returned"]);
    expect(BLOCKER_STATUSES.filter(canWithdraw)).toEqual(["draft", "submitted", "returned"]);
    expect(BLOCKER_STATUSES.filter(canTriage)).toEqual(["submitted"]);
  });

  const april = { id: 4, startsAt: "2023-04-07T01:30:00.000Z", cutoffAt: "2023-04-03T10:00:00.000Z", acceptsSubmissions: true };
  const may = { id: 5, startsAt: "2023-05-09T01:30:00.000Z", cutoffAt: "2023-05-04T10:00:00.000Z", acceptsSubmissions: true };

  it("aims a blocker at the first open meeting before its cut-off", () => {
    expect(targetMeeting([may, april], "2023-04-01T00:00:00.000Z")).toEqual({ meetingId: 4, late: false });
    expect(targetMeeting([april], "2023-04-03T10:00:00.000Z")).toEqual({ meetingId: 4, late: false });
  });

  it("after the cut-off it is late and goes to the next meeting", () => {
    expect(targetMeeting([april, may], "2023-04-03T10:00:00.001Z")).toEqual({ meetingId: 5, late: true });
  });

  it("late with no next meeting scheduled, it waits unassigned", () => {
    expect(targetMeeting([april], "2023-04-05T00:00:00.000Z")).toEqual({ meetingId: null, late: true });
    expect(targetMeeting([], "2023-04-05T00:00:00.000Z")).toEqual({ meetingId: null, late: false });
  });

  it("ignores meetings whose agenda is already published", () => {
    expect(targetMeeting([{ ...april, acceptsSubmissions: false }, may], "2023-04-01T00:00:00.000Z")).toEqual({ meetingId: 5, late: false });
  });

  it("merges only into another live blocker of the same series", () => {
    const b = { id: 1, seriesId: 1 };
    expect(validMergeTarget(b, { id: 2, seriesId: 1, status: "submitted" })).toBe(true);
    expect(validMergeTarget(b, { id: 2, seriesId: 1, status: "on_agenda" })).toBe(true);
    expect(validMergeTarget(b, { id: 1, seriesId: 1, status: "submitted" })).toBe(false);
    expect(validMergeTarget(b, { id: 2, seriesId: 2, status: "submitted" })).toBe(false);
    expect(validMergeTarget(b, { id: 2, seriesId: 1, status: "declined" })).toBe(false);
    expect(validMergeTarget(b, undefined)).toBe(false);
  });

  it("reads a typed blocker number as the pages and the merge list write it, and nothing else", () => {
    expect(blockerNumber("1234")).toBe(1234);
    expect(blockerNumber(" #1234 ")).toBe(1234);
    expect(blockerNumber("# 7")).toBe(7);
    for (const typed of ["", "#", "0", "-5", "12a", "1.234", "1e3", "0012", "12 34", "##12", "99999999999999999"]) {
      expect(blockerNumber(typed), typed).toBeNull();
    }
  });
});

describe("publication, withdrawal and reasons", () => {
  it("only blockers that reached an agenda are public", () => {
    expect(BLOCKER_STATUSES.filter(isPublished)).toEqual(["on_agenda", "resolved"]);
  });

  it("staff may drop a draft; a sent blocker is the head's to withdraw", () => {
    expect(withdrawNeedsHead("draft")).toBe(false);
    expect(withdrawNeedsHead("submitted")).toBe(true);
    expect(withdrawNeedsHead("returned")).toBe(true);
  });

  it("returning, declining and referring carry a reason; accepting and merging need none", () => {
    expect(TRIAGE_DECISIONS.filter(reasonRequired)).toEqual(["refer", "return", "decline"]);
  });
});

describe("the meeting of an accepted or pulled-in blocker", () => {
  const april = { id: 4, startsAt: "2023-04-07T01:30:00.000Z", cutoffAt: "2023-04-03T10:00:00.000Z", acceptsSubmissions: true };
  const may = { id: 5, startsAt: "2023-05-09T01:30:00.000Z", cutoffAt: "2023-05-04T10:00:00.000Z", acceptsSubmissions: true };
  const late = "2023-04-04T00:00:00.000Z";

  it("accepts onto the meeting it was aimed at while that agenda can change", () => {
    expect(acceptMeeting([april, may], { meetingId: 5, submittedAt: late })).toBe(5);
    expect(acceptMeeting([april, may], { meetingId: 4, submittedAt: late })).toBe(4);
  });

  it("when that agenda is published, or none was scheduled, takes the meeting it would be aimed at now", () => {
    const published = { ...april, acceptsSubmissions: false };
    expect(acceptMeeting([published, may], { meetingId: 4, submittedAt: "2023-04-01T00:00:00.000Z" })).toBe(5);
    expect(acceptMeeting([april, may], { meetingId: null, submittedAt: late })).toBe(5);
    expect(acceptMeeting([april], { meetingId: null, submittedAt: late })).toBeNull();
  });

  it("a late blocker can be pulled into the meeting it missed while that meeting accepts submissions", () => {
    const blocker = { status: "submitted" as const, isLate: true, meetingId: 5, submittedAt: late };
    expect(pullInMeeting([april, may], blocker)).toBe(4);
    expect(pullInMeeting([april, may], { ...blocker, meetingId: null })).toBe(4);
    expect(pullInMeeting([{ ...april, acceptsSubmissions: false }, may], blocker)).toBeNull();
  });

  it("nothing to pull in: on time, already pulled in, or already triaged", () => {
    const blocker = { status: "submitted" as const, isLate: true, meetingId: 5, submittedAt: late };
    expect(pullInMeeting([april, may], { ...blocker, isLate: false })).toBeNull();
    expect(pullInMeeting([april, may], { ...blocker, meetingId: 4 })).toBeNull();
    expect(pullInMeeting([april, may], { ...blocker, status: "on_agenda" })).toBeNull();
  });
});
