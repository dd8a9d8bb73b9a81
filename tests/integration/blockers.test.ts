import { beforeAll, describe, expect, it } from "vitest";
import type { MeetingStatus } from "../../db/schema";
import { action as blockerAction, loader as blockerLoader } from "../../app/routes/blockers.$blockerId";
import { loader as listLoader } from "../../app/routes/blockers._index";
import { action as newAction, loader as newLoader } from "../../app/routes/blockers.new";
import { addDaysToDay, vnToday } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();
const DAY = 24 * 60 * 60 * 1000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();
let seriesSeq = 0;

/** A series of its own per scenario, so meetings and cut-offs do not collide. */
async function newSeries(): Promise<number> {
  seriesSeq += 1;
  const at = new Date().toISOString();
  const { id } = await db()
    .insertInto("series")
    .values({
      code: `T${seriesSeq}`,
      name_vi: `Chuỗi thử ${seriesSeq}`,
      name_en: `Test series ${seriesSeq}`,
      issuing_body: "UBND",
      notice_symbol: "TB-UBND",
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("series_members")
    .values([
      { series_id: id, user_id: fx.users.chair, role: "chair" },
      { series_id: id, user_id: fx.users.secretary, role: "secretary" },
    ])
    .execute();
  await db()
    .insertInto("series_agencies")
    .values([
      { series_id: id, agency_id: fx.agencyA },
      { series_id: id, agency_id: fx.agencyB },
    ])
    .execute();
  return id;
}

async function meeting(seriesId: number, period: string, startsAt: string, cutoffAt: string, status: MeetingStatus = "open") {
  const { id } = await db()
    .insertInto("meetings")
    .values({
      series_id: seriesId,
      period,
      title: `Giao ban ${period}`,
      starts_at: startsAt,
      place: "Hội trường",
      cutoff_at: cutoffAt,
      status,
      updated_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

const fields = (seriesId: number, over: Record<string, string> = {}) => ({
  seriesId: String(seriesId),
  title: "Chưa kết nối được cơ sở dữ liệu đất đai",
  description: "Dữ liệu đất đai chưa được chia sẻ với hệ thống một cửa của huyện.",
  pillar: "digital_data",
  severity: "high",
  helpAgencyId: "",
  proposal: "Đề nghị Sở Tài nguyên và Môi trường mở kết nối trước ngày 30.",
  planTarget: "",
  ...over,
});

async function draft(seriesId: number, userId = fx.users.staffA, over: Record<string, string> = {}): Promise<number> {
  const res = await call(newAction, await postRequest("/blockers/new", { ...fields(seriesId, over), intent: "save" }, userId));
  expect(res.status).toBe(302);
  return Number(/\/blockers\/(\d+)/.exec(res.location!)![1]);
}

const post = async (id: number, body: Record<string, string>, userId: number) =>
  call(blockerAction, await postRequest(`/blockers/${id}`, body, userId), { blockerId: String(id) });
const view = async (id: number, userId: number, query = "") =>
  call(blockerLoader, await getRequest(`/blockers/${id}${query}`, userId), { blockerId: String(id) });
const row = (id: number) => db().selectFrom("blockers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const audits = (entityType: string, id: number) =>
  db().selectFrom("audit_events").selectAll().where("entity_type", "=", entityType).where("entity_id", "=", id).orderBy("id").execute();
const actions = async (id: number) => (await audits("blocker", id)).map((a) => a.action);
const count = async (table: "blockers" | "tasks" | "triage_decisions" | "audit_events") =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function submitted(seriesId: number): Promise<number> {
  const id = await draft(seriesId);
  expect((await post(id, { intent: "submit" }, fx.users.headA)).status).toBe(302);
  return id;
}

describe("drafting and submitting (step 2)", () => {
  let seriesId: number;
  let april: number;
  beforeAll(async () => {
    seriesId = await newSeries();
    april = await meeting(seriesId, "2099-04", inDays(20), inDays(15));
  });

  it("agency staff draft: a draft of their agency, with its audit event", async () => {
    const id = await draft(seriesId);
    const b = await row(id);
    expect(b).toMatchObject({ status: "draft", agency_id: fx.agencyA, created_by: fx.users.staffA, meeting_id: null, submitted_at: null, version: 1 });
    expect(await actions(id)).toEqual(["blocker.created"]);
    const page = await view(id, fx.users.staffA);
    expect(page.status).toBe(200);
    expect(page.data.abilities).toMatchObject({ edit: true, submit: false, withdraw: true, triage: false });
  });

  it("the new page offers the agency's series, and submission only to the head", async () => {
    const staff = await call(newLoader, await getRequest("/blockers/new", fx.users.staffA));
    expect(staff.data.canSubmit).toBe(false);
    expect(staff.data.options.series.map((o: { value: string }) => o.value)).toContain(String(seriesId));
    const head = await call(newLoader, await getRequest("/blockers/new", fx.users.headA));
    expect(head.data.canSubmit).toBe(true);
    expect((await call(newLoader, await getRequest("/blockers/new", fx.users.observer))).status).toBe(403);
  });

  it("staff cannot submit, neither from the new page nor a draft (403), and nothing is written", async () => {
    const before = await count("blockers");
    const res = await call(newAction, await postRequest("/blockers/new", { ...fields(seriesId), intent: "submit" }, fx.users.staffA));
    expect(res.status).toBe(403);
    expect(await count("blockers")).toBe(before);
    const id = await draft(seriesId);
    expect((await post(id, { intent: "submit" }, fx.users.staffA)).status).toBe(403);
    expect((await row(id)).status).toBe("draft");
  });

  it("the head submits before the cut-off: aimed at that meeting, on time", async () => {
    const id = await draft(seriesId);
    const res = await post(id, { intent: "submit" }, fx.users.headA);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/blockers/${id}?done=submitted`);
    const b = await row(id);
    expect(b).toMatchObject({ status: "submitted", meeting_id: april, is_late: 0, submitted_by: fx.users.headA, version: 2 });
    expect(b.submitted_at).not.toBeNull();
    expect(await actions(id)).toEqual(["blocker.created", "blocker.submitted"]);
  });

  it("a head may submit straight from the new page", async () => {
    const res = await call(newAction, await postRequest("/blockers/new", { ...fields(seriesId), intent: "submit" }, fx.users.headA));
    expect(res.status).toBe(302);
    const id = Number(/\/blockers\/(\d+)/.exec(res.location!)![1]);
    expect(await row(id)).toMatchObject({ status: "submitted", meeting_id: april, is_late: 0, created_by: fx.users.headA });
    expect(await actions(id)).toEqual(["blocker.created", "blocker.submitted"]);
  });

  it("after the cut-off it is late and aimed at the next meeting, or none yet", async () => {
    const late = await newSeries();
    const missed = await meeting(late, "2099-04", inDays(2), inDays(-1));
    const lonely = await submitted(late);
    expect(await row(lonely)).toMatchObject({ status: "submitted", is_late: 1, meeting_id: null });
    const next = await meeting(late, "2099-05", inDays(30), inDays(25));
    const id = await submitted(late);
    expect(await row(id)).toMatchObject({ status: "submitted", is_late: 1, meeting_id: next });
    expect(missed).not.toBe(next);
  });

  it("bad input: 400 with field errors next to the fields, what was typed kept, nothing written", async () => {
    const before = await count("blockers");
    const auditsBefore = await count("audit_events");
    const res = await call(
      newAction,
      await postRequest("/blockers/new", { ...fields(seriesId, { title: "   ", pillar: "space", helpAgencyId: "abc" }), intent: "save" }, fx.users.staffA),
    );
    expect(res.status).toBe(400);
    expect(res.data.errors.title.key).toBe("validation.required");
    expect(res.data.errors.pillar.key).toBe("validation.invalidChoice");
    expect(res.data.errors.helpAgencyId.key).toBe("validation.invalidChoice");
    expect(res.data.values.proposal).toBe(fields(seriesId).proposal);
    expect(await count("blockers")).toBe(before);
    expect(await count("audit_events")).toBe(auditsBefore);
  });

  it("a series the agency is not in, or an unknown agency to help: 400 on that field, nothing written", async () => {
    const other = (
      await db()
        .insertInto("series")
        .values({ code: "KHAC", name_vi: "Chuỗi khác", name_en: "Other", issuing_body: "UBND", notice_symbol: "TB-UBND", updated_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const before = await count("blockers");
    const res = await call(newAction, await postRequest("/blockers/new", { ...fields(other, { helpAgencyId: "99999" }), intent: "save" }, fx.users.staffA));
    expect(res.status).toBe(400);
    expect(res.data.errors.seriesId.key).toBe("blockers.field.series.invalid");
    expect(res.data.errors.helpAgencyId.key).toBe("blockers.field.helpAgency.invalid");
    expect(await count("blockers")).toBe(before);
  });

  it("an unknown intent is a 400", async () => {
    const id = await draft(seriesId);
    expect((await post(id, { intent: "explode" }, fx.users.headA)).status).toBe(400);
    const res = await call(newAction, await postRequest("/blockers/new", { ...fields(seriesId), intent: "publish" }, fx.users.headA));
    expect(res.status).toBe(400);
  });

  it("edits bump the version and are audited; a stale form is a 409", async () => {
    const id = await draft(seriesId);
    const res = await post(id, { ...fields(seriesId, { title: "Tên mới" }), version: "1", intent: "edit" }, fx.users.staffA);
    expect(res.status).toBe(302);
    expect(await row(id)).toMatchObject({ title: "Tên mới", version: 2 });
    expect(await actions(id)).toEqual(["blocker.created", "blocker.updated"]);
    const stale = await post(id, { ...fields(seriesId, { title: "Cũ" }), version: "1", intent: "edit" }, fx.users.staffA);
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toBe("blockers.error.stale");
    expect((await row(id)).title).toBe("Tên mới");
  });

  it("an edit with bad input is a 400 and leaves the row as it was", async () => {
    const id = await draft(seriesId);
    const before = await row(id);
    const res = await post(id, { ...fields(seriesId, { description: "", severity: "apocalyptic" }), version: "1", intent: "edit" }, fx.users.staffA);
    expect(res.status).toBe(400);
    expect(res.data.intent).toBe("edit");
    expect(res.data.errors.description.key).toBe("validation.required");
    expect(res.data.errors.severity.key).toBe("validation.invalidChoice");
    expect(await row(id)).toEqual(before);
  });

  it("withdraw asks for confirmation; staff drop drafts, only the head withdraws a submitted one", async () => {
    const d = await draft(seriesId);
    const unconfirmed = await post(d, { intent: "withdraw" }, fx.users.staffA);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data.errors.confirm.key).toBe("blockers.withdraw.confirmRequired");
    expect((await row(d)).status).toBe("draft");
    expect((await post(d, { intent: "withdraw", confirm: "yes" }, fx.users.staffA)).status).toBe(302);
    expect(await row(d)).toMatchObject({ status: "withdrawn", version: 2 });
    expect(await actions(d)).toEqual(["blocker.created", "blocker.withdrawn"]);

    const s = await submitted(seriesId);
    expect((await post(s, { intent: "withdraw", confirm: "yes" }, fx.users.staffA)).status).toBe(403);
    expect((await post(s, { intent: "withdraw", confirm: "yes" }, fx.users.headA)).status).toBe(302);
    expect((await row(s)).status).toBe("withdrawn");
    const again = await post(s, { intent: "withdraw", confirm: "yes" }, fx.users.headA);
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe("blockers.error.cannotWithdraw");
  });

  it("the confirmation step is a page of its own (works without JavaScript)", async () => {
    const id = await draft(seriesId);
    expect((await view(id, fx.users.staffA, "?withdraw")).data.confirmingWithdraw).toBe(true);
    expect((await view(id, fx.users.staffA, "?edit")).data.editing).toBe(true);
    expect((await view(id, fx.users.headB, "?withdraw")).status).toBe(404);
  });
});

describe("who sees what", () => {
  let seriesId: number;
  beforeAll(async () => {
    seriesId = await newSeries();
    await meeting(seriesId, "2099-04", inDays(20), inDays(15));
  });

  it("another agency reading or editing A's draft gets 404, not 403", async () => {
    const id = await draft(seriesId);
    expect((await view(id, fx.users.headB)).status).toBe(404);
    expect((await view(id, fx.users.staffB)).status).toBe(404);
    const before = await row(id);
    const edit = await post(id, { ...fields(seriesId, { title: "Của B" }), version: "1", intent: "edit" }, fx.users.headB);
    expect(edit.status).toBe(404);
    expect(await row(id)).toEqual(before);
  });

  it("an observer cannot see a draft or a submission (404), but sees it on the agenda", async () => {
    const id = await draft(seriesId);
    expect((await view(id, fx.users.observer)).status).toBe(404);
    await post(id, { intent: "submit" }, fx.users.headA);
    expect((await view(id, fx.users.observer)).status).toBe(404);
    expect((await post(id, { decision: "accept", intent: "triage" }, fx.users.chair)).status).toBe(302);
    const page = await view(id, fx.users.observer);
    expect(page.status).toBe(200);
    expect(page.data.office).toBeNull();
    // Published is readable, not writable: another agency gets 403 on a write.
    expect((await view(id, fx.users.headB)).status).toBe(200);
    expect((await post(id, { intent: "withdraw", confirm: "yes" }, fx.users.headB)).status).toBe(403);
  });

  it("the list: an agency sees its own blockers with counts; observers only what reached an agenda", async () => {
    const mine = await draft(seriesId, fx.users.staffB);
    const agencyB = await call(listLoader, await getRequest("/blockers", fx.users.headB));
    expect(agencyB.status).toBe(200);
    expect(agencyB.data.list.view).toBe("agency");
    expect(agencyB.data.list.rows.map((r: { id: number }) => r.id)).toContain(mine);
    expect(agencyB.data.list.rows.every((r: { agencyName: string }) => r.agencyName === "UBND huyện Đầm Hà")).toBe(true);
    expect(agencyB.data.list.counts.draft).toBeGreaterThanOrEqual(1);

    const observer = await call(listLoader, await getRequest("/blockers?status=all", fx.users.observer));
    expect(observer.data.list.view).toBe("public");
    expect(observer.data.list.rows.length).toBeGreaterThan(0);
    expect(observer.data.list.rows.every((r: { status: string }) => ["on_agenda", "resolved"].includes(r.status))).toBe(true);
  });

  it("the office sees its series' submissions, awaiting triage by default, never an agency's unsent drafts", async () => {
    const unsent = await draft(seriesId);
    const sent = await submitted(seriesId);
    const office = await call(listLoader, await getRequest(`/blockers?series=${seriesId}`, fx.users.secretary));
    expect(office.data.list.view).toBe("office");
    expect(office.data.list.status).toBe("submitted");
    const ids = office.data.list.rows.map((r: { id: number }) => r.id);
    expect(ids).toContain(sent);
    expect(ids).not.toContain(unsent);
    const all = await call(listLoader, await getRequest(`/blockers?series=${seriesId}&status=all`, fx.users.secretary));
    expect(all.data.list.rows.map((r: { id: number }) => r.id)).not.toContain(unsent);
    expect(all.data.list.countAll).toBe(all.data.list.total);
  });

  it("pages of 25 in the URL, clamped to the last page, with the total", async () => {
    const many = await newSeries();
    const at = new Date().toISOString();
    await db()
      .insertInto("blockers")
      .values(
        Array.from({ length: 27 }, (_, i) => ({
          series_id: many,
          agency_id: fx.agencyB,
          title: `Vướng mắc ${i + 1}`,
          description: "Mô tả",
          pillar: "infrastructure" as const,
          severity: "low" as const,
          proposal: "Đề xuất",
          created_by: fx.users.staffB,
          updated_at: at,
        })),
      )
      .execute();
    const first = await call(listLoader, await getRequest(`/blockers?series=${many}`, fx.users.staffB));
    expect(first.data.list).toMatchObject({ total: 27, page: 1, pages: 2 });
    expect(first.data.list.rows).toHaveLength(25);
    const second = await call(listLoader, await getRequest(`/blockers?series=${many}&page=2`, fx.users.staffB));
    expect(second.data.list.rows).toHaveLength(2);
    const beyond = await call(listLoader, await getRequest(`/blockers?series=${many}&page=9`, fx.users.staffB));
    expect(beyond.data.list).toMatchObject({ page: 2 });
    expect(beyond.data.list.rows).toHaveLength(2);
  });

  it("filters and pages live in the URL; odd values are ignored", async () => {
    const filtered = await call(listLoader, await getRequest(`/blockers?series=${seriesId}&late=1&status=all`, fx.users.chair));
    expect(filtered.data.list.rows).toEqual([]);
    const odd = await call(listLoader, await getRequest("/blockers?status=nonsense&page=-4&series=x", fx.users.headA));
    expect(odd.status).toBe(200);
    expect(odd.data.list.page).toBe(1);
    expect(odd.data.list.status).toBe("all");
  });
});

describe("triage by the chair (step 3)", () => {
  let seriesId: number;
  let april: number;
  beforeAll(async () => {
    seriesId = await newSeries();
    april = await meeting(seriesId, "2099-04", inDays(20), inDays(15));
  });

  it("accept puts it on the meeting's agenda at once; the agency can no longer edit (409)", async () => {
    const id = await submitted(seriesId);
    const res = await post(id, { decision: "accept", reason: "", intent: "triage" }, fx.users.chair);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/blockers/${id}?done=decided`);
    const b = await row(id);
    expect(b).toMatchObject({ status: "on_agenda", meeting_id: april, version: 3 });
    expect(b.triaged_at).not.toBeNull();
    const decision = await db().selectFrom("triage_decisions").selectAll().where("blocker_id", "=", id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ decision: "accept", status: "approved", proposed_by: fx.users.chair, decided_by: fx.users.chair, meeting_id: april });
    expect(await actions(id)).toEqual(["blocker.created", "blocker.submitted", "blocker.accepted"]);

    const edit = await post(id, { ...fields(seriesId), version: String(b.version), intent: "edit" }, fx.users.headA);
    expect(edit.status).toBe(409);
    expect(edit.data.formError).toBe("blockers.error.notEditable");
    const withdraw = await post(id, { intent: "withdraw", confirm: "yes" }, fx.users.headA);
    expect(withdraw.status).toBe(409);
    expect(withdraw.data.formError).toBe("blockers.error.cannotWithdraw");
    const again = await post(id, { decision: "decline", reason: "Trùng", intent: "triage" }, fx.users.chair);
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe("blockers.error.notAwaitingTriage");
  });

  it("merge points at the survivor, whose page lists what was merged into it", async () => {
    const survivor = await submitted(seriesId);
    const id = await submitted(seriesId);
    const res = await post(id, { decision: "merge", mergeIntoId: String(survivor), intent: "triage" }, fx.users.chair);
    expect(res.status).toBe(302);
    expect(await row(id)).toMatchObject({ status: "merged", merged_into_id: survivor });
    expect(await actions(id)).toContain("blocker.merged");
    const page = await view(survivor, fx.users.headA);
    expect(page.data.mergedFrom.map((m: { id: number }) => m.id)).toEqual([id]);
    const merged = await view(id, fx.users.headA);
    expect(merged.data.mergedInto).toMatchObject({ id: survivor });
  });

  it("merge into itself or into a blocker that is not live: 400 on that field, unchanged", async () => {
    const id = await submitted(seriesId);
    const declined = await submitted(seriesId);
    await post(declined, { decision: "decline", reason: "Không thuộc phạm vi", intent: "triage" }, fx.users.chair);
    for (const target of [id, declined, 999999]) {
      const before = await row(id);
      const res = await post(id, { decision: "merge", mergeIntoId: String(target), intent: "triage" }, fx.users.chair);
      expect(res.status).toBe(400);
      expect(res.data.errors.mergeIntoId.key).toBe("blockers.triage.mergeInvalid");
      expect(await row(id)).toEqual(before);
    }
  });

  it("refer creates a live task for the chosen agency with its deadline, audited with the blocker", async () => {
    const id = await submitted(seriesId);
    const deadline = addDaysToDay(vnToday(), 14);
    const tasksBefore = await count("tasks");
    const res = await post(
      id,
      { decision: "refer", referAgencyId: String(fx.agencyB), referDeadline: deadline, reason: "Huyện Đầm Hà rà soát, cập nhật dữ liệu.", intent: "triage" },
      fx.users.chair,
    );
    expect(res.status).toBe(302);
    expect(await count("tasks")).toBe(tasksBefore + 1);
    const task = await db().selectFrom("tasks").selectAll().where("blocker_id", "=", id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      series_id: seriesId,
      title: fields(seriesId).title,
      description: "Huyện Đầm Hà rà soát, cập nhật dữ liệu.",
      lead_agency_id: fx.agencyB,
      original_deadline: deadline,
      deadline,
      status: "in_progress",
      pillar: "digital_data",
      created_by: fx.users.chair,
    });
    expect(await row(id)).toMatchObject({ status: "referred", outcome_reason: "Huyện Đầm Hà rà soát, cập nhật dữ liệu." });
    expect((await audits("task", task.id)).map((a) => a.action)).toEqual(["task.created"]);
    expect(await actions(id)).toContain("blocker.referred");
    const page = await view(id, fx.users.headA);
    expect(page.data.task).toMatchObject({ id: task.id, deadline, agencyName: "UBND huyện Đầm Hà" });
  });

  it("refer needs an agency, a real day not in the past, and a reason: 400, no task", async () => {
    const id = await submitted(seriesId);
    const tasksBefore = await count("tasks");
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ referAgencyId: "", referDeadline: addDaysToDay(vnToday(), 5), reason: "x" }, "referAgencyId", "validation.invalidChoice"],
      [{ referAgencyId: String(fx.agencyB), referDeadline: "2099-02-30", reason: "x" }, "referDeadline", "validation.invalidDate"],
      [{ referAgencyId: String(fx.agencyB), referDeadline: addDaysToDay(vnToday(), -1), reason: "x" }, "referDeadline", "blockers.triage.deadlinePast"],
      [{ referAgencyId: String(fx.agencyB), referDeadline: addDaysToDay(vnToday(), 5), reason: " " }, "reason", "validation.required"],
    ];
    for (const [extra, field, key] of cases) {
      const res = await post(id, { decision: "refer", intent: "triage", ...extra }, fx.users.chair);
      expect(res.status, field).toBe(400);
      expect(res.data.errors[field].key).toBe(key);
    }
    expect(await count("tasks")).toBe(tasksBefore);
    expect((await row(id)).status).toBe("submitted");
  });

  it("return for more information: the agency sees why, edits and resubmits", async () => {
    const id = await submitted(seriesId);
    const res = await post(id, { decision: "return", reason: "Bổ sung số liệu hồ sơ tồn đọng.", intent: "triage" }, fx.users.chair);
    expect(res.status).toBe(302);
    expect(await row(id)).toMatchObject({ status: "returned", outcome_reason: "Bổ sung số liệu hồ sơ tồn đọng." });
    const list = await call(listLoader, await getRequest("/blockers?status=returned", fx.users.staffA));
    expect(list.data.list.rows.find((r: { id: number }) => r.id === id)?.outcomeReason).toBe("Bổ sung số liệu hồ sơ tồn đọng.");

    const b = await row(id);
    const edit = await post(
      id,
      { ...fields(seriesId, { description: "Có 1.204 hồ sơ tồn đọng." }), version: String(b.version), intent: "edit" },
      fx.users.staffA,
    );
    expect(edit.status).toBe(302);
    expect((await post(id, { intent: "submit" }, fx.users.headA)).status).toBe(302);
    expect(await row(id)).toMatchObject({ status: "submitted", description: "Có 1.204 hồ sơ tồn đọng.", outcome_reason: null, meeting_id: april });
    expect(await actions(id)).toEqual(["blocker.created", "blocker.submitted", "blocker.returned", "blocker.updated", "blocker.submitted"]);
  });

  it("decline needs a reason (400 without), then records it for the agency", async () => {
    const id = await submitted(seriesId);
    const auditsBefore = await count("audit_events");
    const bare = await post(id, { decision: "decline", reason: "", intent: "triage" }, fx.users.chair);
    expect(bare.status).toBe(400);
    expect(bare.data.errors.reason.key).toBe("validation.required");
    expect((await row(id)).status).toBe("submitted");
    expect(await count("audit_events")).toBe(auditsBefore);
    const res = await post(id, { decision: "decline", reason: "Thuộc thẩm quyền của huyện.", intent: "triage" }, fx.users.chair);
    expect(res.status).toBe(302);
    expect(await row(id)).toMatchObject({ status: "declined", outcome_reason: "Thuộc thẩm quyền của huyện." });
    expect(await actions(id)).toContain("blocker.declined");
  });

  it("no decision chosen is a 400 on the decision", async () => {
    const id = await submitted(seriesId);
    const res = await post(id, { reason: "x", intent: "triage" }, fx.users.chair);
    expect(res.status).toBe(400);
    expect(res.data.errors.decision.key).toBe("blockers.triage.chooseDecision");
  });

  it("agency users and observers cannot triage (403)", async () => {
    const id = await submitted(seriesId);
    expect((await post(id, { decision: "accept", intent: "triage" }, fx.users.headA)).status).toBe(403);
    expect((await post(id, { decision: "accept", intent: "triage" }, fx.users.staffA)).status).toBe(403);
    expect((await post(id, { intent: "pull_in" }, fx.users.headA)).status).toBe(403);
    expect((await row(id)).status).toBe("submitted");
  });
});

