/**
 * Calendar feeds: the secret address (made, shown once, revoked, remade,
 * audited without the token), the feed read back with an iCalendar parser
 * (ical.js), each user's scope, and the single-meeting file.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { action as accountAction, loader as accountLoader } from "../../app/routes/account";
import { loader as feedLoader } from "../../app/routes/calendar.$token[.ics]";
import { loader as meetingIcsLoader } from "../../app/routes/meetings.$meetingId.calendar[.ics]";
import { action as adminUserAction } from "../../app/routes/admin.users.$userId";
import { getDb } from "../../app/utils/db.server";
import type { TaskStatus } from "../../db/schema";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
let otherSeries: number;
let april: number;
let may: number;
let otherMeeting: number;
const task: Record<string, number> = {};

const PLACE = "Sở Tài nguyên và Môi trường; phối hợp, Đầm Hà";
const LONG_TITLE =
  "Hoàn thành kết nối, chia sẻ cơ sở dữ liệu đất đai với Cổng dịch vụ công tỉnh và hệ thống thông tin giải quyết thủ tục hành chính; báo cáo kết quả";

const octets = (s: string) => new TextEncoder().encode(s).length;

beforeAll(async () => {
  fx = await seedFixture();
  const db = getDb();
  const at = "2023-03-20T02:00:00.000Z";
  otherSeries = (
    await db
      .insertInto("series")
      .values({ code: "KT", name_vi: "Giao ban kinh tế", name_en: "Economy briefing", issuing_body: "UBND TỈNH", notice_symbol: "TB-UBND", updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  // Only agency B is a member of the other series.
  await db.insertInto("series_agencies").values({ series_id: otherSeries, agency_id: fx.agencyB }).execute();
  const meeting = async (seriesId: number, period: string, startsAt: string, cutoffAt: string, title: string) =>
    (
      await db
        .insertInto("meetings")
        .values({ series_id: seriesId, period, title, starts_at: startsAt, place: PLACE, cutoff_at: cutoffAt, status: "scheduled", updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  // 08:00 on 7 April 2023 in Vietnam is 01:00 UTC.
  april = await meeting(fx.seriesId, "2023-04", "2023-04-07T01:00:00.000Z", "2023-04-03T10:00:00.000Z", "Giao ban chuyển đổi số tháng 4/2023");
  may = await meeting(fx.seriesId, "2023-05", "2023-05-05T01:30:00.000Z", "2023-05-02T10:00:00.000Z", "Giao ban chuyển đổi số tháng 5/2023");
  otherMeeting = await meeting(otherSeries, "2023-04", "2023-04-10T02:00:00.000Z", "2023-04-06T10:00:00.000Z", "Giao ban kinh tế tháng 4/2023");
  await db
    .insertInto("bridge_points")
    .values([{ meeting_id: april, agency_id: fx.agencyB, label: "Điểm cầu huyện Đầm Hà" }])
    .execute();

  const addTask = async (key: string, title: string, lead: number, status: TaskStatus, deadline: string | null, coordinators: number[] = []) => {
    const { id } = await db
      .insertInto("tasks")
      .values({
        series_id: fx.seriesId,
        meeting_id: april,
        conclusion_id: null,
        blocker_id: null,
        title,
        description: "Mô tả",
        expected_result: "Kết quả",
        pillar: "digital_data",
        lead_agency_id: lead,
        original_deadline: deadline,
        deadline,
        status,
        completed_on: status === "completed" ? "2023-04-20" : null,
        created_by: fx.users.secretary,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const agencyId of coordinators) await db.insertInto("task_coordinators").values({ task_id: id, agency_id: agencyId }).execute();
    task[key] = id;
  };
  await addTask("leadA", PLACE, fx.agencyA, "in_progress", "2023-04-30");
  await addTask("longA", LONG_TITLE, fx.agencyA, "in_progress", "2023-05-15");
  await addTask("leadBcoordA", "Kết nối điểm cầu huyện", fx.agencyB, "in_progress", "2023-05-31", [fx.agencyA]);
  await addTask("leadB", "Số hóa hồ sơ một cửa huyện Đầm Hà", fx.agencyB, "in_progress", "2023-06-15");
  await addTask("draftA", "Nhiệm vụ chưa ban hành của Sở", fx.agencyA, "draft", "2023-05-20");
  await addTask("doneA", "Rà soát thủ tục hành chính", fx.agencyA, "completed", "2023-04-25");
  await addTask("noDeadlineA", "Tuyên truyền chuyển đổi số", fx.agencyA, "in_progress", null);
  await addTask("awaitingA", "Xây dựng kho dữ liệu", fx.agencyA, "awaiting_acceptance", "2023-04-28");
});

// ---------------------------------------------------------------------------

const account = async (fields: Record<string, string>, userId: number) => call(accountAction, await postRequest("/account", fields, userId));

/** Makes (or remakes) a user's link through the account page and returns the token in it. */
async function newToken(userId: number): Promise<string> {
  const page = await call(accountLoader, await getRequest("/account", userId));
  const live = page.data.calendar.live as { id: number } | null;
  const res = await account({ intent: live ? "regenerate" : "generate", current: live ? String(live.id) : "none" }, userId);
  expect(res.status).toBe(200);
  const m = /^http:\/\/localhost\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(res.data.url);
  expect(m, res.data.url).not.toBeNull();
  return m![1];
}

