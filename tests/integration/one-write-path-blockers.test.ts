/**
 * Blockers on the one write path (ADR 22): a form sent twice with its
 * one-time key is stored once and the second answer is the first one's
 * redirect; a refusal (400 or 409) changes nothing, records nothing and
 * leaves its key unspent, so the corrected form sent with it is stored.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as blockerAction } from "../../app/routes/blockers.$blockerId";
import { action as newBlocker } from "../../app/routes/blockers.new";
import { addDaysToDay, vnToday } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
  // A meeting still taking submissions, so that a sent blocker has somewhere to go.
  const soon = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
  await db()
    .insertInto("meetings")
    .values({
      series_id: fx.seriesId,
      period: "2099-04",
      title: "Giao ban 2099-04",
      starts_at: soon(20),
      place: "Hội trường",
      cutoff_at: soon(15),
      status: "open",
      updated_at: new Date().toISOString(),
    })
    .execute();
});

const db = () => getDb();
const count = async (table: "blockers" | "tasks" | "triage_decisions" | "audit_events") =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const keyStored = async (key: string) => (await db().selectFrom("form_submissions").where("key", "=", key).select("key").execute()).length > 0;
const titled = (title: string) => db().selectFrom("blockers").where("title", "=", title).select("id").execute();

const fields = (title: string, over: Record<string, string> = {}) => ({
  seriesId: String(fx.seriesId),
  title,
  description: "Dữ liệu đất đai chưa được chia sẻ với hệ thống một cửa của huyện.",
  pillar: "digital_data",
  severity: "high",
  helpAgencyId: "",
  proposal: "Đề nghị Sở Tài nguyên và Môi trường mở kết nối trước ngày 30.",
  planTarget: "",
  ...over,
});

const create = async (body: Record<string, string>, userId = fx.users.headA) => call(newBlocker, await postRequest("/blockers/new", body, userId));
const post = async (id: number, body: Record<string, string>, userId: number) =>
  call(blockerAction, await postRequest(`/blockers/${id}`, body, userId), { blockerId: String(id) });

async function submitted(title: string): Promise<number> {
  const res = await create({ ...fields(title), intent: "submit" });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return Number(/\/blockers\/(\d+)/.exec(res.location!)![1]);
}

describe("a new blocker", () => {
  it("sent twice with its key, is one blocker, and the second answer is the first one's redirect", async () => {
    const body = { ...fields("Gửi hai lần: phần mềm một cửa"), intent: "submit", _key: "blk-new.twice" };
    const first = await create(body);
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/^\/blockers\/\d+\?done=submitted$/);
    const events = await count("audit_events");
    const again = await create(body);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await titled("Gửi hai lần: phần mềm một cửa")).toHaveLength(1);
    expect(await count("audit_events")).toBe(events);
  });

  it("refused inside its change (400: a series the agency is not part of) stores nothing, and the corrected form with the same key is stored", async () => {
    const other = await db()
      .insertInto("series")
      .values({ code: "KHAC", name_vi: "Chuỗi khác", name_en: "Other", issuing_body: "UBND", notice_symbol: "TB-UBND", updated_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const key = "blk-new.refused";
    const [blockers, events] = [await count("blockers"), await count("audit_events")];
    const refused = await create({ ...fields("Sửa rồi gửi lại"), seriesId: String(other.id), intent: "save", _key: key });
    expect(refused.status).toBe(400);
    expect(refused.data.errors.seriesId.key).toBe("blockers.field.series.invalid");
    // What was typed comes back, without the key.
    expect(refused.data.values.title).toBe("Sửa rồi gửi lại");
    expect(refused.data.values._key).toBeUndefined();
    expect(await count("blockers")).toBe(blockers);
    expect(await count("audit_events")).toBe(events);
    expect(await keyStored(key)).toBe(false);

    const corrected = await create({ ...fields("Sửa rồi gửi lại"), intent: "save", _key: key });
    expect(corrected.status).toBe(302);
    expect(corrected.location).toMatch(/\?done=created$/);
    expect(await titled("Sửa rồi gửi lại")).toHaveLength(1);
  });
});

describe("a triage decision", () => {
  it("a referral sent twice with its key makes one task and one decision, and the second answer is the first one's redirect", async () => {
    const id = await submitted("Chuyển xử lý hai lần");
    const body = {
      intent: "triage",
      decision: "refer",
      referAgencyId: String(fx.agencyB),
      referDeadline: addDaysToDay(vnToday(), 14),
      reason: "Huyện Đầm Hà rà soát, cập nhật dữ liệu.",
      _key: "blk-refer.twice",
    };
    const first = await post(id, body, fx.users.chair);
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/blockers/${id}?done=decided`);
    const events = await count("audit_events");
    const again = await post(id, body, fx.users.chair);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await db().selectFrom("tasks").where("blocker_id", "=", id).select("id").execute()).toHaveLength(1);
    expect(await db().selectFrom("triage_decisions").where("blocker_id", "=", id).select("id").execute()).toHaveLength(1);
    expect(await count("audit_events")).toBe(events);
    // Without the key the same decision is refused: the blocker no longer awaits triage.
    const unkeyed = await post(id, { ...body, _key: "" }, fx.users.chair);
    expect(unkeyed.status).toBe(409);
  });

  it("the referral's task is live at once, for the chosen agency, from the blocker", async () => {
    const id = await submitted("Chuyển xử lý: nhiệm vụ");
    const deadline = addDaysToDay(vnToday(), 10);
    const res = await post(
      id,
      { intent: "triage", decision: "refer", referAgencyId: String(fx.agencyB), referDeadline: deadline, reason: "Rà soát dữ liệu." },
      fx.users.chair,
    );
    expect(res.status).toBe(302);
    const task = await db().selectFrom("tasks").selectAll().where("blocker_id", "=", id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      status: "in_progress",
      meeting_id: null,
      conclusion_id: null,
      description: "Rà soát dữ liệu.",
      pillar: "digital_data",
      lead_agency_id: fx.agencyB,
      deadline,
      original_deadline: deadline,
      report_next_meeting: 0,
    });
    expect(await db().selectFrom("task_coordinators").where("task_id", "=", task.id).select("agency_id").execute()).toEqual([]);
  });

  it("refused with 400 (not a blocker to merge into) changes nothing, and the corrected decision with the same key is applied", async () => {
    const id = await submitted("Gộp: lần đầu sai");
    const target = await submitted("Gộp: vướng mắc nhận gộp");
    const key = "blk-merge.refused";
    const [decisions, events] = [await count("triage_decisions"), await count("audit_events")];
    const refused = await post(id, { intent: "triage", decision: "merge", mergeIntoId: String(id), _key: key }, fx.users.chair);
    expect(refused.status).toBe(400);
    expect(refused.data.errors.mergeIntoId.key).toBe("blockers.triage.mergeInvalid");
    expect(await count("triage_decisions")).toBe(decisions);
    expect(await count("audit_events")).toBe(events);
    expect(await keyStored(key)).toBe(false);

    const corrected = await post(id, { intent: "triage", decision: "merge", mergeIntoId: String(target), _key: key }, fx.users.chair);
    expect(corrected.status).toBe(302);
    expect(await db().selectFrom("blockers").where("id", "=", id).select(["status", "merged_into_id"]).executeTakeFirstOrThrow()).toEqual({
      status: "merged",
      merged_into_id: target,
    });
  });
});

describe("a stale edit", () => {
  it("is refused with 409, changes nothing and records nothing; the edit made on the current version with the same key is stored", async () => {
    const id = await submitted("Sửa trên bản cũ");
    const row = () => db().selectFrom("blockers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const before = await row();
    const key = "blk-edit.stale";
    const events = await count("audit_events");
    const stale = await post(id, { ...fields("Sửa trên bản cũ: đã sửa"), version: String(before.version - 1), intent: "edit", _key: key }, fx.users.headA);
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ intent: "edit", formError: "blockers.error.stale" });
    expect(stale.data.values.title).toBe("Sửa trên bản cũ: đã sửa");
    expect(await row()).toEqual(before);
    expect(await count("audit_events")).toBe(events);
    expect(await keyStored(key)).toBe(false);

    const current = await post(id, { ...fields("Sửa trên bản cũ: đã sửa"), version: String(before.version), intent: "edit", _key: key }, fx.users.headA);
    expect(current.status).toBe(302);
    expect(current.location).toBe(`/blockers/${id}?done=updated`);
    expect(await row()).toMatchObject({ title: "Sửa trên bản cũ: đã sửa", version: before.version + 1 });
  });
});

describe("a withdrawal sent twice", () => {
  it("by a member of staff, on a draft: the second copy gets the first answer, not a refusal for the state its own first copy made", async () => {
    const made = await create({ ...fields("Rút hai lần: bản nháp của chuyên viên"), intent: "save" }, fx.users.staffA);
    expect(made.status, JSON.stringify(made.data)).toBe(302);
    const id = Number(/\/blockers\/(\d+)/.exec(made.location!)![1]);
    const body = { intent: "withdraw", confirm: "yes", _key: "blk-withdraw.twice" };
    const first = await post(id, body, fx.users.staffA);
    expect(first.status).toBe(302);
    const events = await count("audit_events");
    const again = await post(id, body, fx.users.staffA);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await count("audit_events")).toBe(events);
    // Without the key, the same click on the withdrawn blocker is what it always was: not theirs to make.
    const keyless = await post(id, { intent: "withdraw", confirm: "yes" }, fx.users.staffA);
    expect(keyless.status).toBe(403);
  });
});
