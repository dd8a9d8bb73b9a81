/**
 * A small world with a record in every state the permission table needs,
 * built through the real actions (and two direct updates where the real
 * path depends on the clock). Every meeting belongs to the fixture's series
 * and lies in next year, so the cut-offs are still ahead.
 *
 *   M1  notice_issued  — issued notice; its tasks are live
 *   M2  concluded      — draft notice; a draft task on A's blocker X2
 *   M2b concluded      — no notice yet (to draft one)
 *   M3  in_session     — item I3a concluded (with draft task T3), item I3b pending
 *   M3b in_session     — every item concluded (to conclude the meeting)
 *   M4  agenda_published
 *   M5  open           — draft agenda: built by rule (live tasks due), plus
 *                        custom items I5a, I5b, and I5x removed by hand
 *   M6  scheduled
 */
import { action as blockerAction } from "../../app/routes/blockers.$blockerId";
import { action as newBlocker } from "../../app/routes/blockers.new";
import { action as meetingAction } from "../../app/routes/meetings.$meetingId";
import { action as agendaAction } from "../../app/routes/meetings.$meetingId._index";
import { action as noticeAction } from "../../app/routes/meetings.$meetingId.notice";
import { action as sessionAction } from "../../app/routes/meetings.$meetingId.session";
import { action as newMeeting } from "../../app/routes/meetings.new";
import { action as taskAction } from "../../app/routes/tasks.$taskId";
import { vnToday } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { cheapHash, seedFixture, type Fixture } from "./fixtures";
import { call, postRequest, type Outcome } from "./requests";

export interface World {
  fx: Fixture;
  year: number;
  /** A secretary-role user who sits in no series (for admin "add member"). */
  spareSecretary: number;
  meetings: {
    issued: number;
    concluded: number;
    concludedNoNotice: number;
    session: number;
    sessionDone: number;
    published: number;
    open: number;
    scheduled: number;
  };
  items: {
    /** M3: concluded, carries draft task T3. */
    sessionConcluded: number;
    /** M3: still pending. */
    sessionPending: number;
    /** M5 (draft agenda): two live custom items and one removed by hand. */
    openA: number;
    openB: number;
    openRemoved: number;
  };
  blockers: {
    /** A's draft (staff saved it). */
    draftA: number;
    /** A's submitted, untriaged. */
    submittedA: number;
    /** A's submitted with a secretary's proposal pending for the chair. */
    proposedA: number;
    /** A's submitted late, aimed at M6, can be pulled into M5. */
    lateA: number;
    /** A's accepted blocker, on M2's agenda (published). */
    onAgendaA: number;
    /** A's blocker resolved by M1's notice. */
    resolvedA: number;
  };
  proposalId: number;
  tasks: {
    /** Issued; lead A, B coordinating. */
    liveA: number;
    /** Issued; lead B. */
    liveB: number;
    /** Issued; lead A, with a pending extension request. */
    extA: number;
    /** Issued; lead A, completion reported, awaiting acceptance. */
    doneA: number;
    /** M2's draft (the notice is not issued), lead A, from blocker X2. */
    draftM2: number;
    /** M3's draft, lead A. */
    draftM3: number;
  };
  extensionId: number;
  completionId: number;
  titles: { draftM2: string; draftM3: string; draftA: string; submittedA: string };
}

function expectRedirect(res: Outcome, what: string): Outcome {
  if (res.status !== 302 || !res.location || res.location.startsWith("/login")) {
    throw new Error(`authz fixture: ${what} answered ${res.status} ${JSON.stringify(res.data)}`);
  }
  return res;
}

const idFrom = (location: string | null, re: RegExp) => Number(location!.match(re)![1]);

