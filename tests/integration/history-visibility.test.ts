/**
 * A reader sees a history event only if they could have seen the record in
 * the state it describes. Drafts, returns, triage proposals and their
 * rejection reasons stay with the agency and the series' office; a draft
 * task and a meeting's unpublished records stay with the office.
 *
 * Each record kind that has a history is walked through its states with the
 * real actions, then its page is loaded as every kind of user: the events
 * each one gets are listed, and for outsiders the whole loader data must
 * not contain any text the record only had while it was not yet theirs to see.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as rBlocker from "../../app/routes/blockers.$blockerId";
import * as rBlockerNew from "../../app/routes/blockers.new";
import * as rMeetingHistory from "../../app/routes/meetings.$meetingId.history";
import * as rSession from "../../app/routes/meetings.$meetingId.session";
import * as rTask from "../../app/routes/tasks.$taskId";
import { addDaysToDay, vnToday } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { buildWorld, type World } from "../helpers/authz-fixture";
import { call, getRequest, postRequest, type Outcome } from "../helpers/requests";

type Handler = Parameters<typeof call>[0];
type Who = "chair" | "secretary" | "headA" | "staffA" | "headB" | "staffB" | "observer" | "admin";
interface Entry {
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  beforeWithheld?: boolean;
}

const OFFICE = ["chair", "secretary"] as const;
const OWN_AGENCY = ["headA", "staffA"] as const;
/** Neither A nor the series' office: another agency, an observer, an admin. */
const OUTSIDERS = ["headB", "staffB", "observer", "admin"] as const;
const NOT_OFFICE = [...OWN_AGENCY, ...OUTSIDERS] as const;

// What A's blocker said before it was accepted, and what was said about it in triage.
const DRAFT = {
  title: "Nháp riêng: máy chủ xã Quảng Lâm hỏng 4711",
  description: "Mô tả nháp chưa gửi: số liệu nội bộ 4711",
  proposal: "Đề xuất nháp: xin cấp 9 tỷ đồng 4711",
};
const RETURN_REASON = "Trả lại: đề nghị bổ sung số liệu năm 2025 của xã 4712";
const REJECTED_PROPOSAL = "Thư ký đề xuất không xem xét vì trùng nội dung 4713";
const FINAL = {
  title: "Máy chủ cấp xã cần thay thế",
  description: "Hệ thống máy chủ của 12 xã đã quá thời hạn sử dụng.",
  proposal: "Đề nghị Sở Tài chính bố trí kinh phí năm sau.",
};
const BLOCKER_SECRETS = [DRAFT.title, DRAFT.description, DRAFT.proposal, RETURN_REASON, REJECTED_PROPOSAL];
const AMENDED = "Giao các đơn vị thực hiện, báo cáo kết quả trước ngày 30.";

let world: World;
let blocker: number;
let referralTask: number;

const uid = (u: Who) => world.fx.users[u];

async function load(mod: { loader: unknown }, path: string, u: Who, params: Record<string, string>): Promise<Outcome> {
  const res = await call(mod.loader as Handler, await getRequest(path, uid(u)), params);
  expect(res.status, `${u} ${path}`).toBe(200);
  return res;
}

async function post(mod: { action: unknown }, path: string, fields: Record<string, string>, u: Who, params: Record<string, string> = {}) {
  const res = await call(mod.action as Handler, await postRequest(path, fields, uid(u)), params);
  if (res.status !== 302) throw new Error(`${u} ${path} ${fields.intent}: ${res.status} ${JSON.stringify(res.data)}`);
  return res;
}

const blockerPage = (id: number, u: Who) => load(rBlocker, `/blockers/${id}`, u, { blockerId: String(id) });
const taskPage = (id: number, u: Who) => load(rTask, `/tasks/${id}`, u, { taskId: String(id) });
const meetingPage = (id: number, u: Who) => load(rMeetingHistory, `/meetings/${id}/history`, u, { meetingId: String(id) });
const historyOf = (res: Outcome): Entry[] => res.data.history ?? res.data.entries;
const actions = (res: Outcome) => historyOf(res).map((e) => e.action);

async function onBlocker(id: number, fields: Record<string, string>, u: Who) {
  await post(rBlocker, `/blockers/${id}`, fields, u, { blockerId: String(id) });
}
async function pendingProposal(id: number) {
  const row = await getDb().selectFrom("triage_decisions").where("blocker_id", "=", id).where("status", "=", "pending").select("id").executeTakeFirstOrThrow();
  return String(row.id);
}

