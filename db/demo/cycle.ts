/**
 * The demo province's briefing cycle: the 7 April 2023 meeting of the
 * article (its three difficulties as blockers, its conclusions as tasks),
 * the meetings before and after it with tasks done on time, late, extended
 * and still overdue, and an open meeting next month so the roll-over shows.
 * Written as plain inserts with historical timestamps; every record gets a
 * "demo" audit event so its history is never empty.
 */
import type { Kysely, Transaction } from "kysely";
import type { AgendaItemKind, BlockerStatus, Database, MeetingStatus, Pillar, Severity, TaskStatus } from "../schema";
import { addDaysToDay, vnLocalToIso, vnToday } from "../../app/utils/dates";

type Trx = Transaction<Database> | Kysely<Database>;

interface Ctx {
  trx: Trx;
  seriesId: number;
  agency: (code: string) => number;
  user: (username: string) => number;
}

const iso = (day: string, time = "09:00") => vnLocalToIso(day, time);

async function audit(ctx: Ctx, at: string, actor: string | null, action: string, entityType: string, entityId: number, after: unknown) {
  await ctx.trx
    .insertInto("audit_events")
    .values({
      at,
      actor_user_id: actor ? ctx.user(actor) : null,
      action,
      entity_type: entityType,
      entity_id: entityId,
      before_json: null,
      after_json: JSON.stringify(after),
    })
    .execute();
}

interface MeetingSpec {
  period: string;
  day: string;
  time: string;
  place: string;
  cutoffDay: string;
  bridgePoints: string[];
  status: MeetingStatus;
}

