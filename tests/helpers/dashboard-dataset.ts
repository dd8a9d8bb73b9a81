/**
 * A generated province for the dashboard tests: a few hundred tasks across
 * seven agencies and eighteen months, in every state the figures care about
 * (on time, late, extended — approved, pending, rejected — awaiting
 * acceptance, cancelled, drafts, referrals without a meeting, coordinating
 * agencies), blockers in every status, and carried-over agenda items; plus
 * a second series whose records must never be counted in the first.
 * Deterministic (a seeded generator) and relative to a fixed "today".
 * Inserted directly: the figures are what is tested, not the actions.
 */
import { PILLARS, type BlockerStatus, type Pillar, type TaskStatus } from "../../db/schema";
import { addDaysToDay, vnLocalToIso } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "./fixtures";

export interface Dataset {
  fx: Fixture;
  today: string;
  /** Agencies C–G; H is an inactive member. */
  agencies: Record<"A" | "B" | "C" | "D" | "E" | "F" | "G" | "H", number>;
  otherSeries: number;
  meetings: Record<string, number>;
  /** The May meeting: concluded, its notice drafted, its tasks drafts. */
  mayMeeting: number;
  /** The June meeting: open, a draft agenda; cut-off 18 June 17:00. */
  juneMeeting: number;
  /** Tasks of note for the tests of writes. */
  awaitingIds: number[];
  pendingExtensionIds: number[];
  submittedBlockerIds: number[];
}