async function fetchFeed(token: string) {
  return call(feedLoader, new Request(`http://localhost/calendar/${token}.ics`), { token });
}

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

const unfold = (text: string) => text.replace(/\r\n /g, "");

describe("the secret address", () => {
  it("is made on the account page, shown once, and only its hash is stored", async () => {
    const before = await call(accountLoader, await getRequest("/account", fx.users.headA));
    expect(before.data.calendar.live).toBeNull();
    const token = await newToken(fx.users.headA);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const rows = await getDb().selectFrom("calendar_tokens").selectAll().where("user_id", "=", fx.users.headA).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(token);
    const after = await call(accountLoader, await getRequest("/account", fx.users.headA));
    expect(after.data.calendar.live).toMatchObject({ id: rows[0].id });
    expect(JSON.stringify(after.data)).not.toContain(token);
  });

  it("serves the feed without a session, as text/calendar with CRLF lines", async () => {
    const token = await newToken(fx.users.staffB);
    const res = await fetchFeed(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const text = res.data as string;
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("refuses a form sent twice (the link changed meanwhile) and keeps the live one", async () => {
    const token = await newToken(fx.users.observer);
    const again = await account({ intent: "generate", current: "none" }, fx.users.observer);
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ formError: "calendar.stale" });
    expect((await fetchFeed(token)).status).toBe(200);
  });

  it("regenerating invalidates the old address", async () => {
    const first = await newToken(fx.users.headB);
    expect((await fetchFeed(first)).status).toBe(200);
    const second = await newToken(fx.users.headB);
    expect(second).not.toBe(first);
    expect((await fetchFeed(first)).status).toBe(404);
    expect((await fetchFeed(second)).status).toBe(200);
  });

  it("revoking asks for confirmation, then the address is a 404", async () => {
    const token = await newToken(fx.users.staffA);
    const live = (await call(accountLoader, await getRequest("/account", fx.users.staffA))).data.calendar.live as { id: number };
    const unconfirmed = await account({ intent: "revoke", current: String(live.id) }, fx.users.staffA);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data.errors.confirm).toEqual({ key: "calendar.revokeConfirmRequired", params: {} });
    expect((await fetchFeed(token)).status).toBe(200);
    const revoked = await account({ intent: "revoke", current: String(live.id), confirm: "1" }, fx.users.staffA);
    expect(revoked.status).toBe(302);
    expect(revoked.location).toBe("/account?calendar=revoked#calendar");
    expect((await fetchFeed(token)).status).toBe(404);
    const page = await call(accountLoader, await getRequest("/account", fx.users.staffA));
    expect(page.data.calendar.live).toBeNull();
  });

  it("answers 404 for an unknown, malformed or inactive user's address", async () => {
    expect((await fetchFeed("khong-co-ma-nay-trong-co-so-du-lieu-0123456789")).status).toBe(404);
    expect((await fetchFeed("../../etc/passwd")).status).toBe(404);
    expect((await fetchFeed("")).status).toBe(404);
    const token = await newToken(fx.users.admin);
    await getDb().updateTable("users").set({ active: 0 }).where("id", "=", fx.users.admin).execute();
    try {
      expect((await fetchFeed(token)).status).toBe(404);
    } finally {
      await getDb().updateTable("users").set({ active: 1 }).where("id", "=", fx.users.admin).execute();
    }
  });

  it("writes every change to the audit history, never the token or its hash", async () => {
    const rows = await getDb().selectFrom("audit_events").selectAll().where("entity_type", "=", "calendar_token").orderBy("id").execute();
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toEqual(new Set(["calendar_token.created", "calendar_token.regenerated", "calendar_token.revoked"]));
    const hashes = (await getDb().selectFrom("calendar_tokens").select("token_hash").execute()).map((r) => r.token_hash);
    for (const r of rows) {
      const json = `${r.before_json ?? ""}${r.after_json ?? ""}`;
      expect(json).not.toContain("token_hash");
      for (const h of hashes) expect(json).not.toContain(h);
    }
    const revoke = rows.find((r) => r.action === "calendar_token.revoked")!;
    expect(revoke.actor_user_id).toBe(fx.users.staffA);
    expect(JSON.parse(revoke.after_json!).revoked_at).toEqual(expect.any(String));
  });
});