beforeAll(async () => {
  world = await buildWorld();
  const db = getDb();
  const common = { seriesId: String(world.fx.seriesId), pillar: "infrastructure", severity: "high", helpAgencyId: String(world.fx.agencyB) };

  // A's blocker: drafted, sent, returned (a secretary's proposal the chair approved),
  // rewritten, sent again, a second proposal the chair rejected, then accepted by the chair.
  const created = await post(rBlockerNew, "/blockers/new", { ...common, ...DRAFT, intent: "save" }, "staffA");
  blocker = Number(created.location!.match(/\/blockers\/(\d+)/)![1]);
  await onBlocker(blocker, { intent: "submit" }, "headA");
  await onBlocker(blocker, { intent: "triage", decision: "return", reason: RETURN_REASON }, "secretary");
  await onBlocker(blocker, { intent: "approve", decisionId: await pendingProposal(blocker) }, "chair");
  const { version } = await db.selectFrom("blockers").where("id", "=", blocker).select("version").executeTakeFirstOrThrow();
  await onBlocker(blocker, { intent: "edit", ...common, ...FINAL, version: String(version) }, "staffA");
  await onBlocker(blocker, { intent: "submit" }, "headA");
  await onBlocker(blocker, { intent: "triage", decision: "decline", reason: REJECTED_PROPOSAL }, "secretary");
  await onBlocker(blocker, { intent: "reject", decisionId: await pendingProposal(blocker) }, "chair");
  await onBlocker(blocker, { intent: "triage", decision: "accept" }, "chair");

  // A blocker referred to B: its task is live from birth.
  const referred = await post(
    rBlockerNew,
    "/blockers/new",
    { ...common, title: "Chuyển xử lý: cáp quang xã", description: "Mô tả.", proposal: "Đề nghị.", intent: "submit" },
    "headA",
  );
  const referredId = Number(referred.location!.match(/\/blockers\/(\d+)/)![1]);
  await onBlocker(
    referredId,
    {
      intent: "triage",
      decision: "refer",
      reason: "UBND huyện kéo cáp quang đến xã.",
      referAgencyId: String(world.fx.agencyB),
      referDeadline: addDaysToDay(vnToday(), 30),
    },
    "chair",
  );
  referralTask = (await db.selectFrom("tasks").where("blocker_id", "=", referredId).select("id").executeTakeFirstOrThrow()).id;

  // An amendment after M1's notice was issued: the issued text was public, so is the change.
  const m1 = world.meetings.issued;
  const conclusion = await db.selectFrom("conclusions").where("meeting_id", "=", m1).select(["agenda_item_id", "version"]).executeTakeFirstOrThrow();
  await post(
    rSession,
    `/meetings/${m1}/session`,
    { intent: "conclude", itemId: String(conclusion.agenda_item_id), body: AMENDED, version: String(conclusion.version) },
    "secretary",
    { meetingId: String(m1) },
  );
}, 120_000);

describe("a blocker's history", () => {
  const ALL = [
    "blocker.accepted",
    "blocker.triage_rejected",
    "blocker.triage_proposed",
    "blocker.submitted",
    "blocker.updated",
    "blocker.triage_approved",
    "blocker.returned",
    "blocker.triage_proposed",
    "blocker.submitted",
    "blocker.created",
  ];

  it.each(OFFICE)("%s (the series' office) sees every event, proposals included", async (u) => {
    expect(actions(await blockerPage(blocker, u))).toEqual(ALL);
  });

  it.each(OWN_AGENCY)("%s (its own agency) sees its drafts and returns, not the office's proposals", async (u) => {
    const res = await blockerPage(blocker, u);
    expect(actions(res)).toEqual(ALL.filter((a) => a !== "blocker.triage_proposed" && a !== "blocker.triage_rejected"));
    const text = JSON.stringify(res.data);
    expect(text).toContain(DRAFT.title);
    expect(text).toContain(RETURN_REASON);
    expect(text).not.toContain(REJECTED_PROPOSAL);
  });

  it.each(OUTSIDERS)("%s sees only the acceptance, without the state before it", async (u) => {
    const res = await blockerPage(blocker, u);
    const history = historyOf(res);
    expect(history.map((e) => e.action)).toEqual(["blocker.accepted"]);
    expect(history[0]).toMatchObject({ before: null, beforeWithheld: true, after: { status: "on_agenda", title: FINAL.title } });
    const text = JSON.stringify(res.data);
    for (const secret of BLOCKER_SECRETS) expect(text, secret).not.toContain(secret);
  });

  it.each(OUTSIDERS)("%s sees a resolved blocker's acceptance and resolution", async (u) => {
    const history = historyOf(await blockerPage(world.blockers.resolvedA, u));
    expect(history.map((e) => e.action)).toEqual(["blocker.resolved", "blocker.accepted"]);
    expect(history[0]).toMatchObject({ before: { status: "on_agenda" }, after: { status: "resolved" } });
    expect(history[1]).toMatchObject({ before: null, beforeWithheld: true });
  });
});