/** mulberry32: a small seeded generator, so every run builds the same province. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}

const minDay = (a: string, b: string) => (a < b ? a : b);

export async function buildDashboardDataset(today = "2024-06-15", seed = 20240615): Promise<Dataset> {
  const fx = await seedFixture();
  const db = getDb();
  const r = generator(seed);
  const at = vnLocalToIso(today, "08:00");
  const { chair, secretary, headA } = fx.users;

  const agency = async (code: string, vi: string, en: string, kind: "department" | "district" | "police" | "sector", active = 1) =>
    (
      await db
        .insertInto("agencies")
        .values({ code, name_vi: vi, name_en: en, kind, parent_id: null, active, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const agencies = {
    A: fx.agencyA,
    B: fx.agencyB,
    C: await agency("CA", "Công an tỉnh", "Provincial Police", "police"),
    D: await agency("SYT", "Sở Y tế", "Department of Health", "department"),
    E: await agency("DT", "UBND thị xã Đông Triều", "Đông Triều Town People's Committee", "district"),
    F: await agency("SDL", "Sở Du lịch", "Department of Tourism", "department"),
    G: await agency("CT", "Cục Thuế tỉnh", "Provincial Tax Department", "sector"),
    H: await agency("CU", "Sở đã giải thể", "Dissolved department", "department", 0),
  };
  // G leads tasks without being a member; F is a member with nothing to do; H is an inactive member.
  await db
    .insertInto("series_agencies")
    .values([agencies.C, agencies.D, agencies.E, agencies.F, agencies.H].map((agency_id) => ({ series_id: fx.seriesId, agency_id })))
    .execute();
  const otherSeries = (
    await db
      .insertInto("series")
      .values({
        code: "CCHC",
        name_vi: "Giao ban cải cách hành chính",
        name_en: "Administrative reform briefing",
        issuing_body: "UBND TỈNH",
        notice_symbol: "TB-UBND",
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await db.insertInto("series_agencies").values({ series_id: otherSeries, agency_id: agencies.A }).execute();

  // ---- meetings: January 2023 to April 2024 with issued notices; May concluded (draft notice); June open; the same months for the other series.
  const meetings: Record<string, number> = {};
  const issuedOn: Record<number, string> = {};
  let noticeNumber = 0;
  const meeting = async (series: number, period: string, status: "notice_issued" | "concluded" | "open", day = `${period}-08`) => {
    const row = await db
      .insertInto("meetings")
      .values({
        series_id: series,
        period,
        title: `Giao ban tháng ${Number(period.slice(5))}/${period.slice(0, 4)}`,
        starts_at: vnLocalToIso(day, "08:00"),
        place: "Trụ sở UBND tỉnh",
        cutoff_at: vnLocalToIso(addDaysToDay(day, -2), "17:00"),
        status,
        created_by: secretary,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (status !== "open") {
      // Most notices go out on the 10th; some on a month's last day, one on the 1st (boundaries of months).
      const issued =
        status === "notice_issued"
          ? period === "2023-09"
            ? "2023-09-30"
            : period === "2024-02"
              ? "2024-02-29"
              : period === "2023-11"
                ? "2023-12-01"
                : `${period}-10`
          : null;
      if (issued) issuedOn[row.id] = issued;
      await db
        .insertInto("notices")
        .values({
          meeting_id: row.id,
          status: issued ? "issued" : "draft",
          year: issued ? Number(issued.slice(0, 4)) : null,
          number: issued ? ++noticeNumber : null,
          symbol: series === fx.seriesId ? "TB-UBND" : "TB-CCHC",
          issued_on: issued,
          summary: "Kết luận",
          opening: "Mở đầu.",
          closing: "Kết thúc./.",
          recipients: "- Như trên;",
          signer_authority: "TL. CHỦ TỊCH",
          signer_title: "CHÁNH VĂN PHÒNG",
          signer_name: "Nguyễn Văn A",
          drafted_by: secretary,
          updated_at: at,
        })
        .execute();
    }
    return row.id;
  };
  const months: string[] = [];
  for (let p = "2023-01"; p <= "2024-04"; p = addDaysToDay(`${p}-28`, 5).slice(0, 7)) months.push(p);
  for (const p of months) meetings[p] = await meeting(fx.seriesId, p, "notice_issued");
  const mayMeeting = await meeting(fx.seriesId, "2024-05", "concluded");
  meetings["2024-05"] = mayMeeting;
  const juneMeeting = await meeting(fx.seriesId, "2024-06", "open", "2024-06-20");
  meetings["2024-06"] = juneMeeting;
  await db
    .updateTable("meetings")
    .set({ cutoff_at: vnLocalToIso("2024-06-18", "17:00") })
    .where("id", "=", juneMeeting)
    .execute();
  const otherMeetings = [];
  for (const p of ["2023-06", "2024-01", "2024-03"]) otherMeetings.push(await meeting(otherSeries, p, "notice_issued"));

  // ---- agenda items: carried-over items with various counts, some removed; other kinds with a high count never count.
  let position = 0;
  const item = (
    meetingId: number,
    kind: "carried_over" | "follow_up_task" | "report",
    carry: number,
    removed = false,
    outcome: "pending" | "concluded" | "not_reached" = "concluded",
  ) =>
    db
      .insertInto("agenda_items")
      .values({
        meeting_id: meetingId,
        position: ++position,
        kind,
        title: `Nội dung ${position}: ${kind} ${carry}`,
        carry_count: carry,
        source: "rule",
        removed: removed ? 1 : 0,
        removed_reason: removed ? "Bỏ theo chỉ đạo." : null,
        outcome,
        updated_at: at,
      })
      .execute();
  for (const p of [...months, "2024-05"]) {
    const m = meetings[p];
    const n = r.int(0, 3);
    for (let i = 0; i < n; i++) await item(m, "carried_over", r.int(1, 3), r.chance(0.15));
    if (r.chance(0.4)) await item(m, "follow_up_task", r.int(2, 4));
  }
  await item(juneMeeting, "carried_over", 2, false, "pending"); // a draft agenda: the office's alone, never counted
  await item(otherMeetings[1], "carried_over", 3); // another series

  // ---- tasks
  const leads = [agencies.A, agencies.B, agencies.C, agencies.D, agencies.E, agencies.G];
  const members = [agencies.A, agencies.B, agencies.C, agencies.D, agencies.E, agencies.F];
  const awaitingIds: number[] = [];
  const pendingExtensionIds: number[] = [];
  let n = 0;

  interface Spec {
    series?: number;
    meetingId: number | null;
    /** The instant the record was created (a referral is issued then). */
    createdAt: string;
    issued: string;
    lead: number;
    coordinators?: number[];
    pillar: Pillar | null;
    deadline: string | null;
    status: TaskStatus;
    completedOn?: string | null;
    cancelledAt?: string;
    extensions?: Array<{ to: string; status: "approved" | "pending" | "rejected"; decidedAt: string | null; askedAt: string }>;
  }

  const insertTask = async (s: Spec) => {
    const approved = (s.extensions ?? []).filter((x) => x.status === "approved");
    const finalDeadline = approved.length ? approved[approved.length - 1].to : s.deadline;
    const row = await db
      .insertInto("tasks")
      .values({
        series_id: s.series ?? fx.seriesId,
        meeting_id: s.meetingId,
        title: `Nhiệm vụ thử số ${++n}`,
        description: "",
        expected_result: "",
        pillar: s.pillar,
        lead_agency_id: s.lead,
        original_deadline: s.deadline,
        deadline: finalDeadline,
        status: s.status,
        completed_on: s.status === "completed" ? s.completedOn! : null,
        created_by: secretary,
        created_at: s.createdAt,
        updated_at: s.cancelledAt ?? s.createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const c of s.coordinators ?? []) await db.insertInto("task_coordinators").values({ task_id: row.id, agency_id: c }).execute();
    let previous = s.deadline;
    for (const x of s.extensions ?? []) {
      await db
        .insertInto("extension_requests")
        .values({
          task_id: row.id,
          previous_deadline: previous,
          requested_deadline: x.to,
          reason: "Cần thêm thời gian.",
          status: x.status,
          decision_reason: x.status === "rejected" ? "Không đủ căn cứ." : null,
          decided_by: x.status === "pending" ? null : chair,
          decided_at: x.decidedAt,
          created_by: headA,
          created_at: x.askedAt,
        })
        .execute();
      if (x.status === "approved") previous = x.to;
      if (x.status === "pending") pendingExtensionIds.push(row.id);
    }
    if (s.status === "awaiting_acceptance") {
      await db
        .insertInto("completion_reports")
        .values({
          task_id: row.id,
          result: "Đã hoàn thành.",
          evidence: "Biên bản.",
          completed_on: s.completedOn!,
          created_by: headA,
          created_at: vnLocalToIso(s.completedOn!, "15:00"),
        })
        .execute();
      awaitingIds.push(row.id);
    }
    return row.id;
  };

  const randomTask = (series: number, meetingId: number | null, issued: string, createdAt: string): Spec => {
    const lead = r.pick(leads);
    const coordinators = [...new Set([r.pick(members), r.pick(members)])].filter((c) => c !== lead && r.chance(0.6));
    const deadline = r.chance(0.05) ? null : addDaysToDay(issued, r.int(3, 150));
    const pillar = r.chance(0.15) ? null : r.pick(PILLARS);
    const spec: Spec = { series, meetingId, createdAt, issued, lead, coordinators, pillar, deadline, status: "in_progress" };
    // Extensions: asked some days after issue; decided a few days later, never after today.
    if (deadline && r.chance(0.2)) {
      const askedDay = minDay(addDaysToDay(issued, r.int(1, 40)), today);
      const kind = r.pick(["approved", "approved", "approved", "pending", "rejected"] as const);
      const decidedDay = minDay(addDaysToDay(askedDay, r.int(0, 10)), today);
      spec.extensions = [
        {
          to: addDaysToDay(deadline, r.int(10, 60)),
          status: kind,
          askedAt: vnLocalToIso(askedDay, "09:00"),
          decidedAt: kind === "pending" ? null : vnLocalToIso(decidedDay, r.pick(["10:00", "23:30", "00:15"])),
        },
      ];
      if (kind === "approved" && r.chance(0.3)) {
        const again = minDay(addDaysToDay(decidedDay, r.int(5, 40)), today);
        spec.extensions.push({
          to: addDaysToDay(spec.extensions[0].to, r.int(10, 40)),
          status: "approved",
          askedAt: vnLocalToIso(again, "09:00"),
          decidedAt: vnLocalToIso(again, "16:00"),
        });
      }
    }
    const approved = (spec.extensions ?? []).filter((x) => x.status === "approved");
    const finalDeadline = approved.length ? approved[approved.length - 1].to : deadline;
    const pending = (spec.extensions ?? []).some((x) => x.status === "pending");
    const fate = r.next();
    if (fate < 0.45 && !pending) {
      const target = finalDeadline ?? addDaysToDay(issued, 30);
      const done = minDay(addDaysToDay(target, r.int(-20, 25)), today);
      spec.status = "completed";
      spec.completedOn = done < issued ? issued : done;
    } else if (fate < 0.53 && !pending) {
      spec.status = "awaiting_acceptance";
      const done = minDay(addDaysToDay(issued, r.int(1, 90)), today);
      spec.completedOn = done;
    } else if (fate < 0.6) {
      spec.status = "cancelled";
      const day = minDay(addDaysToDay(issued, r.int(1, 200)), today);
      spec.cancelledAt = vnLocalToIso(day, r.pick(["09:00", "23:50", "00:10"]));
      spec.extensions = (spec.extensions ?? []).filter((x) => x.status !== "pending");
    }
    return spec;
  };

  for (const p of months) {
    const m = meetings[p];
    const issued = issuedOn[m];
    const created = vnLocalToIso(`${p}-08`, "11:00");
    const count = r.int(14, 26);
    for (let i = 0; i < count; i++) await insertTask(randomTask(fx.seriesId, m, issued, created));
  }
  // Referrals: live at once, no meeting; created at all hours (some just after midnight in Vietnam, still the day before in UTC).
  for (let i = 0; i < 30; i++) {
    const day = addDaysToDay("2023-01-05", r.int(0, 520));
    if (day > today) continue;
    const created = vnLocalToIso(day, r.pick(["00:30", "06:59", "14:00", "23:45"]));
    await insertTask(randomTask(fx.seriesId, null, day, created));
  }
  // Drafts of the May meeting: never counted until the notice is issued.
  for (let i = 0; i < 8; i++) {
    await insertTask({
      meetingId: mayMeeting,
      createdAt: vnLocalToIso("2024-05-08", "11:00"),
      issued: "2024-05-08",
      lead: r.pick(leads),
      pillar: r.pick(PILLARS),
      deadline: addDaysToDay("2024-05-08", r.int(-5, 60)),
      status: "draft",
    });
  }
  // The other series: counted nowhere in the first.
  for (const m of otherMeetings) {
    for (let i = 0; i < 8; i++) {
      const issued = issuedOn[m];
      await insertTask(randomTask(otherSeries, m, issued, vnLocalToIso(issued, "09:00")));
    }
  }
  // Edge cases around today and month ends.
  const april = meetings["2024-04"];
  const edge = (deadline: string | null, status: TaskStatus, more: Partial<Spec> = {}) =>
    insertTask({
      meetingId: april,
      createdAt: vnLocalToIso("2024-04-08", "11:00"),
      issued: "2024-04-10",
      lead: agencies.A,
      coordinators: [agencies.B],
      pillar: "digital_data",
      deadline,
      status,
      ...more,
    });
  await edge(today, "in_progress");
  await edge(addDaysToDay(today, 3), "in_progress");
  await edge(addDaysToDay(today, 4), "in_progress");
  await edge(addDaysToDay(today, -1), "in_progress");
  await edge(null, "in_progress");
  await edge("2024-04-30", "completed", { completedOn: "2024-04-30" });
  await edge("2024-04-30", "completed", { completedOn: "2024-05-01" });
  await edge("2024-04-30", "awaiting_acceptance", { completedOn: "2024-04-29" });
  // Due long before any default range, still owed: counted as overdue today.
  await insertTask({
    meetingId: meetings["2023-01"],
    createdAt: vnLocalToIso("2023-01-08", "11:00"),
    issued: "2023-01-10",
    lead: agencies.C,
    pillar: null,
    deadline: "2023-02-15",
    status: "in_progress",
  });
  // Cancelled just after midnight on 1 March in Vietnam (still 29 February in UTC): overdue at the end of February, not of March.
  await insertTask({
    meetingId: meetings["2024-01"],
    createdAt: vnLocalToIso("2024-01-08", "11:00"),
    issued: "2024-01-10",
    lead: agencies.D,
    pillar: "infrastructure",
    deadline: "2024-01-20",
    status: "cancelled",
    cancelledAt: "2024-02-29T17:10:00.000Z",
  });
  // An extension approved after a month's end: overdue at that month's end under the deadline then in force.
  await insertTask({
    meetingId: meetings["2024-01"],
    createdAt: vnLocalToIso("2024-01-08", "11:00"),
    issued: "2024-01-10",
    lead: agencies.E,
    coordinators: [agencies.A],
    pillar: "digital_society",
    deadline: "2024-01-25",
    status: "in_progress",
    extensions: [{ to: "2024-07-31", status: "approved", askedAt: vnLocalToIso("2024-01-24", "09:00"), decidedAt: vnLocalToIso("2024-02-03", "10:00") }],
  });

  // ---- blockers: received at all hours over the months, in every status; drafts never received.
  const statuses: BlockerStatus[] = ["submitted", "returned", "withdrawn", "on_agenda", "referred", "declined", "resolved", "resolved", "on_agenda"];
  const submittedBlockerIds: number[] = [];
  const blockerAgencies = [agencies.A, agencies.B, agencies.C, agencies.D, agencies.E];
  let firstBlocker: number | null = null;
  const blocker = async (series: number, status: BlockerStatus | "merged", submittedAt: string | null, agencyId = r.pick(blockerAgencies)) => {
    const row = await db
      .insertInto("blockers")
      .values({
        series_id: series,
        agency_id: agencyId,
        meeting_id: null,
        title: `Khó khăn thử ${submittedAt ?? "nháp"}`,
        description: "Mô tả.",
        pillar: r.pick(PILLARS),
        severity: r.pick(["low", "medium", "high", "critical"] as const),
        proposal: "Đề xuất.",
        status: submittedAt === null ? "draft" : status,
        is_late: r.chance(0.1) ? 1 : 0,
        merged_into_id: status === "merged" ? firstBlocker : null,
        outcome_reason: status === "declined" ? "Không thuộc thẩm quyền." : null,
        created_by: headA,
        submitted_by: submittedAt ? headA : null,
        submitted_at: submittedAt,
        updated_at: submittedAt ?? at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    firstBlocker ??= row.id;
    if (submittedAt && status === "submitted" && series === fx.seriesId) submittedBlockerIds.push(row.id);
    return row.id;
  };
  for (let i = 0; i < 140; i++) {
    const day = addDaysToDay("2023-01-01", r.int(0, 531));
    if (day > today) continue;
    await blocker(fx.seriesId, r.chance(0.05) && firstBlocker ? "merged" : r.pick(statuses), vnLocalToIso(day, r.pick(["00:20", "08:00", "16:30", "23:55"])));
  }
  await blocker(fx.seriesId, "on_agenda", "2024-01-31T18:00:00.000Z"); // 1 February in Vietnam
  await blocker(fx.seriesId, "submitted", "2023-06-30T16:59:00.000Z"); // 23:59 on 30 June in Vietnam
  await blocker(fx.seriesId, "submitted", vnLocalToIso(today, "07:00"), agencies.A);
  for (let i = 0; i < 6; i++) await blocker(fx.seriesId, "draft", null);
  for (let i = 0; i < 10; i++) await blocker(otherSeries, r.pick(statuses), vnLocalToIso(addDaysToDay("2023-06-01", r.int(0, 300)), "10:00"));

  return { fx, today, agencies, otherSeries, meetings, mayMeeting, juneMeeting, awaitingIds, pendingExtensionIds, submittedBlockerIds };
}
