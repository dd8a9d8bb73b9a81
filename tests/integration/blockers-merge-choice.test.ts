/**
 * The triage form's merge choice: the list offers the likeliest duplicates
 * (the same meeting's queue, newest first, capped); any other blocker of
 * the series is named by its number, checked on submission by the same
 * rule as a choice from the list, with a message that says what is wrong.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { BlockerStatus } from "../../db/schema";
import { MERGE_CHOICES } from "../../app/features/blockers/blockers-schemas";
import { action as blockerAction, loader as blockerLoader } from "../../app/routes/blockers.$blockerId";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
let april: number;
let may: number;
let otherSeries: number;

const db = () => getDb();
const DAY = 24 * 3600 * 1000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

async function meeting(seriesId: number, period: string, startsIn: number) {
  const { id } = await db()
    .insertInto("meetings")
    .values({
      series_id: seriesId,
      period,
      title: `Giao ban ${period}`,
      starts_at: inDays(startsIn),
      place: "Hội trường",
      cutoff_at: inDays(startsIn - 5),
      status: "open",
      updated_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

let seq = 0;
/** A blocker as triage finds it (the way it got there is the other tests' business). */
async function blocker(status: BlockerStatus, meetingId: number | null, seriesId = fx.seriesId): Promise<number> {
  seq += 1;
  const at = new Date().toISOString();
  const { id } = await db()
    .insertInto("blockers")
    .values({
      series_id: seriesId,
      agency_id: fx.agencyA,
      title: `Vướng mắc thử ${seq}`,
      description: "Mô tả.",
      pillar: "digital_data",
      severity: "medium",
      proposal: "Đề xuất.",
      status,
      meeting_id: meetingId,
      submitted_at: status === "draft" ? null : at,
      submitted_by: status === "draft" ? null : fx.users.headA,
      created_by: fx.users.staffA,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

const view = async (id: number, userId = fx.users.chair) => call(blockerLoader, await getRequest(`/blockers/${id}`, userId), { blockerId: String(id) });
const post = async (id: number, body: Record<string, string>, userId = fx.users.chair) =>
  call(blockerAction, await postRequest(`/blockers/${id}`, { intent: "triage", decision: "merge", ...body }, userId), { blockerId: String(id) });
const row = (id: number) => db().selectFrom("blockers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const offered = async (id: number) => ((await view(id)).data.office.mergeCandidates as Array<{ value: string }>).map((c) => Number(c.value));

beforeAll(async () => {
  fx = await seedFixture();
  april = await meeting(fx.seriesId, "2099-04", 20);
  may = await meeting(fx.seriesId, "2099-05", 50);
  otherSeries = (
    await db()
      .insertInto("series")
      .values({ code: "KHAC", name_vi: "Chuỗi khác", name_en: "Other", issuing_body: "UBND", notice_symbol: "TB-UBND", updated_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});

describe("what the merge list offers", () => {
  it("the same meeting's queue (awaiting triage or on its agenda), newest first; not the blocker itself, nor other meetings', nor settled ones", async () => {
    const id = await blocker("submitted", april);
    const queued = await blocker("submitted", april);
    const onAgenda = await blocker("on_agenda", april);
    const otherMeeting = await blocker("submitted", may);
    const referred = await blocker("referred", april);
    const declined = await blocker("declined", april);
    const draft = await blocker("draft", null);
    const list = await offered(id);
    expect(list).toContain(queued);
    expect(list).toContain(onAgenda);
    for (const absent of [id, otherMeeting, referred, declined, draft]) expect(list).not.toContain(absent);
    expect(list).toEqual([...list].sort((a, b) => b - a));
  });

  it("before any meeting, the others that wait for one", async () => {
    const waiting = await blocker("submitted", null);
    const alsoWaiting = await blocker("submitted", null);
    const aimed = await blocker("submitted", april);
    const list = await offered(waiting);
    expect(list).toContain(alsoWaiting);
    expect(list).not.toContain(aimed);
  });

  it(`is capped at ${MERGE_CHOICES}, the newest first`, async () => {
    const june = await meeting(fx.seriesId, "2099-06", 80);
    const ids: number[] = [];
    for (let i = 0; i < MERGE_CHOICES + 5; i++) ids.push(await blocker("submitted", june));
    const list = await offered(ids[0]);
    expect(list).toHaveLength(MERGE_CHOICES);
    expect(list[0]).toBe(ids[ids.length - 1]);
    expect(list).not.toContain(ids[1]);
  });
});

describe("merging into a blocker typed by its number", () => {
  it("merges into a blocker outside the offered list", async () => {
    const id = await blocker("submitted", april);
    const elsewhere = await blocker("submitted", may);
    expect(await offered(id)).not.toContain(elsewhere);
    const res = await post(id, { mergeIntoId: "", mergeIntoNumber: `#${elsewhere}` });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/blockers/${id}?done=decided`);
    expect(await row(id)).toMatchObject({ status: "merged", merged_into_id: elsewhere });
    const decision = await db().selectFrom("triage_decisions").selectAll().where("blocker_id", "=", id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ decision: "merge", merge_into_id: elsewhere, status: "approved" });
  });

  it("a typed number is used instead of the list's choice", async () => {
    const id = await blocker("submitted", april);
    const listed = await blocker("submitted", april);
    const referred = await blocker("referred", may);
    const res = await post(id, { mergeIntoId: String(listed), mergeIntoNumber: String(referred) });
    expect(res.status).toBe(302);
    expect((await row(id)).merged_into_id).toBe(referred);
  });

  it("a secretary's proposal names it by number too, and the chair's approval merges into it", async () => {
    const id = await blocker("submitted", april);
    const elsewhere = await blocker("on_agenda", may);
    const proposed = await post(id, { mergeIntoNumber: String(elsewhere) }, fx.users.secretary);
    expect(proposed.location).toBe(`/blockers/${id}?done=proposed`);
    const proposal = await db().selectFrom("triage_decisions").selectAll().where("blocker_id", "=", id).executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({ merge_into_id: elsewhere, status: "pending" });
    const approved = await call(blockerAction, await postRequest(`/blockers/${id}`, { intent: "approve", decisionId: String(proposal.id) }, fx.users.chair), {
      blockerId: String(id),
    });
    expect(approved.status).toBe(302);
    expect(await row(id)).toMatchObject({ status: "merged", merged_into_id: elsewhere });
  });

  it("refuses a number that is not one, one of no blocker the chair can see, and one that cannot take the merge; with a message on that field, changing nothing", async () => {
    const id = await blocker("submitted", april);
    const declined = await blocker("declined", april);
    const elsewhereUnseen = await blocker("submitted", null, otherSeries);
    const cases: Array<[string, string, Record<string, number> | undefined]> = [
      ["12a", "blockers.triage.mergeNumberInvalid", undefined],
      ["-4", "blockers.triage.mergeNumberInvalid", undefined],
      ["999999", "blockers.triage.mergeNotFound", { id: 999999 }],
      // Another series' blocker, not yet on an agenda: not the chair's to see, so it does not exist for them.
      [String(elsewhereUnseen), "blockers.triage.mergeNotFound", { id: elsewhereUnseen }],
      [String(declined), "blockers.triage.mergeNumberNotTarget", { id: declined }],
      [String(id), "blockers.triage.mergeNumberNotTarget", { id }],
    ];
    const before = await row(id);
    const events = await db()
      .selectFrom("audit_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    for (const [typed, key, params] of cases) {
      const res = await post(id, { mergeIntoId: "", mergeIntoNumber: typed, reason: "Trùng nội dung." });
      expect(res.status, typed).toBe(400);
      expect(res.data.errors.mergeIntoNumber.key, typed).toBe(key);
      if (params) expect(res.data.errors.mergeIntoNumber.params).toEqual(params);
      // The form comes back as typed.
      expect(res.data.values).toMatchObject({ mergeIntoNumber: typed, reason: "Trùng nội dung." });
    }
    expect(await row(id)).toEqual(before);
    expect(await db().selectFrom("triage_decisions").where("blocker_id", "=", id).select("id").execute()).toEqual([]);
    expect(
      await db()
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(events);
  });

  it("neither a choice nor a number asks for one", async () => {
    const id = await blocker("submitted", april);
    const res = await post(id, { mergeIntoId: "", mergeIntoNumber: " " });
    expect(res.status).toBe(400);
    expect(res.data.errors.mergeIntoId.key).toBe("blockers.triage.mergeChoose");
    expect((await row(id)).status).toBe("submitted");
  });
});