describe("a task's history", () => {
  it.each(OFFICE)("%s sees the draft task being created", async (u) => {
    expect(actions(await taskPage(world.tasks.liveA, u))).toEqual(["task.issued", "task.created"]);
    expect(actions(await taskPage(world.tasks.draftM2, u))).toEqual(["task.created"]);
  });

  it.each(NOT_OFFICE)("%s sees a task only from its issue on, even as its lead agency", async (u) => {
    const live = historyOf(await taskPage(world.tasks.liveA, u));
    expect(live.map((e) => e.action)).toEqual(["task.issued"]);
    expect(live[0]).toMatchObject({ before: null, beforeWithheld: true, after: { status: "in_progress" } });
    const ext = historyOf(await taskPage(world.tasks.extA, u));
    expect(ext.map((e) => e.action)).toEqual(["task.extension_requested", "task.issued"]);
    for (const e of [...live, ...ext]) expect(JSON.stringify([e.before, e.after])).not.toContain('"draft"');
  });

  it.each(NOT_OFFICE)("%s sees a referral's task from its birth: it was never a draft", async (u) => {
    expect(actions(await taskPage(referralTask, u))).toEqual(["task.created"]);
  });
});

describe("a meeting's history", () => {
  const recordEvents = (res: Outcome) => actions(res).filter((a) => /^(agenda_item|conclusion|notice)\./.test(a));

  it.each(OFFICE)("%s sees the meeting's records in every state", async (u) => {
    expect(recordEvents(await meetingPage(world.meetings.open, u))).toEqual(expect.arrayContaining(["agenda_item.added", "agenda_item.removed"]));
    expect(recordEvents(await meetingPage(world.meetings.session, u))).toEqual(expect.arrayContaining(["conclusion.recorded", "agenda_item.concluded"]));
    expect(recordEvents(await meetingPage(world.meetings.concluded, u))).toContain("notice.drafted");
    const issued = await meetingPage(world.meetings.issued, u);
    expect(recordEvents(issued)).toEqual(expect.arrayContaining(["conclusion.amended", "notice.issued", "notice.drafted", "conclusion.recorded"]));
    expect(historyOf(issued).find((e) => e.action === "notice.issued")).toMatchObject({ before: { status: "draft" }, after: { status: "issued" } });
  });

  it.each(NOT_OFFICE)("%s sees no draft agenda, no session record before the notice, no draft notice", async (u) => {
    for (const m of [world.meetings.open, world.meetings.published, world.meetings.session, world.meetings.concluded, world.meetings.concludedNoNotice]) {
      const res = await meetingPage(m, u);
      expect(actions(res).length, `meeting ${m}`).toBeGreaterThan(0);
      expect(recordEvents(res), `meeting ${m}`).toEqual([]);
      const text = JSON.stringify(res.data);
      for (const secret of ["Dự thảo: báo cáo", "Không cần thiết.", "Kết luận tạm", world.titles.draftM2]) expect(text, `meeting ${m}`).not.toContain(secret);
    }
  });

  it.each(NOT_OFFICE)("%s sees what happened to an issued meeting's records after the notice, and the issue itself", async (u) => {
    const res = await meetingPage(world.meetings.issued, u);
    expect(recordEvents(res)).toEqual(["conclusion.amended", "notice.issued"]);
    const history = historyOf(res);
    expect(history.find((e) => e.action === "notice.issued")).toMatchObject({ before: null, beforeWithheld: true, after: { status: "issued" } });
    // The amended text replaced one that was already public.
    expect(history.find((e) => e.action === "conclusion.amended")).toMatchObject({ before: { body: "Giao các đơn vị thực hiện." }, after: { body: AMENDED } });
  });
});