async function meeting(ctx: Ctx, m: MeetingSpec, titleVi: string): Promise<number> {
  const at = iso(addDaysToDay(m.cutoffDay, -10));
  const row = await ctx.trx
    .insertInto("meetings")
    .values({
      series_id: ctx.seriesId,
      period: m.period,
      title: titleVi,
      starts_at: iso(m.day, m.time),
      place: m.place,
      cutoff_at: iso(m.cutoffDay, "17:00"),
      status: m.status,
      agenda_built_at: m.status === "scheduled" || m.status === "open" ? null : iso(addDaysToDay(m.cutoffDay, 1)),
      created_by: ctx.user("thuky"),
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const label of m.bridgePoints) await ctx.trx.insertInto("bridge_points").values({ meeting_id: row.id, agency_id: null, label }).execute();
  await audit(ctx, at, "thuky", "meeting.scheduled", "meeting", row.id, { period: m.period, status: m.status });
  return row.id;
}

interface BlockerSpec {
  agency: string;
  title: string;
  description: string;
  pillar: Pillar;
  severity: Severity;
  help: string | null;
  proposal: string;
  submittedDay: string;
  by: string;
}

async function blocker(ctx: Ctx, meetingId: number, b: BlockerSpec, status: BlockerStatus): Promise<number> {
  const at = iso(b.submittedDay, "15:00");
  const row = await ctx.trx
    .insertInto("blockers")
    .values({
      series_id: ctx.seriesId,
      agency_id: ctx.agency(b.agency),
      meeting_id: meetingId,
      title: b.title,
      description: b.description,
      pillar: b.pillar,
      severity: b.severity,
      help_agency_id: b.help ? ctx.agency(b.help) : null,
      proposal: b.proposal,
      plan_target: null,
      status,
      created_by: ctx.user(b.by),
      submitted_by: ctx.user(b.by),
      submitted_at: at,
      triaged_at: status === "submitted" ? null : iso(addDaysToDay(b.submittedDay, 1)),
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await audit(ctx, at, b.by, "blocker.submitted", "blocker", row.id, { title: b.title, status: "submitted" });
  if (status !== "submitted") {
    await ctx.trx
      .insertInto("triage_decisions")
      .values({
        blocker_id: row.id,
        meeting_id: meetingId,
        decision: "accept",
        reason: null,
        merge_into_id: null,
        refer_agency_id: null,
        refer_deadline: null,
        status: "approved",
        proposed_by: ctx.user("chutri"),
        decided_by: ctx.user("chutri"),
        decided_at: iso(addDaysToDay(b.submittedDay, 1)),
        created_at: iso(addDaysToDay(b.submittedDay, 1)),
      })
      .execute();
    await audit(ctx, iso(addDaysToDay(b.submittedDay, 1)), "chutri", "blocker.triaged", "blocker", row.id, { decision: "accept", status });
  }
  return row.id;
}

interface TaskSpec {
  title: string;
  lead: string;
  coordinators?: string[];
  deadline: string | null;
  expected?: string;
  reportNext?: boolean;
  pillar?: Pillar;
  /** What happened after the notice. */
  progress?: Array<{ day: string; percent: number; body: string; agency?: string }>;
  extension?: { day: string; to: string; reason: string; decision: "approved" | "rejected" | "pending" };
  completion?: { day: string; result: string; evidence: string; decision: "approved" | "pending" };
}

interface ItemSpec {
  kind: AgendaItemKind;
  title: string;
  presenter: string | null;
  minutes: number;
  blocker?: number;
  conclusion?: string;
  notReached?: boolean;
  tasks?: TaskSpec[];
}

async function conductMeeting(
  ctx: Ctx,
  meetingId: number,
  day: string,
  items: ItemSpec[],
  notice: { number: number; issuedOn: string; summary: string; opening: string } | null,
) {
  let position = 0;
  const concerned: string[] = [];
  for (const item of items) {
    const at = iso(day, "10:00");
    const agendaRow = await ctx.trx
      .insertInto("agenda_items")
      .values({
        meeting_id: meetingId,
        position: ++position,
        kind: item.kind,
        title: item.title,
        blocker_id: item.blocker ?? null,
        task_id: null,
        carried_from_item_id: null,
        presenter_agency_id: item.presenter ? ctx.agency(item.presenter) : null,
        carry_count: item.kind === "carried_over" ? 1 : 0,
        minutes: item.minutes,
        source: item.blocker ? "rule" : "manual",
        outcome: item.notReached ? "not_reached" : item.conclusion ? "concluded" : "pending",
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (!item.conclusion) continue;
    const c = await ctx.trx
      .insertInto("conclusions")
      .values({ meeting_id: meetingId, agenda_item_id: agendaRow.id, body: item.conclusion, created_by: ctx.user("thuky"), created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(ctx, at, "thuky", "conclusion.recorded", "conclusion", c.id, { body: item.conclusion });
    for (const task of item.tasks ?? []) {
      concerned.push(task.lead, ...(task.coordinators ?? []));
      await createTask(ctx, meetingId, c.id, item.blocker ?? null, task, notice ? notice.issuedOn : null);
    }
  }
  if (!notice) return;
  const agencyNames = await ctx.trx
    .selectFrom("agencies")
    .where("code", "in", concerned.length ? concerned : ["-"])
    .select("name_vi")
    .execute();
  const unique = [...new Set(agencyNames.map((a) => a.name_vi))].sort((a, b) => a.localeCompare(b, "vi"));
  const n = await ctx.trx
    .insertInto("notices")
    .values({
      meeting_id: meetingId,
      status: "issued",
      year: Number(notice.issuedOn.slice(0, 4)),
      number: notice.number,
      symbol: "TB-UBND",
      issued_on: notice.issuedOn,
      summary: notice.summary,
      opening: notice.opening,
      closing: "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
      recipients: ["- Chủ tịch, các PCT UBND tỉnh;", "- Như thành phần mời dự;", ...unique.map((u) => `- ${u};`), "- V0, V1, TH;", "- Lưu: VT, TH."].join("\n"),
      signer_authority: "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG",
      signer_title: "PHÓ CHÁNH VĂN PHÒNG",
      signer_name: "Phạm Văn Ký",
      drafted_by: ctx.user("thuky"),
      approved_by: ctx.user("chutri"),
      approved_at: iso(notice.issuedOn, "16:00"),
      created_at: iso(day, "15:00"),
      updated_at: iso(notice.issuedOn, "16:00"),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await audit(ctx, iso(notice.issuedOn, "16:00"), "chutri", "notice.issued", "notice", n.id, { number: notice.number, issued_on: notice.issuedOn });
  await audit(ctx, iso(notice.issuedOn, "16:00"), "chutri", "meeting.issue_notice", "meeting", meetingId, { status: "notice_issued" });
}

async function createTask(ctx: Ctx, meetingId: number, conclusionId: number, blockerId: number | null, t: TaskSpec, issuedOn: string | null) {
  const issued = issuedOn !== null;
  const approvedExtension = t.extension?.decision === "approved" ? t.extension.to : null;
  const accepted = t.completion?.decision === "approved";
  const status: TaskStatus = !issued ? "draft" : accepted ? "completed" : t.completion ? "awaiting_acceptance" : "in_progress";
  const at = iso(issuedOn ?? "2023-01-01", "16:00");
  const row = await ctx.trx
    .insertInto("tasks")
    .values({
      series_id: ctx.seriesId,
      meeting_id: meetingId,
      conclusion_id: conclusionId,
      blocker_id: blockerId,
      title: t.title,
      description: "",
      expected_result: t.expected ?? "",
      pillar: t.pillar ?? null,
      lead_agency_id: ctx.agency(t.lead),
      original_deadline: t.deadline,
      deadline: approvedExtension ?? t.deadline,
      report_next_meeting: t.reportNext ? 1 : 0,
      status,
      completed_on: accepted ? t.completion!.day : null,
      created_by: ctx.user("thuky"),
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const code of t.coordinators ?? [])
    await ctx.trx
      .insertInto("task_coordinators")
      .values({ task_id: row.id, agency_id: ctx.agency(code) })
      .execute();
  await audit(ctx, at, "thuky", "task.created", "task", row.id, { title: t.title, deadline: t.deadline });
  if (issued) await audit(ctx, at, "chutri", "task.issued", "task", row.id, { status: "in_progress" });
  const head = `ld.${{ STTTT: "tttt", STNMT: "tnmt", "CA-TINH": "congan", DAMHA: "damha" }[t.lead] ?? "tttt"}`;
  for (const p of t.progress ?? []) {
    await ctx.trx
      .insertInto("progress_reports")
      .values({
        task_id: row.id,
        agency_id: ctx.agency(p.agency ?? t.lead),
        percent: p.percent,
        body: p.body,
        report_date: p.day,
        created_by: ctx.user(head),
        created_at: iso(p.day, "11:00"),
      })
      .execute();
    await audit(ctx, iso(p.day, "11:00"), head, "task.progress_reported", "task", row.id, { percent: p.percent });
  }
  if (t.extension) {
    const e = t.extension;
    await ctx.trx
      .insertInto("extension_requests")
      .values({
        task_id: row.id,
        previous_deadline: t.deadline,
        requested_deadline: e.to,
        reason: e.reason,
        status: e.decision,
        decision_reason: e.decision === "rejected" ? "Nhiệm vụ cấp bách, không gia hạn." : null,
        decided_by: e.decision === "pending" ? null : ctx.user("chutri"),
        decided_at: e.decision === "pending" ? null : iso(addDaysToDay(e.day, 2), "15:00"),
        created_by: ctx.user(head),
        created_at: iso(e.day, "10:00"),
      })
      .execute();
    await audit(ctx, iso(e.day, "10:00"), head, "task.extension_requested", "task", row.id, { requested_deadline: e.to });
    if (e.decision === "approved")
      await audit(ctx, iso(addDaysToDay(e.day, 2), "15:00"), "chutri", "task.extension_approved", "task", row.id, {
        deadline: e.to,
        original_deadline: t.deadline,
      });
  }
  if (t.completion) {
    const c = t.completion;
    await ctx.trx
      .insertInto("completion_reports")
      .values({
        task_id: row.id,
        result: c.result,
        evidence: c.evidence,
        completed_on: c.day,
        status: c.decision,
        decision_reason: null,
        decided_by: c.decision === "approved" ? ctx.user("chutri") : null,
        decided_at: c.decision === "approved" ? iso(addDaysToDay(c.day, 3), "15:00") : null,
        created_by: ctx.user(head),
        created_at: iso(c.day, "16:00"),
      })
      .execute();
    await audit(ctx, iso(c.day, "16:00"), head, "task.completion_reported", "task", row.id, { completed_on: c.day });
    if (c.decision === "approved")
      await audit(ctx, iso(addDaysToDay(c.day, 3), "15:00"), "chutri", "task.completion_accepted", "task", row.id, { status: "completed" });
  }
}

const PLACE = "Phòng họp số 1, Trụ sở Liên cơ quan số 3, thành phố Hạ Long";
const BRIDGES = ["Điểm cầu UBND huyện Đầm Hà", "Điểm cầu UBND thành phố Móng Cái", "Điểm cầu UBND huyện Cô Tô"];
const DISTRICTS = ["HALONG", "CAMPHA", "UONGBI", "MONGCAI", "DONGTRIEU", "QUANGYEN", "VANDON", "TIENYEN", "DAMHA", "HAIHA", "BINHLIEU", "BACHE", "COTO"];

const openingFor = (day: string, subject: string) =>
  `Ngày ${day}, đồng chí Quyền Chủ tịch UBND tỉnh chủ trì cuộc họp ${subject}. Tham dự cuộc họp có lãnh đạo các sở, ban, ngành liên quan; tại các điểm cầu: ${BRIDGES.join(", ")}. Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, đồng chí Quyền Chủ tịch UBND tỉnh kết luận, chỉ đạo như sau:`;

export async function seedDemoCycle(trx: Trx, seriesId: number, today: string = vnToday()): Promise<void> {
  const agencies = new Map((await trx.selectFrom("agencies").select(["id", "code"]).execute()).map((a) => [a.code, a.id]));
  const users = new Map((await trx.selectFrom("users").select(["id", "username"]).execute()).map((u) => [u.username, u.id]));
  const ctx: Ctx = {
    trx,
    seriesId,
    agency: (code) =>
      agencies.get(code) ??
      (() => {
        throw new Error(`demo agency ${code}`);
      })(),
    user: (name) =>
      users.get(name) ??
      (() => {
        throw new Error(`demo user ${name}`);
      })(),
  };
  const title = (p: string) => `Giao ban chuyển đổi số hàng tháng tháng ${Number(p.slice(5))}/${p.slice(0, 4)}`;

  // February 2023
  const feb = await meeting(
    ctx,
    { period: "2023-02", day: "2023-02-08", time: "14:00", place: PLACE, cutoffDay: "2023-02-03", bridgePoints: BRIDGES, status: "notice_issued" },
    title("2023-02"),
  );
  await conductMeeting(
    ctx,
    feb,
    "2023-02-08",
    [
      {
        kind: "report",
        title: "Kết quả triển khai Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
        presenter: "STTTT",
        minutes: 15,
        conclusion: "Hoàn thành kết nối LGSP với các hệ thống thông tin dùng chung của tỉnh trong quý I/2023.",
        tasks: [
          {
            title: "Hoàn thành kết nối 100% hệ thống thông tin dùng chung với LGSP",
            lead: "STTTT",
            coordinators: ["VP-UBND"],
            deadline: "2023-03-31",
            pillar: "digital_data",
            progress: [
              { day: "2023-03-10", percent: 60, body: "Đã kết nối 9/15 hệ thống." },
              { day: "2023-03-28", percent: 100, body: "Đã kết nối đủ 15/15 hệ thống." },
            ],
            completion: {
              day: "2023-03-29",
              result: "Kết nối 15/15 hệ thống thông tin dùng chung với LGSP.",
              evidence: "Báo cáo số 112/BC-STTTT ngày 29/3/2023.",
              decision: "approved",
            },
          },
        ],
      },
      {
        kind: "report",
        title: "Thanh toán không dùng tiền mặt tại các chợ truyền thống",
        presenter: "NHNN",
        minutes: 10,
        conclusion: "Nhân rộng mô hình chợ 4.0, thanh toán không dùng tiền mặt tại các chợ trên địa bàn.",
        tasks: [
          {
            title: "Triển khai mô hình chợ 4.0 tại ít nhất 5 chợ truyền thống",
            lead: "SCT",
            coordinators: ["NHNN", "HALONG", "CAMPHA"],
            deadline: "2023-03-15",
            pillar: "digital_economy",
            completion: { day: "2023-03-24", result: "Triển khai tại 5 chợ.", evidence: "Báo cáo số 45/BC-SCT.", decision: "approved" },
          },
        ],
      },
    ],
    {
      number: 12,
      issuedOn: "2023-02-10",
      summary: "Kết luận của đồng chí Quyền Chủ tịch UBND tỉnh tại cuộc họp giao ban chuyển đổi số tháng 2/2023",
      opening: openingFor("08 tháng 02 năm 2023", "giao ban chuyển đổi số tháng 2/2023"),
    },
  );

  // March 2023
  const mar = await meeting(
    ctx,
    { period: "2023-03", day: "2023-03-08", time: "14:00", place: PLACE, cutoffDay: "2023-03-03", bridgePoints: BRIDGES, status: "notice_issued" },
    title("2023-03"),
  );
  await conductMeeting(
    ctx,
    mar,
    "2023-03-08",
    [
      {
        kind: "report",
        title: "Cấp và quản lý mã số vùng trồng, vùng nuôi thủy sản",
        presenter: "SNN",
        minutes: 10,
        conclusion: "Đẩy nhanh hoàn thiện hệ thống cấp và quản lý mã số vùng trồng, vùng nuôi thủy sản; số hóa cơ sở dữ liệu 3 loại rừng.",
        tasks: [
          {
            title: "Hoàn thiện hệ thống cấp và quản lý mã số vùng trồng, vùng nuôi thủy sản",
            lead: "SNN",
            coordinators: ["STTTT"],
            deadline: "2023-04-30",
            pillar: "digital_economy",
            progress: [{ day: "2023-04-20", percent: 80, body: "Đã cấp mã số cho 42 vùng trồng." }],
            completion: { day: "2023-04-28", result: "Hệ thống vận hành chính thức.", evidence: "Quyết định số 1120/QĐ-SNN.", decision: "approved" },
          },
        ],
      },
      {
        kind: "other",
        title: "Nộp thuế điện tử qua hệ thống eTax",
        presenter: "CUC-THUE",
        minutes: 10,
        conclusion: "Cục Thuế tỉnh đẩy mạnh hướng dẫn người nộp thuế sử dụng eTax.",
        tasks: [
          {
            title: "Đạt tỷ lệ 98% doanh nghiệp nộp thuế điện tử",
            lead: "CUC-THUE",
            deadline: "2023-04-15",
            pillar: "digital_economy",
            completion: { day: "2023-04-14", result: "Đạt 98,6%.", evidence: "Báo cáo số 77/BC-CT.", decision: "approved" },
          },
        ],
      },
    ],
    {
      number: 28,
      issuedOn: "2023-03-10",
      summary: "Kết luận của đồng chí Quyền Chủ tịch UBND tỉnh tại cuộc họp giao ban chuyển đổi số tháng 3/2023",
      opening: openingFor("08 tháng 3 năm 2023", "giao ban chuyển đổi số tháng 3/2023"),
    },
  );

  // 7 April 2023 — the meeting of the article.
  const apr = await meeting(
    ctx,
    {
      period: "2023-04",
      day: "2023-04-07",
      time: "08:00",
      place: PLACE,
      cutoffDay: "2023-04-03",
      bridgePoints: ["Điểm cầu huyện Đầm Hà (đồng chí Phó Chủ tịch UBND huyện chủ trì)", ...BRIDGES.slice(1)],
      status: "notice_issued",
    },
    title("2023-04"),
  );
  const b1 = await blocker(
    ctx,
    apr,
    {
      agency: "DAMHA",
      by: "ld.damha",
      submittedDay: "2023-03-30",
      pillar: "digital_society",
      severity: "high",
      help: "STTTT",
      title: "Một số mô hình chuyển đổi số chưa đạt mục tiêu do người dân, doanh nghiệp ít tham gia",
      description:
        "Một số mô hình chuyển đổi số tại cơ sở chưa đạt mục tiêu, không hiệu quả do người dân, doanh nghiệp ít tham gia; tổ công nghệ số cộng đồng hoạt động chưa đều.",
      proposal: "Đề nghị Sở Thông tin và Truyền thông hỗ trợ tuyên truyền, tập huấn kỹ năng số cho tổ công nghệ số cộng đồng và người dân.",
    },
    "resolved",
  );
  const b2 = await blocker(
    ctx,
    apr,
    {
      agency: "TTPVHCC",
      by: "chutri",
      submittedDay: "2023-03-31",
      pillar: "digital_government",
      severity: "medium",
      help: "STTTT",
      title: "Một số quy trình dịch vụ công trực tuyến chưa thực sự dễ hiểu, gây khó khăn cho người dân",
      description:
        "Một số quy trình dịch vụ công trực tuyến chưa thực sự dễ hiểu, gây khó khăn cho người dân khi sử dụng; tỷ lệ hồ sơ trực tuyến toàn trình còn thấp.",
      proposal: "Đề nghị rà soát, đơn giản hóa quy trình và giao diện các dịch vụ công trực tuyến có nhiều hồ sơ.",
    },
    "resolved",
  );
  const b3 = await blocker(
    ctx,
    apr,
    {
      agency: "STTTT",
      by: "ld.tttt",
      submittedDay: "2023-04-01",
      pillar: "digital_data",
      severity: "critical",
      help: "CA-TINH",
      title: "Liên thông dữ liệu giữa các đơn vị chưa thực sự hiệu quả, chưa tạo sự thuận tiện cho người dân",
      description: "Liên thông, chia sẻ dữ liệu giữa các đơn vị chưa thực sự hiệu quả; việc khai thác Cơ sở dữ liệu quốc gia về dân cư còn hạn chế.",
      proposal: "Đề nghị Công an tỉnh hướng dẫn, hỗ trợ kết nối, khai thác Cơ sở dữ liệu quốc gia về dân cư theo Đề án 06.",
    },
    "resolved",
  );
  await conductMeeting(
    ctx,
    apr,
    "2023-04-07",
    [
      {
        kind: "report",
        title: "Báo cáo kết quả triển khai nhiệm vụ quý I/2023 về chuyển đổi số toàn diện",
        presenter: "STTTT",
        minutes: 20,
        conclusion:
          "Chuyển đổi số toàn diện là nhiệm vụ trọng tâm, động lực tạo đột phá của tỉnh. Quảng Ninh quyết tâm trở thành tỉnh chuyển đổi số điển hình, thực hiện chuyển đổi số tổng thể và toàn diện trên cả 3 trụ cột là chính quyền số, kinh tế số và xã hội số; tiên phong tổ chức triển khai chuyển đổi số dữ liệu đất đai. Các sở, ngành, địa phương nâng cao nhận thức, trách nhiệm; rà soát lại tổng thể các nhiệm vụ để tập trung thực hiện; nâng cao vai trò của người đứng đầu.",
        tasks: [
          {
            title:
              "Tham mưu UBND tỉnh triển khai kế hoạch tỉnh tiên phong tổ chức triển khai chuyển đổi số dữ liệu đất đai; đề xuất các cơ chế, chính sách hỗ trợ để trình HĐND tỉnh",
            lead: "STNMT",
            coordinators: ["STTTT", "STC", "STP"],
            deadline: "2023-06-30",
            pillar: "digital_data",
            expected: "Kế hoạch trình UBND tỉnh; dự thảo nghị quyết trình HĐND tỉnh.",
            progress: [
              { day: "2023-05-05", percent: 30, body: "Đã xây dựng dự thảo kế hoạch, lấy ý kiến các sở." },
              { day: "2023-06-20", percent: 70, body: "Đang hoàn thiện dự thảo nghị quyết về cơ chế hỗ trợ." },
            ],
            extension: { day: "2023-06-22", to: "2023-07-31", reason: "Chờ ý kiến thẩm định của Sở Tư pháp đối với dự thảo nghị quyết.", decision: "approved" },
            completion: {
              day: "2023-07-25",
              result: "Kế hoạch đã ban hành; dự thảo nghị quyết đã trình HĐND tỉnh.",
              evidence: "Kế hoạch số 178/KH-UBND ngày 25/7/2023.",
              decision: "approved",
            },
          },
          {
            title: "Tập trung xây dựng Đề án Chuyển đổi số toàn diện tỉnh Quảng Ninh",
            lead: "STTTT",
            coordinators: ["SKHDT", "SNV"],
            deadline: "2023-09-30",
            pillar: "digital_government",
            progress: [{ day: "2023-08-15", percent: 80, body: "Dự thảo Đề án đã lấy ý kiến các sở, ngành, địa phương." }],
            completion: {
              day: "2023-09-28",
              result: "Đã trình UBND tỉnh dự thảo Đề án.",
              evidence: "Tờ trình số 301/TTr-STTTT ngày 28/9/2023.",
              decision: "pending",
            },
          },
          {
            title: "Rà soát tổng thể các nhiệm vụ chuyển đổi số của đơn vị, nâng cao vai trò người đứng đầu; báo cáo kết quả về Sở Thông tin và Truyền thông",
            lead: "DAMHA",
            coordinators: ["STTTT"],
            deadline: "2023-04-30",
            pillar: "digital_government",
            progress: [{ day: "2023-04-25", percent: 50, body: "Đã rà soát 8/14 nhiệm vụ." }],
          },
        ],
      },
      {
        kind: "new_blocker",
        title: "Liên thông dữ liệu giữa các đơn vị chưa thực sự hiệu quả, chưa tạo sự thuận tiện cho người dân",
        presenter: "STTTT",
        minutes: 15,
        blocker: b3,
        conclusion:
          "Công an tỉnh tham mưu UBND tỉnh triển khai nhiệm vụ theo tinh thần chỉ đạo của Thủ tướng Chính phủ để Quảng Ninh quyết tâm trở thành tỉnh chuyển đổi số điển hình; đẩy mạnh kết nối, khai thác Cơ sở dữ liệu quốc gia về dân cư.",
        tasks: [
          {
            title: "Tham mưu UBND tỉnh triển khai nhiệm vụ theo tinh thần chỉ đạo của Thủ tướng Chính phủ (Đề án 06) về kết nối, khai thác dữ liệu dân cư",
            lead: "CA-TINH",
            coordinators: ["STTTT"],
            deadline: "2023-05-15",
            reportNext: true,
            pillar: "digital_data",
            completion: {
              day: "2023-05-12",
              result: "Kế hoạch triển khai Đề án 06 đã trình UBND tỉnh.",
              evidence: "Tờ trình số 95/TTr-CAT ngày 12/5/2023.",
              decision: "approved",
            },
          },
        ],
      },
      {
        kind: "new_blocker",
        title: "Một số mô hình chuyển đổi số chưa đạt mục tiêu do người dân, doanh nghiệp ít tham gia",
        presenter: "DAMHA",
        minutes: 15,
        blocker: b1,
        conclusion:
          "Tiếp tục đẩy mạnh công tác tuyên truyền; tăng cường hoạt động tổ hỗ trợ chuyển đổi số cộng đồng; triển khai tổ chức tập huấn, nâng cao trách nhiệm các sở, ngành, địa phương.",
        tasks: [
          {
            title: "Tăng cường hoạt động tổ công nghệ số cộng đồng và tổ chức tập huấn kỹ năng số cho người dân",
            lead: "STTTT",
            coordinators: DISTRICTS,
            deadline: "2023-06-30",
            pillar: "digital_society",
            progress: [
              { day: "2023-05-30", percent: 40, body: "Đã tập huấn cho 1.200 thành viên tổ công nghệ số cộng đồng." },
              { day: "2023-06-05", percent: 45, body: "Đã tổ chức 3 lớp tập huấn cho người dân xã Quảng Lợi.", agency: "DAMHA" },
            ],
            extension: {
              day: today,
              to: addDaysToDay(today, 90),
              reason: "Mở rộng tập huấn tới các xã vùng cao, cần thêm thời gian bố trí kinh phí.",
              decision: "pending",
            },
          },
        ],
      },
      {
        kind: "new_blocker",
        title: "Một số quy trình dịch vụ công trực tuyến chưa thực sự dễ hiểu, gây khó khăn cho người dân",
        presenter: "TTPVHCC",
        minutes: 10,
        blocker: b2,
        conclusion: "Rà soát, đơn giản hóa quy trình các dịch vụ công trực tuyến có nhiều hồ sơ, bảo đảm dễ hiểu, dễ sử dụng đối với người dân.",
        tasks: [
          {
            title: "Rà soát, đơn giản hóa quy trình các dịch vụ công trực tuyến có nhiều hồ sơ",
            lead: "TTPVHCC",
            coordinators: ["STTTT"],
            deadline: "2023-05-31",
            pillar: "digital_government",
            completion: { day: "2023-06-20", result: "Đơn giản hóa 35 quy trình.", evidence: "Báo cáo số 60/BC-TTPVHCC.", decision: "approved" },
          },
        ],
      },
    ],
    {
      number: 45,
      issuedOn: "2023-04-07",
      summary: "Kết luận của đồng chí Quyền Chủ tịch UBND tỉnh tại cuộc họp nghe đánh giá kết quả triển khai nhiệm vụ quý I/2023 về chuyển đổi số",
      opening: openingFor("07 tháng 4 năm 2023", "nghe đánh giá kết quả triển khai nhiệm vụ quý I/2023 về chuyển đổi số toàn diện tỉnh Quảng Ninh"),
    },
  );

  // May 2023: the Đầm Hà review was overdue and came back; the police reported as asked.
  const may = await meeting(
    ctx,
    { period: "2023-05", day: "2023-05-09", time: "14:00", place: PLACE, cutoffDay: "2023-05-04", bridgePoints: BRIDGES, status: "notice_issued" },
    title("2023-05"),
  );
  await conductMeeting(
    ctx,
    may,
    "2023-05-09",
    [
      {
        kind: "report",
        title: "Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình",
        presenter: "TTPVHCC",
        minutes: 10,
        conclusion: "Nâng tỷ lệ hồ sơ trực tuyến toàn trình; công khai kết quả theo từng địa phương hằng tháng.",
        tasks: [
          {
            title: "Công khai tỷ lệ hồ sơ trực tuyến toàn trình của từng địa phương hằng tháng",
            lead: "TTPVHCC",
            deadline: "2023-06-15",
            pillar: "digital_government",
            completion: {
              day: "2023-06-14",
              result: "Đã công khai trên Cổng thông tin điện tử tỉnh.",
              evidence: "Đường dẫn trên Cổng TTĐT tỉnh.",
              decision: "approved",
            },
          },
        ],
      },
      { kind: "other", title: "Đánh giá chỉ số chuyển đổi số cấp huyện (DTI) năm 2022", presenter: "STTTT", minutes: 15, notReached: true },
    ],
    {
      number: 61,
      issuedOn: "2023-05-11",
      summary: "Kết luận của đồng chí Quyền Chủ tịch UBND tỉnh tại cuộc họp giao ban chuyển đổi số tháng 5/2023",
      opening: openingFor("09 tháng 5 năm 2023", "giao ban chuyển đổi số tháng 5/2023"),
    },
  );

  // June 2023
  const jun = await meeting(
    ctx,
    { period: "2023-06", day: "2023-06-08", time: "14:00", place: PLACE, cutoffDay: "2023-06-02", bridgePoints: BRIDGES, status: "notice_issued" },
    title("2023-06"),
  );
  await conductMeeting(
    ctx,
    jun,
    "2023-06-08",
    [
      {
        kind: "carried_over",
        title: "Đánh giá chỉ số chuyển đổi số cấp huyện (DTI) năm 2022",
        presenter: "STTTT",
        minutes: 15,
        conclusion: "Các địa phương có chỉ số DTI thấp xây dựng kế hoạch cải thiện, báo cáo tại cuộc họp giao ban kỳ sau.",
        tasks: [
          {
            title: "Xây dựng kế hoạch cải thiện chỉ số DTI năm 2023",
            lead: "COTO",
            coordinators: ["STTTT"],
            deadline: "2023-07-31",
            reportNext: true,
            pillar: "digital_government",
            extension: { day: "2023-07-25", to: "2023-08-31", reason: "Chờ kết quả đánh giá chính thức của Bộ.", decision: "rejected" },
          },
        ],
      },
    ],
    {
      number: 80,
      issuedOn: "2023-06-12",
      summary: "Kết luận của đồng chí Quyền Chủ tịch UBND tỉnh tại cuộc họp giao ban chuyển đổi số tháng 6/2023",
      opening: openingFor("08 tháng 6 năm 2023", "giao ban chuyển đổi số tháng 6/2023"),
    },
  );

  // The next meeting, next month, open for blockers: its agenda is built by the rule.
  const next = addDaysToDay(`${today.slice(0, 7)}-01`, 32).slice(0, 7);
  const nextMeeting = await meeting(
    ctx,
    { period: next, day: `${next}-08`, time: "08:00", place: PLACE, cutoffDay: `${next}-03`, bridgePoints: BRIDGES, status: "open" },
    title(next),
  );
  await blocker(
    ctx,
    nextMeeting,
    {
      agency: "DAMHA",
      by: "ld.damha",
      submittedDay: today,
      pillar: "infrastructure",
      severity: "high",
      help: "STTTT",
      title: "Vùng lõm sóng di động tại các thôn vùng cao xã Quảng Lâm",
      description: "Ba thôn vùng cao xã Quảng Lâm chưa có sóng di động 4G ổn định, người dân không sử dụng được dịch vụ công trực tuyến và thanh toán điện tử.",
      proposal: "Đề nghị Sở Thông tin và Truyền thông làm việc với các doanh nghiệp viễn thông lắp đặt trạm phát sóng.",
    },
    "submitted",
  );
}
