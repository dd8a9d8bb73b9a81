import { describe, expect, it } from "vitest";
import { BLOCKER_STATUSES } from "../../../db/schema";
import { blockerEditable, canSubmit, canTriage, canWithdraw, targetMeeting, validMergeTarget } from "./blockers-rules";

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
});
