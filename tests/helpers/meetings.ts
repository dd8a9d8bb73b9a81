/** Steps of the meeting cycle that several integration tests take through the real actions. */
import { expect } from "vitest";
import { action as meetingAction } from "../../app/routes/meetings.$meetingId";
import { action as newMeeting } from "../../app/routes/meetings.new";
import type { Fixture } from "./fixtures";
import { call, postRequest, type Outcome } from "./requests";

/** The action's answer, which must be its success redirect (the data is shown when it is not). */
export async function expectRedirect(promise: Promise<Outcome>): Promise<Outcome> {
  const res = await promise;
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res;
}

/** Schedules a meeting of the fixture's series as its secretary; its id. */
export async function scheduleMeeting(fx: Fixture, period: string, day: string): Promise<number> {
  const res = await expectRedirect(
    call(
      newMeeting,
      await postRequest(
        "/meetings/new",
        { seriesId: String(fx.seriesId), period, day, time: "08:00", cutoffDay: `${period}-04`, cutoffTime: "17:00", place: "Trụ sở UBND tỉnh" },
        fx.users.secretary,
      ),
    ),
  );
  return Number(res.location!.match(/\/meetings\/(\d+)/)![1]);
}

/** Moves a meeting on by one of its transitions (open, publish, start, conclude…), as the given user. */
export async function moveMeeting(meetingId: number, transition: string, userId: number): Promise<Outcome> {
  return expectRedirect(
    call(meetingAction, await postRequest(`/meetings/${meetingId}`, { intent: "transition", transition }, userId), { meetingId: String(meetingId) }),
  );
}