export async function buildWorld(): Promise<World> {
  const fx = await seedFixture();
  const db = getDb();
  const { chair, secretary, headA, staffA } = fx.users;
  const year = Number(vnToday().slice(0, 4)) + 1;
  const P = (m: number) => `${year}-${String(m).padStart(2, "0")}`;

  const spareSecretary = (
    await db
      .insertInto("users")
      .values({
        username: "secretary.two",
        email: null,
        full_name: "Thư ký dự phòng",
        title: null,
        password_hash: await cheapHash(),
        role: "secretary",
        agency_id: null,
        updated_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

  const schedule = async (month: number) => {
    const period = P(month);
    const res = expectRedirect(
      await call(
        newMeeting,
        await postRequest(
          "/meetings/new",
          {
            seriesId: String(fx.seriesId),
            period,
            day: `${period}-08`,
            time: "08:00",
            cutoffDay: `${period}-04`,
            cutoffTime: "17:00",
            place: "Trụ sở UBND tỉnh",
          },
          secretary,
        ),
      ),
      `schedule ${period}`,
    );
    return idFrom(res.location, /\/meetings\/(\d+)/);
  };
  const move = async (m: number, transition: string, user = chair) =>
    expectRedirect(
      await call(meetingAction, await postRequest(`/meetings/${m}`, { intent: "transition", transition }, user), { meetingId: String(m) }),
      `${transition} on meeting ${m}`,
    );
  const agenda = async (m: number, fields: Record<string, string>) =>
    expectRedirect(
      await call(agendaAction, await postRequest(`/meetings/${m}?index`, fields, secretary), { meetingId: String(m) }),
      `agenda ${fields.intent} on meeting ${m}`,
    );
  const session = async (m: number, fields: Record<string, string | string[]>) =>
    expectRedirect(
      await call(sessionAction, await postRequest(`/meetings/${m}/session`, fields, secretary), { meetingId: String(m) }),
      `session ${fields.intent} on meeting ${m}`,
    );
  const notice = async (m: number, intent: string, user: number) =>
    expectRedirect(
      await call(noticeAction, await postRequest(`/meetings/${m}/notice`, { intent }, user), { meetingId: String(m) }),
      `notice ${intent} on meeting ${m}`,
    );
  const items = (m: number) => db.selectFrom("agenda_items").where("meeting_id", "=", m).where("removed", "=", 0).orderBy("position").selectAll().execute();
  const addItem = async (m: number, title: string) => {
    await agenda(m, { intent: "add", title, kind: "report", presenterAgencyId: "", minutes: "10" });
    return (await db.selectFrom("agenda_items").where("meeting_id", "=", m).where("title", "=", title).select("id").executeTakeFirstOrThrow()).id;
  };
  const concludeAll = async (m: number) => {
    for (const item of await items(m)) {
      if (item.outcome === "pending") await session(m, { intent: "conclude", itemId: String(item.id), body: "Tiếp tục thực hiện." });
    }
  };
  const blockerFields = (title: string) => ({
    seriesId: String(fx.seriesId),
    title,
    description: "Mô tả khó khăn, vướng mắc.",
    pillar: "digital_data",
    severity: "high",
    helpAgencyId: String(fx.agencyB),
    proposal: "Đề nghị hỗ trợ.",
  });
  const createBlocker = async (title: string, intent: "save" | "submit", user: number) => {
    const res = expectRedirect(
      await call(newBlocker, await postRequest("/blockers/new", { ...blockerFields(title), intent }, user)),
      `blocker ${intent} "${title}"`,
    );
    return idFrom(res.location, /\/blockers\/(\d+)/);
  };
  const triage = async (id: number, fields: Record<string, string>, user: number) =>
    expectRedirect(
      await call(blockerAction, await postRequest(`/blockers/${id}`, { intent: "triage", ...fields }, user), { blockerId: String(id) }),
      `triage ${fields.decision} on blocker ${id}`,
    );
  const taskPost = async (id: number, fields: Record<string, string>, user: number) =>
    expectRedirect(await call(taskAction, await postRequest(`/tasks/${id}`, fields, user), { taskId: String(id) }), `task ${fields.intent} on task ${id}`);
  const taskByTitle = async (title: string) => (await db.selectFrom("tasks").where("title", "=", title).select("id").executeTakeFirstOrThrow()).id;

  // ---- M1: a full cycle, up to the issued notice; its tasks go live.
  const m1 = await schedule(1);
  await move(m1, "open_submissions", secretary);
  const resolvedA = await createBlocker("Chưa kết nối dữ liệu dân cư", "submit", headA);
  await triage(resolvedA, { decision: "accept" }, chair);
  await agenda(m1, { intent: "build" });
  const [m1Item] = await items(m1);
  await move(m1, "publish_agenda");
  await move(m1, "start_session", secretary);
  await session(m1, { intent: "conclude", itemId: String(m1Item.id), body: "Giao các đơn vị thực hiện." });
  const m1Task = async (title: string, lead: number, deadline: string, coordinating: string[] = []) => {
    await session(m1, { intent: "add_task", itemId: String(m1Item.id), title, leadAgencyId: String(lead), coordinatingAgencyIds: coordinating, deadline });
    return taskByTitle(title);
  };
  const liveA = await m1Task("Kết nối dữ liệu đất đai", fx.agencyA, `${P(1)}-20`, [String(fx.agencyB)]);
  const liveB = await m1Task("Số hóa hồ sơ hộ tịch", fx.agencyB, `${P(1)}-25`);
  const extA = await m1Task("Nâng cấp trung tâm dữ liệu", fx.agencyA, `${P(1)}-22`);
  const doneA = await m1Task("Cấp chữ ký số cho cán bộ", fx.agencyA, `${P(1)}-31`);
  await move(m1, "conclude", secretary);
  await notice(m1, "draft", secretary);
  await notice(m1, "issue", chair);
  await taskPost(extA, { intent: "request-extension", requestedDeadline: `${P(2)}-28`, reason: "Chờ thiết bị." }, headA);
  await taskPost(doneA, { intent: "report-completion", result: "Đã cấp 500 chữ ký số.", evidence: "Danh sách cấp phát." }, headA);
  const extensionId = (await db.selectFrom("extension_requests").where("task_id", "=", extA).select("id").executeTakeFirstOrThrow()).id;
  const completionId = (await db.selectFrom("completion_reports").where("task_id", "=", doneA).select("id").executeTakeFirstOrThrow()).id;

  // ---- M2: concluded, a draft notice, and a draft task on A's accepted blocker.
  const m2 = await schedule(2);
  await move(m2, "open_submissions", secretary);
  const onAgendaA = await createBlocker("Thiếu kinh phí chuyển đổi số cấp xã", "submit", headA);
  await triage(onAgendaA, { decision: "accept" }, chair);
  await agenda(m2, { intent: "build" });
  await move(m2, "publish_agenda");
  await move(m2, "start_session", secretary);
  await concludeAll(m2);
  const m2BlockerItem = (await items(m2)).find((i) => i.blocker_id === onAgendaA)!;
  const draftM2Title = "Bố trí kinh phí mật cho xã Quảng Lâm";
  await session(m2, { intent: "add_task", itemId: String(m2BlockerItem.id), title: draftM2Title, leadAgencyId: String(fx.agencyA), deadline: `${P(2)}-25` });
  const draftM2 = await taskByTitle(draftM2Title);
  await move(m2, "conclude", secretary);
  await notice(m2, "draft", secretary);

  // ---- M2b: concluded, no notice.
  const m2b = await schedule(3);
  await addItem(m2b, "Báo cáo chỉ số DTI");
  await move(m2b, "publish_agenda");
  await move(m2b, "start_session", secretary);
  await concludeAll(m2b);
  await move(m2b, "conclude", secretary);

  // ---- M3: in session, one item concluded with a draft task, one pending.
  const m3 = await schedule(4);
  const sessionConcluded = await addItem(m3, "Báo cáo hạ tầng số");
  const sessionPending = await addItem(m3, "Báo cáo an toàn thông tin");
  await move(m3, "publish_agenda");
  await move(m3, "start_session", secretary);
  await session(m3, { intent: "conclude", itemId: String(sessionConcluded), body: "Kết luận tạm: giao Sở rà soát bí mật." });
  const draftM3Title = "Rà soát hạ tầng dự thảo";
  await session(m3, { intent: "add_task", itemId: String(sessionConcluded), title: draftM3Title, leadAgencyId: String(fx.agencyA), deadline: `${P(4)}-28` });
  const draftM3 = await taskByTitle(draftM3Title);

  // ---- M3b: in session, every item concluded.
  const m3b = await schedule(5);
  await addItem(m3b, "Báo cáo kinh tế số");
  await move(m3b, "publish_agenda");
  await move(m3b, "start_session", secretary);
  await concludeAll(m3b);

  // ---- M4: agenda published.
  const m4 = await schedule(6);
  await addItem(m4, "Báo cáo xã hội số");
  await move(m4, "publish_agenda");

  // ---- M5: open with a draft agenda; M6: scheduled.
  const m5 = await schedule(7);
  await move(m5, "open_submissions", secretary);
  await agenda(m5, { intent: "build" });
  const openA = await addItem(m5, "Dự thảo: báo cáo chính quyền số");
  const openB = await addItem(m5, "Dự thảo: báo cáo dữ liệu số");
  const openRemoved = await addItem(m5, "Dự thảo: nội dung đã bỏ");
  await agenda(m5, { intent: "remove", itemId: String(openRemoved), reason: "Không cần thiết." });
  const m6 = await schedule(8);

  // ---- A's blockers before triage (all aimed at M5).
  const draftATitle = "Bản nháp: thiếu nhân lực CNTT";
  const submittedATitle = "Đã gửi: phần mềm một cửa chưa ổn định";
  const draftA = await createBlocker(draftATitle, "save", staffA);
  const submittedA = await createBlocker(submittedATitle, "submit", headA);
  const proposedA = await createBlocker("Đã gửi: chưa có quy chế chia sẻ dữ liệu", "submit", headA);
  await triage(proposedA, { decision: "return", reason: "Đề nghị bổ sung số liệu." }, secretary);
  const proposalId = (
    await db.selectFrom("triage_decisions").where("blocker_id", "=", proposedA).where("status", "=", "pending").select("id").executeTakeFirstOrThrow()
  ).id;
  // Late: sent after M5's cut-off, aimed at M6 — set directly, since the real path depends on the clock.
  const lateA = await createBlocker("Gửi muộn: đường truyền xã chậm", "submit", headA);
  const m5Row = await db.selectFrom("meetings").where("id", "=", m5).select("cutoff_at").executeTakeFirstOrThrow();
  const lateAt = new Date(new Date(m5Row.cutoff_at).getTime() + 3600_000).toISOString();
  await db.updateTable("blockers").set({ is_late: 1, meeting_id: m6, submitted_at: lateAt }).where("id", "=", lateA).execute();

  return {
    fx,
    year,
    spareSecretary,
    meetings: { issued: m1, concluded: m2, concludedNoNotice: m2b, session: m3, sessionDone: m3b, published: m4, open: m5, scheduled: m6 },
    items: { sessionConcluded, sessionPending, openA, openB, openRemoved },
    blockers: { draftA, submittedA, proposedA, lateA, onAgendaA, resolvedA },
    proposalId,
    tasks: { liveA, liveB, extA, doneA, draftM2, draftM3 },
    extensionId,
    completionId,
    titles: { draftM2: draftM2Title, draftM3: draftM3Title, draftA: draftATitle, submittedA: submittedATitle },
  };
}