describe("the feed", () => {
  let tokenA: string;
  let textA: string;
  beforeAll(async () => {
    tokenA = await newToken(fx.users.headA);
    textA = (await fetchFeed(tokenA)).data as string;
  });

  it("holds the meetings of the agency's series in UTC, with their cut-offs", async () => {
    const evs = events(textA);
    const uids = evs.map((e) => e.uid);
    expect(uids).toContain(`meeting-${april}@giaoban`);
    expect(uids).toContain(`cutoff-${april}@giaoban`);
    expect(uids).toContain(`meeting-${may}@giaoban`);
    // Agency A is not a member of the economy series.
    expect(uids).not.toContain(`meeting-${otherMeeting}@giaoban`);
    const m = evs.find((e) => e.uid === `meeting-${april}@giaoban`)!;
    expect(m.summary).toBe("Giao ban chuyển đổi số tháng 4/2023");
    expect(m.startDate.isDate).toBe(false);
    expect(m.startDate.zone?.tzid).toBe("UTC");
    expect(m.startDate.toJSDate().toISOString()).toBe("2023-04-07T01:00:00.000Z");
    expect(m.endDate.toJSDate().toISOString()).toBe("2023-04-07T04:00:00.000Z");
    expect(m.description).toContain("Điểm cầu: Điểm cầu huyện Đầm Hà");
    expect(m.description).toContain(`http://localhost/meetings/${april}`);
    expect(textA).toContain("\r\nDTSTART:20230407T010000Z\r\n");
    const cutoff = evs.find((e) => e.uid === `cutoff-${april}@giaoban`)!;
    expect(cutoff.startDate.toJSDate().toISOString()).toBe("2023-04-03T10:00:00.000Z");
    expect(cutoff.summary).toContain("17:00");
  });

  it("holds the agency's open task deadlines as all-day events, lead or coordinating", async () => {
    const evs = events(textA);
    const uids = evs.map((e) => e.uid);
    expect(uids).toContain(`task-${task.leadA}-deadline@giaoban`);
    expect(uids).toContain(`task-${task.longA}-deadline@giaoban`);
    expect(uids).toContain(`task-${task.leadBcoordA}-deadline@giaoban`);
    // Not B's own task, not a draft, nor what is finished, awaiting acceptance or without a deadline.
    for (const key of ["leadB", "draftA", "doneA", "awaitingA", "noDeadlineA"]) expect(uids).not.toContain(`task-${task[key]}-deadline@giaoban`);
    const d = evs.find((e) => e.uid === `task-${task.leadA}-deadline@giaoban`)!;
    expect(d.startDate.isDate).toBe(true);
    expect(d.startDate.toString()).toBe("2023-04-30");
    expect(d.endDate.toString()).toBe("2023-05-01");
    expect(unfold(textA)).toContain(`UID:task-${task.leadA}-deadline@giaoban`);
    expect(unfold(textA)).toMatch(/DTSTART;VALUE=DATE:20230430\r\nDTEND;VALUE=DATE:20230501\r\n/);
    const coord = evs.find((e) => e.uid === `task-${task.leadBcoordA}-deadline@giaoban`)!;
    expect(coord.summary).toBe("Hạn nhiệm vụ (phối hợp): Kết nối điểm cầu huyện");
    expect(coord.description).toContain("Đơn vị chủ trì: UBND huyện Đầm Hà");
  });

  it("escapes commas, semicolons and backslashes so the text round-trips", async () => {
    const evs = events(textA);
    const m = evs.find((e) => e.uid === `meeting-${april}@giaoban`)!;
    expect(m.location).toBe(PLACE);
    expect(unfold(textA)).toContain("LOCATION:Sở Tài nguyên và Môi trường\\; phối hợp\\, Đầm Hà\r\n");
    const d = evs.find((e) => e.uid === `task-${task.leadA}-deadline@giaoban`)!;
    expect(d.summary).toBe(`Hạn nhiệm vụ (chủ trì): ${PLACE}`);
    // Description lines are joined with escaped line breaks and come back as real ones.
    expect(d.description.split("\n")[0]).toBe(`Nhiệm vụ số ${task.leadA}`);
  });

  it("folds long lines at 75 octets without splitting a character, and they unfold intact", async () => {
    for (const line of textA.split("\r\n")) {
      expect(octets(line), line).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
    }
    expect(textA).toMatch(/\r\n [^\r\n]/);
    const long = events(textA).find((e) => e.uid === `task-${task.longA}-deadline@giaoban`)!;
    expect(long.summary).toBe(`Hạn nhiệm vụ (chủ trì): ${LONG_TITLE}`);
  });

  it("is the same, UIDs included, from one fetch to the next", async () => {
    const again = (await fetchFeed(tokenA)).data as string;
    expect(events(again).map((e) => e.uid)).toEqual(events(textA).map((e) => e.uid));
    expect(again).toBe(textA);
    expect(new Set(events(textA).map((e) => e.uid)).size).toBe(events(textA).length);
    expect(textA).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
  });

  it("shows another agency only its own scope", async () => {
    const tokenB = await newToken(fx.users.staffB);
    const uids = events((await fetchFeed(tokenB)).data as string).map((e) => e.uid);
    expect(uids).not.toContain(`task-${task.leadA}-deadline@giaoban`);
    expect(uids).not.toContain(`task-${task.longA}-deadline@giaoban`);
    expect(uids).toContain(`task-${task.leadB}-deadline@giaoban`);
    expect(uids).toContain(`task-${task.leadBcoordA}-deadline@giaoban`);
    // B is a member of both series.
    expect(uids).toContain(`meeting-${otherMeeting}@giaoban`);
    expect(uids).toContain(`meeting-${april}@giaoban`);
  });

  it("gives the office its series' meetings and observers every active series, without deadlines", async () => {
    const chair = events((await fetchFeed(await newToken(fx.users.chair))).data as string).map((e) => e.uid);
    expect(chair).toContain(`meeting-${april}@giaoban`);
    expect(chair).not.toContain(`meeting-${otherMeeting}@giaoban`);
    expect(chair.some((u) => u.startsWith("task-"))).toBe(false);
    const observer = events((await fetchFeed(await newToken(fx.users.observer))).data as string).map((e) => e.uid);
    expect(observer).toEqual(expect.arrayContaining([`meeting-${april}@giaoban`, `meeting-${otherMeeting}@giaoban`]));
    expect(observer.some((u) => u.startsWith("task-"))).toBe(false);
  });

  it("follows a changed deadline under the same UID, with a higher SEQUENCE", async () => {
    const before = events(textA).find((e) => e.uid === `task-${task.leadA}-deadline@giaoban`)!;
    await getDb()
      .updateTable("tasks")
      .set({ deadline: "2023-05-10", version: 2, updated_at: "2023-04-25T03:00:00.000Z" })
      .where("id", "=", task.leadA)
      .execute();
    try {
      const after = events((await fetchFeed(tokenA)).data as string).find((e) => e.uid === `task-${task.leadA}-deadline@giaoban`)!;
      expect(after.startDate.toString()).toBe("2023-05-10");
      expect(after.sequence).toBeGreaterThan(before.sequence);
    } finally {
      await getDb()
        .updateTable("tasks")
        .set({ deadline: "2023-04-30", version: 1, updated_at: "2023-03-20T02:00:00.000Z" })
        .where("id", "=", task.leadA)
        .execute();
    }
  });
});