describe("a secretary's proposal waits for the chair", () => {
  let seriesId: number;
  beforeAll(async () => {
    seriesId = await newSeries();
    await meeting(seriesId, "2099-04", inDays(20), inDays(15));
  });

  const pendingOf = (id: number) => db().selectFrom("triage_decisions").selectAll().where("blocker_id", "=", id).where("status", "=", "pending").execute();

  it("proposes without changing the blocker; a second proposal is a 409; the chair sees it listed", async () => {
    const id = await submitted(seriesId);
    const res = await post(id, { decision: "decline", reason: "Trùng nội dung tháng trước.", intent: "triage" }, fx.users.secretary);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/blockers/${id}?done=proposed`);
    expect((await row(id)).status).toBe("submitted");
    expect(await pendingOf(id)).toHaveLength(1);
    expect(await actions(id)).toContain("blocker.triage_proposed");

    const second = await post(id, { decision: "accept", intent: "triage" }, fx.users.secretary);
    expect(second.status).toBe(409);
    expect(second.data.formError).toBe("blockers.error.proposalPending");

    const list = await call(listLoader, await getRequest("/blockers?pending=1", fx.users.chair));
    expect(list.data.list.pendingForMe).toBeGreaterThanOrEqual(1);
    expect(list.data.list.rows.find((r: { id: number }) => r.id === id)?.pendingDecision).toBe("decline");
    const page = await view(id, fx.users.chair);
    expect(page.data.pending).toMatchObject({ decision: "decline", reason: "Trùng nội dung tháng trước." });
    // The agency sees the blocker still awaiting triage, not the office's working papers.
    const agency = await view(id, fx.users.headA);
    expect(agency.data.office).toBeNull();
    expect(agency.data.pending).toBeNull();
  });

  it("only the chair approves; approval applies the decision", async () => {
    const id = await submitted(seriesId);
    await post(
      id,
      { decision: "refer", referAgencyId: String(fx.agencyB), referDeadline: addDaysToDay(vnToday(), 10), reason: "Huyện xử lý.", intent: "triage" },
      fx.users.secretary,
    );
    const [proposal] = await pendingOf(id);
    expect((await post(id, { decisionId: String(proposal.id), intent: "approve" }, fx.users.secretary)).status).toBe(403);
    expect(await db().selectFrom("tasks").where("blocker_id", "=", id).select("id").execute()).toHaveLength(0);

    const res = await post(id, { decisionId: String(proposal.id), intent: "approve" }, fx.users.chair);
    expect(res.status).toBe(302);
    expect(await row(id)).toMatchObject({ status: "referred", outcome_reason: "Huyện xử lý." });
    const decided = await db().selectFrom("triage_decisions").selectAll().where("id", "=", proposal.id).executeTakeFirstOrThrow();
    expect(decided).toMatchObject({ status: "approved", proposed_by: fx.users.secretary, decided_by: fx.users.chair });
    expect(await db().selectFrom("tasks").where("blocker_id", "=", id).select("status").execute()).toEqual([{ status: "in_progress" }]);
    expect(await actions(id)).toEqual(expect.arrayContaining(["blocker.triage_proposed", "blocker.referred", "blocker.triage_approved"]));

    const twice = await post(id, { decisionId: String(proposal.id), intent: "approve" }, fx.users.chair);
    expect(twice.status).toBe(409);
    expect(twice.data.formError).toBe("blockers.error.noPendingProposal");
  });

  it("the chair may reject: the blocker still awaits triage and the secretary may propose again", async () => {
    const id = await submitted(seriesId);
    await post(id, { decision: "accept", intent: "triage" }, fx.users.secretary);
    const [proposal] = await pendingOf(id);
    const res = await post(id, { decisionId: String(proposal.id), intent: "reject" }, fx.users.chair);
    expect(res.status).toBe(302);
    expect((await row(id)).status).toBe("submitted");
    expect((await db().selectFrom("triage_decisions").select("status").where("id", "=", proposal.id).executeTakeFirstOrThrow()).status).toBe("rejected");
    expect(await actions(id)).toContain("blocker.triage_rejected");
    expect((await post(id, { decision: "return", reason: "Nêu rõ kiến nghị.", intent: "triage" }, fx.users.secretary)).status).toBe(302);
  });

  it("a chair's own decision sets aside a pending proposal", async () => {
    const id = await submitted(seriesId);
    await post(id, { decision: "decline", reason: "Không cần thiết.", intent: "triage" }, fx.users.secretary);
    const [proposal] = await pendingOf(id);
    expect((await post(id, { decision: "accept", intent: "triage" }, fx.users.chair)).status).toBe(302);
    expect((await row(id)).status).toBe("on_agenda");
    expect((await db().selectFrom("triage_decisions").select("status").where("id", "=", proposal.id).executeTakeFirstOrThrow()).status).toBe("rejected");
  });

  it("approving a proposal whose merge target is no longer live is a 409, nothing applied", async () => {
    const target = await submitted(seriesId);
    const id = await submitted(seriesId);
    await post(id, { decision: "merge", mergeIntoId: String(target), intent: "triage" }, fx.users.secretary);
    await post(target, { intent: "withdraw", confirm: "yes" }, fx.users.headA);
    const [proposal] = await pendingOf(id);
    const res = await post(id, { decisionId: String(proposal.id), intent: "approve" }, fx.users.chair);
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("blockers.error.proposalStale");
    expect(await row(id)).toMatchObject({ status: "submitted", merged_into_id: null });
    expect(await pendingOf(id)).toHaveLength(1);
  });
});

describe("late blockers and the chair's pull-in", () => {
  it("the chair pulls a late blocker into the meeting it missed; it stays marked late", async () => {
    const seriesId = await newSeries();
    const missed = await meeting(seriesId, "2099-04", inDays(3), inDays(-1));
    const next = await meeting(seriesId, "2099-05", inDays(30), inDays(25));
    const id = await submitted(seriesId);
    expect(await row(id)).toMatchObject({ is_late: 1, meeting_id: next });

    const page = await view(id, fx.users.chair);
    expect(page.data.office.pullIn).toMatchObject({ id: missed });
    expect((await view(id, fx.users.secretary)).data.office.pullIn).toBeNull();
    expect((await post(id, { intent: "pull_in" }, fx.users.secretary)).status).toBe(403);

    expect((await post(id, { intent: "pull_in" }, fx.users.chair)).status).toBe(302);
    expect(await row(id)).toMatchObject({ is_late: 1, meeting_id: missed, status: "submitted" });
    expect(await actions(id)).toContain("blocker.pulled_in");
    const again = await post(id, { intent: "pull_in" }, fx.users.chair);
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe("blockers.error.cannotPullIn");

    expect((await post(id, { decision: "accept", intent: "triage" }, fx.users.chair)).status).toBe(302);
    expect(await row(id)).toMatchObject({ status: "on_agenda", meeting_id: missed, is_late: 1 });
  });

  it("once the missed meeting's agenda is published it cannot be pulled in", async () => {
    const seriesId = await newSeries();
    await meeting(seriesId, "2099-04", inDays(3), inDays(-1), "agenda_published");
    const id = await submitted(seriesId);
    expect(await row(id)).toMatchObject({ is_late: 0, meeting_id: null });
    const res = await post(id, { intent: "pull_in" }, fx.users.chair);
    expect(res.status).toBe(409);
  });

  it("accepting with no meeting open to take it is a 409", async () => {
    const seriesId = await newSeries();
    const id = await submitted(seriesId);
    const res = await post(id, { decision: "accept", intent: "triage" }, fx.users.chair);
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("blockers.error.noMeeting");
    expect((await row(id)).status).toBe("submitted");
    expect(await db().selectFrom("triage_decisions").where("blocker_id", "=", id).select("id").execute()).toHaveLength(0);
  });
});
