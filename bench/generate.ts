/**
 * A synthetic province for the benchmark, deterministic from a seed (and
 * the day it is generated on, which the deadlines are spread around).
 *
 *   npx tsx bench/generate.ts --size S|L [--seed 20261127] --out bench/scratch/S.db [--with-triggers]
 *
 * Sizes (see SIZES): S — 30 agencies, 24 monthly meetings, ~5k blockers,
 * ~10k tasks; L — 120 agencies, 120 meetings (ten years), ~60k blockers,
 * ~150k tasks, with progress reports, extensions, completions and ~1M audit
 * events. Every text field is Vietnamese.
 *
 * The schema comes from the app's own migrations (openDatabase +
 * migrateToLatest); the rows are inserted with better-sqlite3 directly,
 * in one transaction, with prepared statements and explicit ids.
 *
 * The search index is kept by AFTER INSERT triggers on blockers, tasks,
 * conclusions and notices. For the bulk load they are dropped, and put back
 * afterwards from their own stored SQL; the index is then filled once per
 * table with the very expression each trigger inserts (taken from the
 * trigger's text, NEW.x read as src.x), so the folding (đ → d) is the
 * triggers' own. The task summaries (task_counts, task_counts_by_pillar)
 * are kept by triggers on tasks and extension_requests, and the tasks'
 * overdue stretches (task_overdue_stretches) by triggers on tasks,
 * extension_requests and notices, and the coordinating agencies' counts
 * (task_coordinator_counts) by triggers on tasks and task_coordinators;
 * they too are dropped for the load, and
 * the tables then filled by their migrations' own backfills before the
 * triggers are put back. `--with-triggers` keeps both
 * kinds, to measure the difference.
 * No ANALYZE is run: the app never runs it, so the planner sees what it
 * sees in production.
 */