describe("one meeting as a file", () => {
  it("needs a signed-in user", async () => {
    const res = await call(meetingIcsLoader, await getRequest(`/meetings/${april}/calendar.ics`), { meetingId: String(april) });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login\?/);
  });

  it("is the meeting with the feed's UID, to import", async () => {
    const res = await call(meetingIcsLoader, await getRequest(`/meetings/${otherMeeting}/calendar.ics`, fx.users.headA), { meetingId: String(otherMeeting) });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="cuoc-hop-${otherMeeting}.ics"`);
    const text = res.data as string;
    expect(text).toContain("\r\nMETHOD:PUBLISH\r\n");
    const [e] = events(text);
    expect(e.uid).toBe(`meeting-${otherMeeting}@giaoban`);
    expect(e.location).toBe(PLACE);
    expect(e.startDate.toJSDate().toISOString()).toBe("2023-04-10T02:00:00.000Z");
  });

  it("answers 404 for a meeting that does not exist", async () => {
    const res = await call(meetingIcsLoader, await getRequest("/meetings/999999/calendar.ics", fx.users.headA), { meetingId: "999999" });
    expect(res.status).toBe(404);
  });
});

describe("an address does not outlive the account's credentials", () => {
  const adminEdit = async (userId: number, fields: Record<string, string>) =>
    call(adminUserAction, await postRequest(`/admin/users/${userId}`, fields, fx.users.admin), { userId: String(userId) });
  const revocations = (userId: number) =>
    getDb()
      .selectFrom("audit_events")
      .innerJoin("calendar_tokens", "calendar_tokens.id", "audit_events.entity_id")
      .where("audit_events.entity_type", "=", "calendar_token")
      .where("audit_events.action", "=", "calendar_token.revoked")
      .where("calendar_tokens.user_id", "=", userId)
      .select(["audit_events.actor_user_id", "audit_events.after_json"])
      .execute();

  it("is revoked when the user is deactivated, and stays a 404 after reactivation", async () => {
    const token = await newToken(fx.users.secretary);
    expect((await fetchFeed(token)).status).toBe(200);
    expect((await adminEdit(fx.users.secretary, { intent: "deactivate", confirm: "on" })).status).toBe(302);
    expect((await fetchFeed(token)).status).toBe(404);
    expect((await adminEdit(fx.users.secretary, { intent: "reactivate", confirm: "on" })).status).toBe(302);
    expect((await fetchFeed(token)).status).toBe(404);
    const events = await revocations(fx.users.secretary);
    expect(events).toHaveLength(1);
    expect(events[0].actor_user_id).toBe(fx.users.admin);
    // The user makes a new link from the account page.
    const page = await call(accountLoader, await getRequest("/account", fx.users.secretary));
    expect(page.data.calendar.live).toBeNull();
    const fresh = await newToken(fx.users.secretary);
    expect((await fetchFeed(fresh)).status).toBe(200);
  });

  it("is revoked when an administrator resets the password", async () => {
    const token = await newToken(fx.users.headB);
    expect((await fetchFeed(token)).status).toBe(200);
    const res = await adminEdit(fx.users.headB, { intent: "reset-password", password: "Mat-khau-tam-thoi-2026", passwordConfirm: "Mat-khau-tam-thoi-2026" });
    expect(res.status).toBe(302);
    expect((await fetchFeed(token)).status).toBe(404);
    const live = await getDb().selectFrom("calendar_tokens").select("id").where("user_id", "=", fx.users.headB).where("revoked_at", "is", null).execute();
    expect(live).toEqual([]);
    expect((await revocations(fx.users.headB)).map((e) => e.actor_user_id)).toContain(fx.users.admin);
  });
});
