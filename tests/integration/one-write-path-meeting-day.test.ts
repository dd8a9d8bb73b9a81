/**
 * The meeting day through the one write path (ADR 22): on the agenda, in
 * the session and on the notice, a form sent twice with the same one-time
 * key — a double click, a retry after a timeout — is stored once, and the
 * second answer is the first one's redirect. A refused form changes nothing:
 * no row, no audit event, and its key is not spent.
 *
 * One meeting walks the cycle; the tests run in order and each takes it one
 * step further.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as agendaAction } from "../../app/routes/meetings.$meetingId._index";
import { action as noticeAction } from "../../app/routes/meetings.$meetingId.notice";
import { action as sessionAction } from "../../app/routes/meetings.$meetingId.session";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { moveMeeting, scheduleMeeting } from "../helpers/meetings";
import { call, postRequest } from "../helpers/requests";

let fx: Fixture;
let meetingId: number;
let itemId: number;

beforeAll(async () => {
  fx = await seedFixture();
  meetingId = await scheduleMeeting(fx, "2032-03", "2032-03-09");
  await moveMeeting(meetingId, "open_submissions", fx.users.secretary);
});

const params = () => ({ meetingId: String(meetingId) });
const agenda = async (fields: Record<string, string>) => call(agendaAction, await postRequest(`/meetings/${meetingId}`, fields, fx.users.secretary), params());
const session = async (fields: Record<string, string>) =>
  call(sessionAction, await postRequest(`/meetings/${meetingId}/session`, fields, fx.users.secretary), params());
const notice = async (fields: Record<string, string>, userId: number) =>
  call(noticeAction, await postRequest(`/meetings/${meetingId}/notice`, fields, userId), params());

const db = () => getDb();
const auditCount = async () =>
  Number(
    (
      await db()
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const agendaItems = () => db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).select(["id", "title"]).execute();
const tasks = () => db().selectFrom("tasks").where("meeting_id", "=", meetingId).select(["id", "title"]).execute();

describe("the agenda", () => {
  it("stores an item added twice with one key once, and answers both with the same redirect", async () => {
    const fields = { intent: "add", title: "Báo cáo tiến độ số hóa hồ sơ", kind: "report", presenterAgencyId: String(fx.agencyA), minutes: "15" };
    const first = await agenda({ ...fields, _key: "day-agenda.r1" });
    const events = await auditCount();
    const again = await agenda({ ...fields, _key: "day-agenda.r1" });
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    const items = await agendaItems();
    expect(items.map((i) => i.title)).toEqual(["Báo cáo tiến độ số hóa hồ sơ"]);
    expect(first.location).toContain(`#item-${items[0].id}`);
    expect(await auditCount()).toBe(events);
    itemId = items[0].id;
  });

  it("refuses an item with a presenter that is no agency: 400, no item, no audit event, and the key is still good", async () => {
    const events = await auditCount();
    const fields = { intent: "add", title: "Báo cáo an toàn thông tin", kind: "report", minutes: "10", _key: "day-agenda.r2" };
    const bad = await agenda({ ...fields, presenterAgencyId: "999999" });
    expect(bad.status).toBe(400);
    expect(bad.data.errors.presenterAgencyId.key).toBe("validation.invalidChoice");
    expect(bad.data.values.title).toBe("Báo cáo an toàn thông tin");
    expect(await agendaItems()).toHaveLength(1);
    expect(await auditCount()).toBe(events);

    const corrected = await agenda({ ...fields, presenterAgencyId: String(fx.agencyB) });
    expect(corrected.status).toBe(302);
    expect(await agendaItems()).toHaveLength(2);
    // Taken back, so that the session below has one item to conclude.
    const second = (await agendaItems()).find((i) => i.id !== itemId)!;
    expect((await agenda({ intent: "remove", itemId: String(second.id), reason: "Gộp vào mục trên." })).status).toBe(302);
  });
});

describe("the session", () => {
  beforeAll(async () => {
    await moveMeeting(meetingId, "publish_agenda", fx.users.chair);
    await moveMeeting(meetingId, "start_session", fx.users.secretary);
  });

  it("refuses a task before its item has a conclusion: 400, no task, no audit event", async () => {
    const events = await auditCount();
    const early = await session({
      intent: "add_task",
      itemId: String(itemId),
      title: "Hoàn thành số hóa",
      leadAgencyId: String(fx.agencyA),
      _key: "day-task.r1",
    });
    expect(early.status).toBe(400);
    expect(early.data.errors.title.key).toBe("session.concludeFirst");
    expect(await tasks()).toHaveLength(0);
    expect(await auditCount()).toBe(events);
  });

  it("stores a conclusion saved twice with one key once: the second is not a stale save", async () => {
    const fields = { intent: "conclude", itemId: String(itemId), body: "Giao Sở TN&MT hoàn thành số hóa trong quý II.", version: "0", _key: "day-conclude.r1" };
    const first = await session(fields);
    const again = await session(fields);
    expect(first.status).toBe(302);
    // Without the key the same form would collide with its own first copy (409, session.conflict).
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    const stored = await db().selectFrom("conclusions").where("agenda_item_id", "=", itemId).select(["body", "version"]).execute();
    expect(stored).toEqual([{ body: "Giao Sở TN&MT hoàn thành số hóa trong quý II.", version: 1 }]);
  });

  it("refuses a stale conclusion: 409 with the stored text, nothing changed, no audit event", async () => {
    const events = await auditCount();
    const stale = await session({ intent: "conclude", itemId: String(itemId), body: "Một bản khác.", version: "0", _key: "day-conclude.r2" });
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toBe("session.conflict");
    expect(stale.data.detail).toEqual({ current: "Giao Sở TN&MT hoàn thành số hóa trong quý II.", version: 1 });
    expect(stale.data.values.body).toBe("Một bản khác.");
    expect(await db().selectFrom("conclusions").where("agenda_item_id", "=", itemId).select("version").executeTakeFirstOrThrow()).toEqual({ version: 1 });
    expect(await auditCount()).toBe(events);
  });

  it("assigns a task sent twice with one key once, and answers both with the same redirect", async () => {
    const fields = {
      intent: "add_task",
      itemId: String(itemId),
      title: "Hoàn thành số hóa hồ sơ địa chính",
      leadAgencyId: String(fx.agencyA),
      deadline: "2032-06-30",
      // The key refused above (no conclusion yet) was not spent: this is its corrected form.
      _key: "day-task.r1",
    };
    const first = await session(fields);
    const events = await auditCount();
    const again = await session(fields);
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect((await tasks()).map((t) => t.title)).toEqual(["Hoàn thành số hóa hồ sơ địa chính"]);
    expect(await auditCount()).toBe(events);
  });

  it("refuses a task due before the meeting: 400, no task, no audit event", async () => {
    const events = await auditCount();
    const bad = await session({
      intent: "add_task",
      itemId: String(itemId),
      title: "Việc đã quá hạn",
      leadAgencyId: String(fx.agencyB),
      deadline: "2032-01-31",
      _key: "day-task.r2",
    });
    expect(bad.status).toBe(400);
    expect(bad.data.errors.deadline.key).toBe("session.deadlineBeforeMeeting");
    expect(bad.data.values.title).toBe("Việc đã quá hạn");
    expect(await tasks()).toHaveLength(1);
    expect(await auditCount()).toBe(events);
  });
});

describe("the notice", () => {
  beforeAll(async () => {
    await moveMeeting(meetingId, "conclude", fx.users.secretary);
  });

  const notices = () => db().selectFrom("notices").where("meeting_id", "=", meetingId).select(["id", "status", "number", "version"]).execute();

  it("drafts once when the draft button is sent twice with one key; without a key the second is refused and changes nothing", async () => {
    const first = await notice({ intent: "draft", _key: "day-draft.r1" }, fx.users.secretary);
    const again = await notice({ intent: "draft", _key: "day-draft.r1" }, fx.users.secretary);
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await notices()).toHaveLength(1);

    const events = await auditCount();
    const unkeyed = await notice({ intent: "draft" }, fx.users.secretary);
    expect(unkeyed.status).toBe(409);
    expect(unkeyed.data.messageKey).toBe("meetings.refused.notice_exists");
    expect(await notices()).toHaveLength(1);
    expect(await auditCount()).toBe(events);
  });

  it("issues once when the chair's click arrives twice: one number taken, the same redirect", async () => {
    const first = await notice({ intent: "issue", _key: "day-issue.r1" }, fx.users.chair);
    const events = await auditCount();
    const again = await notice({ intent: "issue", _key: "day-issue.r1" }, fx.users.chair);
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    const [issued] = await notices();
    expect(issued).toMatchObject({ status: "issued", version: 2 });
    expect(first.location).toBe(`/meetings/${meetingId}/notice?issued=${issued.number}`);
    expect(await auditCount()).toBe(events);
    const numbered = await db().selectFrom("audit_events").where("action", "=", "notice.issued").where("entity_id", "=", issued.id).select("id").execute();
    expect(numbered).toHaveLength(1);
  });
});