import Database from "better-sqlite3";
import { existsSync, rmSync, statSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { migrateToLatest, openDatabase } from "../db/connection";
import { TASK_COUNTS_BACKFILL, TASK_COUNTS_TRIGGERS } from "../db/migrations/2026-12-08T1000-summarise-task-counts";
import { OVERDUE_STRETCHES_BACKFILL, OVERDUE_STRETCHES_TRIGGERS } from "../db/migrations/2026-12-08T1300-keep-overdue-stretches";
import { TASK_COORDINATOR_COUNTS_BACKFILL, TASK_COORDINATOR_COUNTS_TRIGGERS } from "../db/migrations/2026-12-08T1400-summarise-coordinated-task-counts";
import { PILLARS, SEVERITIES, type BlockerStatus, type TaskStatus } from "../db/schema";
import { hashPassword } from "../app/utils/password.server";
import { addDays, addMonths, maxDay, minDay, rng, vnInstant, vnTodayNow } from "./lib/random";
import { agencies as agencyList, text } from "./lib/vi-text";

export const SIZES = {
  S: { agencies: 30, meetings: 24, blockers: 5_000, tasks: 10_000 },
  L: { agencies: 120, meetings: 120, blockers: 60_000, tasks: 150_000 },
} as const;
export type Size = keyof typeof SIZES;

export const BENCH_PASSWORD = "GiaoBan-bench-2026";
export const BENCH_USERS = { admin: "bench.admin", chair: "bench.chutri", secretary: "bench.thuky" } as const;
export const headUsername = (agencyCode: string) => `bench.ld.${agencyCode.toLowerCase()}`;
export const staffUsername = (agencyCode: string, k: number) => `bench.cv${k}.${agencyCode.toLowerCase()}`;
export const observerUsername = (k: number) => `bench.theodoi${k}`;
/** At least 300 people with their own sessions: a head and enough staff per agency, and observers. */
export const staffPerAgency = (agencies: number) => Math.max(2, Math.ceil(300 / agencies) - 1);
export const OBSERVERS = 10;

const SEARCH_SOURCES = ["blockers", "tasks", "conclusions", "notices"] as const;

export interface GenerateOptions {
  size: Size;
  seed: number;
  path: string;
  /** Vietnamese today; defaults to the real one. */
  today?: string;
  withTriggers?: boolean;
}

export interface GenerateResult {
  size: Size;
  seed: number;
  today: string;
  seconds: number;
  /** Seconds of the search index rebuild, included in `seconds` (null with triggers on). */
  searchIndexSeconds: number | null;
  bytes: number;
  counts: Record<string, number>;
  /** Facts the benchmark needs: which meeting, which agency… */
  facts: {
    seriesId: number;
    upcomingMeetingId: number;
    lastConcludedMeetingId: number;
    busiestAgencyId: number;
    busiestAgencyCode: string;
    overdueShare: number;
    lateShare: number;
  };
}

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const size = SIZES[opts.size];
  const today = opts.today ?? vnTodayNow();
  const r = rng(opts.seed);
  const t = text(r);
  for (const suffix of ["", "-wal", "-shm"]) if (existsSync(opts.path + suffix)) rmSync(opts.path + suffix);

  // Schema: the app's own migrations.
  const kdb = openDatabase(opts.path);
  await migrateToLatest(kdb);
  await kdb.destroy();

  const db = new Database(opts.path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -200000");

  // ------------------------------------------------------------ the search triggers
  const triggers = SEARCH_SOURCES.map((table) => {
    const name = `${table}_search_insert`;
    const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string } | undefined;
    if (!row) throw new Error(`trigger ${name} not found: has the search index migration changed?`);
    return { table, name, sql: row.sql };
  });
  if (!opts.withTriggers) for (const tr of triggers) db.exec(`DROP TRIGGER ${tr.name}`);
  const summaryTriggers = [...TASK_COUNTS_TRIGGERS, ...OVERDUE_STRETCHES_TRIGGERS, ...TASK_COORDINATOR_COUNTS_TRIGGERS].map((name) => {
    const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string } | undefined;
    if (!row) throw new Error(`trigger ${name} not found: has the task summaries' or the overdue stretches' migration changed?`);
    return { name, sql: row.sql };
  });
  if (!opts.withTriggers) for (const { name } of summaryTriggers) db.exec(`DROP TRIGGER ${name}`);

  const now = new Date().toISOString();
  const hash = await hashPassword(BENCH_PASSWORD, { N: 1024, r: 8, p: 1 });
  const counts: Record<string, number> = {};
  const stmt = (table: string, columns: string[]) => {
    const s = db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
    counts[table] = 0;
    return (...values: unknown[]) => {
      counts[table]++;
      s.run(...values);
    };
  };

  const insAgency = stmt("agencies", ["id", "code", "name_vi", "name_en", "kind", "active", "created_at", "updated_at"]);
  const insUser = stmt("users", [
    "id",
    "username",
    "email",
    "full_name",
    "title",
    "password_hash",
    "role",
    "agency_id",
    "locale",
    "active",
    "created_at",
    "updated_at",
  ]);
  const insSeries = stmt("series", ["id", "code", "name_vi", "name_en", "issuing_body", "notice_symbol", "active", "created_at", "updated_at"]);
  const insMember = stmt("series_members", ["series_id", "user_id", "role"]);
  const insSeriesAgency = stmt("series_agencies", ["series_id", "agency_id"]);
  const insMeeting = stmt("meetings", [
    "id",
    "series_id",
    "period",
    "title",
    "starts_at",
    "place",
    "cutoff_at",
    "status",
    "agenda_built_at",
    "version",
    "created_by",
    "created_at",
    "updated_at",
  ]);
  const insBridge = stmt("bridge_points", ["meeting_id", "agency_id", "label"]);
  const insBlocker = stmt("blockers", [
    "id",
    "series_id",
    "agency_id",
    "meeting_id",
    "title",
    "description",
    "pillar",
    "severity",
    "help_agency_id",
    "proposal",
    "plan_target",
    "status",
    "is_late",
    "merged_into_id",
    "outcome_reason",
    "created_by",
    "submitted_by",
    "submitted_at",
    "triaged_at",
    "version",
    "created_at",
    "updated_at",
  ]);
  const insTriage = stmt("triage_decisions", [
    "blocker_id",
    "meeting_id",
    "decision",
    "reason",
    "merge_into_id",
    "refer_agency_id",
    "refer_deadline",
    "status",
    "proposed_by",
    "decided_by",
    "decided_at",
    "created_at",
  ]);
  const insItem = stmt("agenda_items", [
    "id",
    "meeting_id",
    "position",
    "kind",
    "title",
    "blocker_id",
    "task_id",
    "carry_count",
    "presenter_agency_id",
    "minutes",
    "source",
    "removed",
    "outcome",
    "version",
    "created_at",
    "updated_at",
  ]);
  const insConclusion = stmt("conclusions", ["id", "meeting_id", "agenda_item_id", "body", "version", "created_by", "created_at", "updated_at"]);
  const insTask = stmt("tasks", [
    "id",
    "series_id",
    "meeting_id",
    "conclusion_id",
    "blocker_id",
    "title",
    "description",
    "expected_result",
    "pillar",
    "lead_agency_id",
    "original_deadline",
    "deadline",
    "report_next_meeting",
    "status",
    "completed_on",
    "version",
    "created_by",
    "created_at",
    "updated_at",
  ]);
  const insCoordinator = stmt("task_coordinators", ["task_id", "agency_id"]);
  const insProgress = stmt("progress_reports", ["task_id", "agency_id", "percent", "body", "report_date", "created_by", "created_at"]);
  const insExtension = stmt("extension_requests", [
    "task_id",
    "previous_deadline",
    "requested_deadline",
    "reason",
    "status",
    "decision_reason",
    "decided_by",
    "decided_at",
    "created_by",
    "created_at",
  ]);
  const insCompletion = stmt("completion_reports", [
    "task_id",
    "result",
    "evidence",
    "completed_on",
    "status",
    "decision_reason",
    "decided_by",
    "decided_at",
    "created_by",
    "created_at",
  ]);
  const insNotice = stmt("notices", [
    "id",
    "meeting_id",
    "status",
    "year",
    "number",
    "symbol",
    "issued_on",
    "summary",
    "opening",
    "closing",
    "recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
    "version",
    "drafted_by",
    "approved_by",
    "approved_at",
    "created_at",
    "updated_at",
  ]);
  const insAudit = stmt("audit_events", ["at", "actor_user_id", "action", "entity_type", "entity_id", "before_json", "after_json"]);
  const audit = (at: string, actor: number | null, action: string, type: string, id: number, after: unknown) =>
    insAudit(at, actor, action, type, id, null, after === null ? null : JSON.stringify(after));

  const facts = { seriesId: 1, upcomingMeetingId: 0, lastConcludedMeetingId: 0, busiestAgencyId: 0, busiestAgencyCode: "", overdueShare: 0, lateShare: 0 };
  let overdue = 0;
  let late = 0;

  db.transaction(() => {
    // ---------------------------------------------------------- agencies, users, the series
    const agencies = agencyList(size.agencies).map((a, i) => ({ ...a, id: i + 1 }));
    for (const a of agencies) insAgency(a.id, a.code, a.vi, a.en, a.kind, 1, now, now);
    const ADMIN = 1;
    const CHAIR = 2;
    const SECRETARY = 3;
    insUser(ADMIN, BENCH_USERS.admin, "admin@bench.giaoban.invalid", "Quản trị hệ thống", "Quản trị viên", hash, "admin", null, "vi", 1, now, now);
    insUser(CHAIR, BENCH_USERS.chair, "chutri@bench.giaoban.invalid", "Nguyễn Văn Chủ", "Phó Chủ tịch UBND tỉnh", hash, "chair", null, "vi", 1, now, now);
    insUser(
      SECRETARY,
      BENCH_USERS.secretary,
      "thuky@bench.giaoban.invalid",
      "Trần Thị Thư",
      "Chuyên viên Văn phòng UBND tỉnh",
      hash,
      "secretary",
      null,
      "vi",
      1,
      now,
      now,
    );
    const headOf = new Map<number, number>();
    for (const a of agencies) {
      const id = 3 + a.id;
      headOf.set(a.id, id);
      const username = headUsername(a.code);
      insUser(id, username, `${username}@bench.giaoban.invalid`, `Lãnh đạo ${a.code}`, `Giám đốc, ${a.vi}`, hash, "agency_head", a.id, "vi", 1, now, now);
    }
    let nextUser = 4 + agencies.length;
    for (const a of agencies) {
      for (let k = 1; k <= staffPerAgency(agencies.length); k++) {
        const username = staffUsername(a.code, k);
        insUser(
          nextUser++,
          username,
          `${username}@bench.giaoban.invalid`,
          `Chuyên viên ${k} ${a.code}`,
          `Chuyên viên, ${a.vi}`,
          hash,
          "agency_staff",
          a.id,
          "vi",
          1,
          now,
          now,
        );
      }
    }
    for (let k = 1; k <= OBSERVERS; k++) {
      const username = observerUsername(k);
      insUser(nextUser++, username, `${username}@bench.giaoban.invalid`, `Theo dõi ${k}`, "Điểm cầu", hash, "observer", null, k % 2 ? "vi" : "en", 1, now, now);
    }
    const SERIES = 1;
    insSeries(SERIES, "CDS", "Giao ban chuyển đổi số tỉnh", "Provincial digital transformation briefing", "UBND TỈNH QUẢNG NINH", "TB-UBND", 1, now, now);
    insMember(SERIES, CHAIR, "chair");
    insMember(SERIES, SECRETARY, "secretary");
    for (const a of agencies) insSeriesAgency(SERIES, a.id);

    // Some agencies carry more of the work than others (the departments most).
    const weighted: number[] = [];
    for (const a of agencies) for (let k = 0; k < (a.kind === "district" ? 1 : 4); k++) weighted.push(a.id);
    const agencyName = new Map(agencies.map((a) => [a.id, a.vi]));

    // ---------------------------------------------------------- meetings
    const vnDay = Number(today.slice(8, 10));
    const upcomingPeriod = addMonths(today.slice(0, 7), vnDay <= 20 ? 0 : 1);
    const meetings = Array.from({ length: size.meetings }, (_, k) => {
      const period = addMonths(upcomingPeriod, k - (size.meetings - 1));
      const day = `${period}-25`;
      return { id: k + 1, period, day, startsAt: vnInstant(day, 8), cutoffAt: vnInstant(addDays(day, -5), 17), upcoming: k === size.meetings - 1 };
    });
    for (const m of meetings) {
      const title = `Phiên giao ban chuyển đổi số tháng ${Number(m.period.slice(5))}/${m.period.slice(0, 4)}`;
      const created = vnInstant(addDays(m.day, -30), 9);
      insMeeting(
        m.id,
        SERIES,
        m.period,
        title,
        m.startsAt,
        "Phòng họp số 1, Trụ sở UBND tỉnh",
        m.cutoffAt,
        m.upcoming ? "open" : "notice_issued",
        m.upcoming ? null : vnInstant(addDays(m.day, -3), 9),
        m.upcoming ? 2 : 7,
        SECRETARY,
        created,
        created,
      );
      for (const a of r.some(agencies, 3)) insBridge(m.id, a.id, `Điểm cầu ${a.vi}`);
      audit(created, SECRETARY, "meeting.scheduled", "meeting", m.id, { title });
      if (!m.upcoming) {
        for (const action of ["meeting.opened", "agenda.built", "agenda.published", "session.started", "meeting.concluded", "notice.issued"]) {
          audit(vnInstant(m.day, 8), action.startsWith("notice") || action === "agenda.published" ? CHAIR : SECRETARY, action, "meeting", m.id, {
            period: m.period,
          });
        }
      }
    }
    facts.upcomingMeetingId = meetings[meetings.length - 1].id;
    facts.lastConcludedMeetingId = meetings[meetings.length - 2].id;

    // ---------------------------------------------------------- per meeting: blockers, agenda, conclusions, tasks
    let blockerId = 0;
    let itemId = 0;
    let conclusionId = 0;
    let taskId = 0;
    let noticeNumber = 0;
    let noticeYear = "";
    const blockersPerMeeting = Math.round(size.blockers / size.meetings);
    const tasksPerMeeting = Math.round(size.tasks / (size.meetings - 1));
    /** Tasks still open at some point, for follow-up items: ids of tasks with their deadline. */
    const openTasks: Array<{ id: number; deadline: string; lead: number; title: string }> = [];
    const leadCount = new Map<number, number>();

    for (const m of meetings) {
      const prevDay = addDays(m.day, -30);
      const cutoffDay = addDays(m.day, -5);
      // Blockers sent for this meeting.
      const onAgenda: Array<{ id: number; agency: number; title: string; pillar: string }> = [];
      const bCount = blockersPerMeeting + r.int(-blockersPerMeeting / 10, blockersPerMeeting / 10);
      const agendaWanted = Math.min(25, Math.max(3, Math.round(bCount * 0.1)));
      for (let i = 0; i < bCount; i++) {
        const id = ++blockerId;
        const agency = r.pick(weighted);
        const head = headOf.get(agency)!;
        const created = vnInstant(addDays(prevDay, r.int(0, 20)), r.int(8, 16), r.int(0, 59));
        const submitted = vnInstant(addDays(prevDay, r.int(1, 25)), r.int(8, 17), r.int(0, 59));
        const isLate = submitted > m.cutoffAt ? 1 : 0;
        let status: BlockerStatus;
        let mergedInto: number | null = null;
        if (onAgenda.length < agendaWanted) status = m.upcoming ? "on_agenda" : "resolved";
        else {
          const x = r.next();
          if (m.upcoming) status = x < 0.65 ? "submitted" : x < 0.8 ? "draft" : x < 0.9 ? "returned" : "withdrawn";
          else status = x < 0.25 ? "merged" : x < 0.55 ? "referred" : x < 0.7 ? "declined" : x < 0.85 ? "returned" : x < 0.95 ? "withdrawn" : "draft";
          if (status === "merged") mergedInto = r.pick(onAgenda).id;
        }
        const sent = status !== "draft";
        const triaged = !["draft", "submitted", "withdrawn"].includes(status);
        const title = t.blockerTitle(agencyName.get(agency)!.replace(/^(Sở|UBND) /, ""));
        const pillar = r.pick(PILLARS);
        const triagedAt = triaged ? vnInstant(cutoffDay, 18) : null;
        insBlocker(
          id,
          SERIES,
          agency,
          status === "draft" ? null : m.id,
          title,
          t.blockerDescription(),
          pillar,
          r.pick(SEVERITIES),
          r.chance(0.4) ? r.pick(weighted) : null,
          t.proposal(),
          r.chance(0.3) ? "Hoàn thành trong quý này" : null,
          status,
          sent ? isLate : 0,
          mergedInto,
          ["declined", "returned", "referred"].includes(status) ? t.reason() : null,
          head,
          sent ? head : null,
          sent ? submitted : null,
          triagedAt,
          triaged ? 3 : sent ? 2 : 1,
          created,
          triagedAt ?? (sent ? submitted : created),
        );
        audit(created, head, "blocker.created", "blocker", id, { title });
        if (sent) audit(submitted, head, "blocker.submitted", "blocker", id, { status: "submitted" });
        if (triaged) {
          const decision =
            status === "merged" ? "merge" : status === "referred" ? "refer" : status === "declined" ? "decline" : status === "returned" ? "return" : "accept";
          insTriage(
            id,
            m.id,
            decision,
            decision === "accept" ? null : t.reason(),
            mergedInto,
            decision === "refer" ? r.pick(weighted) : null,
            decision === "refer" ? addDays(m.day, 30) : null,
            "approved",
            SECRETARY,
            CHAIR,
            triagedAt,
            triagedAt,
          );
          audit(triagedAt!, CHAIR, `blocker.${decision}`, "blocker", id, { status });
        }
        if (status === "on_agenda" || status === "resolved") onAgenda.push({ id, agency, title, pillar });
      }
      if (m.upcoming) continue;

      // The agenda: accepted blockers, follow-ups of open tasks, two reports.
      const items: Array<{ id: number; agency: number; blocker: number | null; pillar: string | null }> = [];
      let position = 0;
      const addItem = (kind: string, title: string, blocker: number | null, task: number | null, agency: number, pillar: string | null) => {
        const id = ++itemId;
        insItem(
          id,
          m.id,
          ++position,
          kind,
          title,
          blocker,
          task,
          0,
          agency,
          kind === "report" ? 15 : 10,
          "rule",
          0,
          "concluded",
          2,
          vnInstant(addDays(m.day, -3), 9),
          m.startsAt,
        );
        items.push({ id, agency, blocker, pillar });
      };
      addItem("report", `Báo cáo tình hình chuyển đổi số tháng ${Number(m.period.slice(5))}`, null, null, 1, null);
      for (const b of onAgenda) addItem("new_blocker", b.title, b.id, null, b.agency, b.pillar);
      const due = openTasks.filter((x) => x.deadline <= m.day);
      for (const x of r.some(due.length ? due : openTasks, Math.min(20, openTasks.length))) addItem("follow_up_task", x.title, null, x.id, x.lead, null);
      addItem("other", "Ý kiến kết luận của đồng chí Chủ trì", null, null, 1, null);

      for (const item of items) {
        const id = ++conclusionId;
        insConclusion(id, m.id, item.id, t.conclusion(agencyName.get(item.agency)!), 2, SECRETARY, m.startsAt, m.startsAt);
        audit(m.startsAt, SECRETARY, "conclusion.recorded", "conclusion", id, { agenda_item_id: item.id });
      }

      // The notice, issued five days after the meeting.
      const issuedOn = addDays(m.day, 5);
      if (issuedOn.slice(0, 4) !== noticeYear) {
        noticeYear = issuedOn.slice(0, 4);
        noticeNumber = 0;
      }
      noticeNumber += r.int(5, 40);
      insNotice(
        m.id,
        m.id,
        "issued",
        Number(noticeYear),
        noticeNumber,
        "TB-UBND",
        issuedOn,
        `Kết luận của Phó Chủ tịch UBND tỉnh tại phiên giao ban chuyển đổi số tháng ${Number(m.period.slice(5))}/${m.period.slice(0, 4)}`,
        `Ngày ${Number(m.day.slice(8))} tháng ${Number(m.period.slice(5))} năm ${m.period.slice(0, 4)}, đồng chí Phó Chủ tịch UBND tỉnh chủ trì phiên giao ban chuyển đổi số với các Sở, ngành, địa phương.`,
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        "Các Sở, ban, ngành; UBND các huyện, thị xã, thành phố; Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Chủ",
        3,
        SECRETARY,
        CHAIR,
        vnInstant(issuedOn, 10),
        vnInstant(addDays(m.day, 2), 9),
        vnInstant(issuedOn, 10),
      );

      // Tasks out of the conclusions.
      const tCount = tasksPerMeeting + r.int(-tasksPerMeeting / 10, tasksPerMeeting / 10);
      for (let i = 0; i < tCount && taskId < size.tasks; i++) {
        const id = ++taskId;
        const item = items[i % items.length];
        const lead = r.chance(0.5) ? item.agency : r.pick(weighted);
        leadCount.set(lead, (leadCount.get(lead) ?? 0) + 1);
        const head = headOf.get(lead)!;
        const title = t.taskTitle();
        const issuedAt = vnInstant(issuedOn, 10);
        const hasDeadline = r.chance(0.95);
        const original = hasDeadline ? addDays(m.day, r.int(15, 240)) : null;
        let deadline = original;
        let status: TaskStatus;
        let completedOn: string | null = null;
        // Extensions first: they move the deadline.
        const extensions: Array<{ prev: string; req: string; status: "approved" | "rejected" | "pending" }> = [];
        if (original && r.chance(0.12)) {
          const n = r.chance(0.2) ? 2 : 1;
          for (let e = 0; e < n; e++) {
            const req = addDays(deadline!, r.int(30, 90));
            const st = r.chance(0.85) ? "approved" : "rejected";
            extensions.push({ prev: deadline!, req, status: st });
            if (st === "approved") deadline = req;
          }
        }
        const x = r.next();
        if (deadline === null) status = x < 0.5 ? "completed" : x < 0.55 ? "cancelled" : "in_progress";
        else if (deadline < today) {
          // Past its deadline: ~5 % still open (overdue now), ~16 % completed late.
          status = x < 0.062 ? "in_progress" : x < 0.082 ? "cancelled" : x < 0.092 ? "awaiting_acceptance" : "completed";
          if (status === "completed")
            completedOn = x < 0.27 ? minDay(addDays(deadline, r.int(1, 60)), today) : maxDay(issuedOn, addDays(deadline, -r.int(0, 30)));
        } else {
          status = x < 0.1 ? "completed" : x < 0.13 ? "awaiting_acceptance" : x < 0.15 ? "cancelled" : "in_progress";
          if (status === "completed") completedOn = maxDay(issuedOn, minDay(today, addDays(issuedOn, r.int(5, 60))));
        }
        if (status === "completed" && completedOn === null) completedOn = maxDay(issuedOn, minDay(today, addDays(issuedOn, r.int(10, 120))));
        if (status === "in_progress" && deadline !== null && deadline < today) overdue++;
        if (status === "completed" && deadline !== null && completedOn! > deadline) late++;
        // A still-open task's last extension may be waiting for the chair.
        if (status === "in_progress" && deadline !== null && r.chance(0.05)) extensions.push({ prev: deadline, req: addDays(deadline, 60), status: "pending" });

        insTask(
          id,
          SERIES,
          m.id,
          conclusionId - items.length + 1 + (i % items.length),
          item.blocker,
          title,
          t.taskDescription(),
          t.result(),
          item.pillar ?? r.pick(PILLARS),
          lead,
          original,
          deadline,
          r.chance(0.2) ? 1 : 0,
          status,
          completedOn,
          2 + extensions.length,
          SECRETARY,
          m.startsAt,
          issuedAt,
        );
        for (const c of r.some(weighted, r.int(0, 3))) if (c !== lead) insCoordinator(id, c);
        audit(m.startsAt, SECRETARY, "task.created", "task", id, { title });
        audit(issuedAt, CHAIR, "task.issued", "task", id, { status: "in_progress" });

        // Progress reports between the issue and today (or the completion).
        const until = completedOn ?? today;
        const span = Math.max(1, Math.round((Date.parse(until) - Date.parse(issuedOn)) / 86_400_000));
        const reports = status === "cancelled" ? 0 : r.int(1, 3);
        for (let p = 1; p <= reports; p++) {
          const day = minDay(today, addDays(issuedOn, Math.round((span * p) / (reports + 1))));
          const at = vnInstant(day, 15);
          insProgress(id, lead, Math.min(100, Math.round((100 * p) / (reports + 1))), t.progress(), day, head, at);
          audit(at, head, "task.progress_reported", "task", id, { report_date: day });
        }
        for (const e of extensions) {
          const asked = minDay(today, addDays(e.prev, -10));
          const decided = e.status === "pending" ? null : vnInstant(minDay(today, addDays(e.prev, -5)), 9);
          insExtension(
            id,
            e.prev,
            e.req,
            t.reason(),
            e.status,
            e.status === "rejected" ? "Không đủ căn cứ gia hạn." : null,
            decided ? CHAIR : null,
            decided,
            head,
            vnInstant(asked, 9),
          );
          audit(vnInstant(asked, 9), head, "task.extension_requested", "task", id, { requested_deadline: e.req });
          if (decided) audit(decided, CHAIR, `task.extension_${e.status}`, "task", id, { deadline: e.req });
        }
        if (status === "completed" || status === "awaiting_acceptance") {
          const on = completedOn ?? minDay(today, addDays(issuedOn, r.int(10, 90)));
          const reported = vnInstant(on, 16);
          const accepted = status === "completed";
          insCompletion(
            id,
            t.result(),
            "Văn bản báo cáo số 123/BC kèm theo",
            on,
            accepted ? "approved" : "pending",
            null,
            accepted ? CHAIR : null,
            accepted ? vnInstant(on, 17) : null,
            head,
            reported,
          );
          audit(reported, head, "task.completion_reported", "task", id, { completed_on: on });
          if (accepted) audit(vnInstant(on, 17), CHAIR, "task.completion_accepted", "task", id, { status: "completed" });
        } else if (status === "cancelled") {
          audit(vnInstant(minDay(today, addDays(issuedOn, 30)), 11), CHAIR, "task.cancelled", "task", id, { status: "cancelled" });
        }
        if (status === "in_progress" && deadline !== null) openTasks.push({ id, deadline, lead, title });
      }
      // Keep the follow-up pool recent and small.
      if (openTasks.length > 2000) openTasks.splice(0, openTasks.length - 2000);
    }

    const busiest = [...leadCount].sort((a, b) => b[1] - a[1])[0];
    facts.busiestAgencyId = busiest[0];
    facts.busiestAgencyCode = agencies[busiest[0] - 1].code;
    facts.overdueShare = overdue / taskId;
    facts.lateShare = late / taskId;
  })();

  // ------------------------------------------------------------ the search index, once
  let searchIndexSeconds: number | null = null;
  if (!opts.withTriggers) {
    const t0 = performance.now();
    db.transaction(() => {
      for (const tr of triggers) {
        const values = tr.sql.match(/VALUES\s*\(([\s\S]*)\);\s*END\s*$/i);
        if (!values) throw new Error(`cannot read the indexed expression of ${tr.name}`);
        db.exec(`INSERT INTO search_index (rowid, title, body, meta) SELECT ${values[1].replace(/\bNEW\./g, "src.")} FROM ${tr.table} src`);
        db.exec(tr.sql);
      }
    })();
    searchIndexSeconds = (performance.now() - t0) / 1000;
    // The task summaries (lead, pillar, coordinators) and the overdue stretches, filled as their migrations fill them, then kept by their triggers again.
    db.transaction(() => {
      db.exec("DELETE FROM task_counts; DELETE FROM task_counts_by_pillar; DELETE FROM task_overdue_stretches; DELETE FROM task_coordinator_counts;");
      for (const statement of TASK_COUNTS_BACKFILL) db.exec(statement);
      db.exec(OVERDUE_STRETCHES_BACKFILL);
      db.exec(TASK_COORDINATOR_COUNTS_BACKFILL);
      for (const trigger of summaryTriggers) db.exec(trigger.sql);
    })();
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const seconds = (performance.now() - started) / 1000;
  return { size: opts.size, seed: opts.seed, today, seconds, searchIndexSeconds, bytes: statSync(opts.path).size, counts, facts };
}

// ---------------------------------------------------------------- command line

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const size = (arg("--size") ?? "S") as Size;
  if (!(size in SIZES)) throw new Error(`--size must be S or L, got ${size}`);
  const out = arg("--out") ?? `bench/scratch/${size}.db`;
  const seed = Number(arg("--seed") ?? 20261127);
  const result = await generate({ size, seed, path: out, today: arg("--today"), withTriggers: args.includes("--with-triggers") });
  console.log(JSON.stringify(result, null, 2));
}
