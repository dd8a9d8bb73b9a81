/**
 * The dashboard's figures, all counted by aggregate SQL (GROUP BY and
 * SUM(CASE …)) — no task rows are loaded into JavaScript to be counted.
 *
 * Scope of the task figures for a series and a range (see
 * docs/decisions/0015-dashboard-figures.md): issued tasks (drafts never
 * count) whose deadline falls in the range, plus those still owed whose
 * deadline fell before it — and, while the range reaches today, those owed
 * with a later deadline or none. Each is counted under its tracking status
 * today, as the register counts it, so every status figure links to the
 * register. The task figures are summed from the summary tables
 * `task_counts` and `task_counts_by_pillar` (docs/decisions/0025-summary-tables.md).
 *
 * Month-by-month figures group by month; "overdue at month end" turns each
 * stretch of days a task was overdue (kept by triggers in
 * `task_overdue_stretches`) into +1/−1 steps over a VALUES list of the
 * months and their as-of days (see `monthByMonth`). Range bounds and today
 * are parameters, computed in JavaScript in Vietnam's calendar.
 *
 * The province's figures are cached in memory until the data changes (see
 * utils/generation-cache.server.ts), keyed by the parameters and today's
 * date: a page view with no write in between does not aggregate again. A
 * first view after a write is ~25–45 ms at a province's size, still over
 * issue 16's 30 ms on a loaded machine (ADR 25), so the cache stays for
 * now. The task figures alone and an agency's own figures are not cached:
 * the summaries and the open tasks' index (`tasks_owed`) make them cheap.
 */
import { expressionBuilder, sql, type Kysely, type SqlBool } from "kysely";
import {
  BLOCKER_STATUSES,
  PILLARS,
  type BlockerStatus,
  type Database,
  type MeetingStatus,
  type Pillar,
  type TaskCountState,
  type TaskStatus,
} from "../../../db/schema";
import { addDaysToDay, vnLocalToIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { cachedUntilWrite, generationCacheStats } from "~/utils/generation-cache.server";
import type { Actor } from "~/utils/permissions";
import {
  daysReadLive,
  monthsAround,
  trackingCounter,
  trackingStatus,
  TRACKING_STATUSES,
  type DayTally,
  type MonthTally,
  type TrackingStatus,
} from "~/features/tasks/tasks-rules";
import { pendingExtension, TASK_LINE_COLUMNS, trackingCondition } from "~/features/tasks/tasks.server";
import { periodOf, rankScorecard, type DashboardRange, type RateInputs, type ScorecardFigures } from "./dashboard-rules";

type Db = Kysely<Database>;

/** The dashboard's results ("province", "series") are cached until the next write. */
export const dashboardCacheStats = generationCacheStats;
const cached = cachedUntilWrite;

// ---------------------------------------------------------------------------
// Series

export interface SeriesChoice {
  id: number;
  nameVi: string;
  nameEn: string;
}

/**
 * The series a user can choose from, and theirs: the first they chair or
 * serve as secretary, else the first their agency belongs to, else the
 * first active one.
 */
export async function seriesChoices(actor: Actor, db: Db = getDb()): Promise<{ options: SeriesChoice[]; defaultId: number | null }> {
  const { options, memberships } = await cached(db, ["series"], async () => {
    const rows = await db.selectFrom("series").select(["id", "name_vi", "name_en"]).orderBy("active", "desc").orderBy("id").execute();
    const members = await db.selectFrom("series_agencies").select(["series_id", "agency_id"]).execute();
    return {
      options: rows.map((r) => ({ id: r.id, nameVi: r.name_vi, nameEn: r.name_en })),
      memberships: members.map((m) => [m.agency_id, m.series_id] as const),
    };
  });
  const order = new Map(options.map((o, i) => [o.id, i]));
  const agencySeries =
    actor.agencyId === null
      ? undefined
      : memberships
          .filter(([agency]) => agency === actor.agencyId)
          .map(([, series]) => series)
          .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0];
  return { options, defaultId: actor.seriesRoles[0]?.seriesId ?? agencySeries ?? options[0]?.id ?? null };
}

// ---------------------------------------------------------------------------
// The province figures

/** Tracking statuses a dashboard counts: drafts ("not issued") never do. */
export const COUNTED_STATUSES = TRACKING_STATUSES.filter((s) => s !== "not_issued") as Exclude<TrackingStatus, "not_issued">[];
export type CountedStatus = (typeof COUNTED_STATUSES)[number];
export type StatusCounts = Record<CountedStatus, number>;

const OWED_STATUSES: readonly CountedStatus[] = ["no_deadline", "in_progress", "due_soon", "overdue", "awaiting_acceptance"];
const openOf = (c: StatusCounts) => OWED_STATUSES.reduce((n, s) => n + c[s], 0);

export interface TaskTotals extends StatusCounts {
  total: number;
  open: number;
  daysLate: number;
  extensions: number;
}

export interface PillarLine {
  pillar: Pillar | null;
  tasks: { total: number; open: number; overdue: number; onTime: number; late: number };
  blockers: number;
}

export interface TrendPoint {
  period: string;
  /** The day the month-end figure is read on: the month's last day, or today. */
  asOf: string;
  assigned: number;
  onTime: number;
  late: number;
  overdue: number;
  blockersReceived: number;
}

export interface CarriedItem {
  id: number;
  title: string;
  meetingId: number;
  meetingTitle: string;
  period: string;
  carryCount: number;
}

export interface ProvinceFigures {
  seriesId: number;
  today: string;
  totals: TaskTotals;
  agencies: ScorecardFigures[];
  pillars: PillarLine[];
  trend: TrendPoint[];
  blockers: { received: number; byStatus: Record<BlockerStatus, number> };
  carriedOver: { count: number; items: CarriedItem[] };
  /** The months the series' issued tasks have deadlines in, for an empty range's "try these" hint. */
  span: { from: string; to: string } | null;
}

export interface ProvinceParams {
  seriesId: number;
  range: DashboardRange;
  today: string;
}

const ISSUED_STATUSES: TaskStatus[] = ["in_progress", "awaiting_acceptance", "completed", "cancelled"];

/** The agenda is public from its publication on; a draft agenda's items are the office's. */
const AGENDA_PUBLIC: MeetingStatus[] = ["agenda_published", "in_session", "concluded", "notice_issued"];
export const CARRIED_LIST_LIMIT = 20;

/** SUM(CASE WHEN <status today> THEN 1 ELSE 0 END) for each counted status, and the days late summed. */
function statusSums(today: string) {
  const eb = expressionBuilder<Database, "tasks">();
  const sums = COUNTED_STATUSES.map((s) =>
    eb.fn.coalesce(eb.fn.sum<number>(eb.case().when(trackingCondition(s, today)).then(1).else(0).end()), sql.lit(0)).as(s),
  );
  const late = trackingCondition("completed_late", today);
  return [
    ...sums,
    eb.fn.countAll<number>().as("total"),
    sql<number>`coalesce(sum(case when ${late} then julianday(tasks.completed_on) - julianday(tasks.deadline) else 0 end), 0)`.as("days_late"),
  ];
}

function countsOf(row: Record<string, unknown>): StatusCounts {
  return Object.fromEntries(COUNTED_STATUSES.map((s) => [s, Number(row[s] ?? 0)])) as StatusCounts;
}

interface Cell {
  counts: StatusCounts;
  total: number;
  daysLate: number;
  /** Tasks for which an extension was asked (when the query counts them). */
  extensions: number;
}
const emptyCell = (): Cell => ({ counts: countsOf({}), total: 0, daysLate: 0, extensions: 0 });

/** Cells summed into one. */
function sumCells(cells: readonly Cell[]): Cell {
  const out = emptyCell();
  for (const cell of cells) {
    for (const s of COUNTED_STATUSES) out.counts[s] += cell.counts[s];
    out.total += cell.total;
    out.daysLate += cell.daysLate;
    out.extensions += cell.extensions;
  }
  return out;
}

/**
 * The Vietnamese calendar day of an ISO instant, in SQL. SQLite knows no
 * time zones; Asia/Ho_Chi_Minh has been UTC+7 all year round since 1975,
 * so a fixed seven hours is exact for every instant the app stores.
 */
const vnDay = (column: string) => sql<string>`date(${sql.ref(column)}, '+7 hours')`;

/** The months of the range as a VALUES list: each month, and the day its "at month end" figures are read on. */
function monthsValues(range: DashboardRange) {
  return sql.join(range.months.map((m) => sql`(${m.period}, ${m.asOf})`));
}

/**
 * Month by month: tasks assigned (by the day their notice was issued, or
 * their creation for a referral, live at once), completed on time and late
 * (by completion day), overdue at each month's end, and blockers received.
 */
async function monthByMonth(db: Db, seriesId: number, range: DashboardRange): Promise<TrendPoint[]> {
  const first = range.months[0];
  const last = range.months[range.months.length - 1];
  // Assigned on its notice's issue day, read from the few notices of the range to their tasks; a task
  // with no issued notice for its meeting (a referral, live at once) on the day it was created.
  const assigned = await sql<{ period: string; n: number }>`
    WITH days(day) AS (
      SELECT notices.issued_on
      FROM notices CROSS JOIN tasks ON tasks.meeting_id = notices.meeting_id
      WHERE notices.status = 'issued' AND notices.issued_on BETWEEN ${first.firstDay} AND ${last.lastDay}
        AND +tasks.series_id = ${seriesId} AND tasks.status <> 'draft'
      UNION ALL
      SELECT ${vnDay("tasks.created_at")}
      FROM meetings CROSS JOIN tasks ON tasks.meeting_id = meetings.id
      WHERE meetings.series_id = ${seriesId}
        AND NOT EXISTS (SELECT 1 FROM notices WHERE notices.meeting_id = meetings.id AND notices.status = 'issued')
        AND tasks.status <> 'draft' AND ${vnDay("tasks.created_at")} BETWEEN ${first.firstDay} AND ${last.lastDay}
      UNION ALL
      SELECT ${vnDay("tasks.created_at")}
      FROM tasks
      WHERE tasks.meeting_id IS NULL AND +tasks.series_id = ${seriesId} AND tasks.status <> 'draft'
        AND ${vnDay("tasks.created_at")} BETWEEN ${first.firstDay} AND ${last.lastDay}
    )
    SELECT substr(day, 1, 7) AS period, count(*) AS n FROM days GROUP BY substr(day, 1, 7)
  `.execute(db);

  const completed = await db
    .selectFrom("tasks")
    .where("tasks.series_id", "=", seriesId)
    .where("tasks.status", "=", "completed")
    .where("tasks.completed_on", ">=", first.firstDay)
    .where("tasks.completed_on", "<=", last.lastDay)
    .groupBy(sql`substr(tasks.completed_on, 1, 7)`)
    .select([
      sql<string>`substr(tasks.completed_on, 1, 7)`.as("period"),
      sql<number>`sum(tasks.deadline IS NULL OR tasks.completed_on <= tasks.deadline)`.as("on_time"),
      sql<number>`sum(tasks.deadline IS NOT NULL AND tasks.completed_on > tasks.deadline)`.as("late"),
    ])
    .execute();

  const received = await db
    .selectFrom("blockers")
    .where("blockers.series_id", "=", seriesId)
    .where("blockers.submitted_at", ">=", vnLocalToIso(first.firstDay, "00:00"))
    .where("blockers.submitted_at", "<", vnLocalToIso(addDaysToDay(last.lastDay, 1), "00:00"))
    .groupBy(sql`substr(${vnDay("blockers.submitted_at")}, 1, 7)`)
    .select((eb) => [sql<string>`substr(${vnDay("blockers.submitted_at")}, 1, 7)`.as("period"), eb.fn.countAll<number>().as("n")])
    .execute();

  /*
   * Overdue at month end. A task is overdue on day D when it was issued by D,
   * the deadline in force on D (the first one, or the last extension approved
   * by D) is before D, and it was neither completed nor cancelled by D. The
   * days [start, end) each task was overdue under each deadline are kept in
   * `task_overdue_stretches` by triggers (db/migrations, 2026-12-08T1300), so
   * a stretch counts at a month's end when it started by its as-of day and
   * had not ended: +1 from the month it starts, -1 from the month it ends
   * (if that is by the last as-of day), summed over the months in order.
   * Only the stretches still running, or ended after the first month's end,
   * can count: two ranges of the (series, end, start) index.
   */
  const overdue = await sql<{ period: string; overdue: number }>`
    WITH months(period, as_of) AS (VALUES ${monthsValues(range)}),
    spans AS (
      SELECT start_day, end_day FROM task_overdue_stretches
      WHERE series_id = ${seriesId} AND end_day IS NULL AND start_day <= ${last.asOf}
      UNION ALL
      SELECT start_day, end_day FROM task_overdue_stretches
      WHERE series_id = ${seriesId} AND end_day > ${first.asOf} AND start_day <= ${last.asOf}
    ),
    steps AS (
      SELECT max(substr(start_day, 1, 7), ${first.period}) AS period, 1 AS step FROM spans
      UNION ALL
      SELECT substr(end_day, 1, 7), -1 FROM spans WHERE end_day <= ${last.asOf}
    )
    SELECT months.period AS period, sum(coalesce(steps_by_month.n, 0)) OVER (ORDER BY months.period) AS overdue
    FROM months
    LEFT JOIN (SELECT period, sum(step) AS n FROM steps GROUP BY period) AS steps_by_month ON steps_by_month.period = months.period
    ORDER BY months.period
  `.execute(db);

  const count = (rows: Array<{ period: string; n: number }>) => new Map(rows.map((r) => [r.period, Number(r.n)]));
  const assignedBy = count(assigned.rows);
  const receivedBy = count(received);
  const completedBy = new Map(completed.map((r) => [r.period, r]));
  const overdueBy = new Map(overdue.rows.map((r) => [r.period, Number(r.overdue)]));
  return range.months.map((m) => ({
    period: m.period,
    asOf: m.asOf,
    assigned: assignedBy.get(m.period) ?? 0,
    onTime: Number(completedBy.get(m.period)?.on_time ?? 0),
    late: Number(completedBy.get(m.period)?.late ?? 0),
    overdue: overdueBy.get(m.period) ?? 0,
    blockersReceived: receivedBy.get(m.period) ?? 0,
  }));
}

export async function provinceFigures(params: ProvinceParams, db: Db = getDb()): Promise<ProvinceFigures> {
  const { seriesId, range, today } = params;
  return cached(db, ["province", seriesId, range.from, range.to, range.dayTo, today], () => countProvince(params, db));
}

/**
 * A summary's rows summed per group of deadline months (`monthsAround`):
 * none, before the live days' months, those months, after them. `tasks`
 * first, as the days read live put their count there.
 */
function monthGroupSums(around: ReturnType<typeof monthsAround>) {
  return sql`sum(tasks) AS tasks,
    sum(CASE WHEN deadline_month = '' THEN tasks ELSE 0 END) AS undated,
    sum(CASE WHEN deadline_month <> '' AND deadline_month < ${around.first} THEN tasks ELSE 0 END) AS before,
    sum(CASE WHEN deadline_month BETWEEN ${around.first} AND ${around.last} THEN tasks ELSE 0 END) AS around,
    sum(CASE WHEN deadline_month > ${around.last} THEN tasks ELSE 0 END) AS after`;
}

interface MonthGroupRow {
  state: TaskCountState | null;
  tasks: number;
  undated: number;
  before: number;
  around: number;
  after: number;
}

/** Each group of months counts as one month of it (monthsAround): the rule gives them all one status. */
function monthGroupTallies(r: MonthGroupRow & { state: TaskCountState }, around: ReturnType<typeof monthsAround>): MonthTally[] {
  const groups: Array<[string | null, number]> = [
    [null, Number(r.undated)],
    [around.before, Number(r.before)],
    [around.first, Number(r.around)],
    [around.after, Number(r.after)],
  ];
  return groups.filter(([, tasks]) => tasks > 0).map(([deadlineMonth, tasks]) => ({ state: r.state, deadlineMonth, tasks }));
}

/**
 * The figures of each lead agency and each pillar in the dashboard's scope,
 * from the summary tables `task_counts` and `task_counts_by_pillar` (kept by
 * triggers in every write's transaction) rather than from the tasks. The
 * series' rows are summed in SQL per agency and per pillar (each table's
 * order), in
 * the groups of deadline months `monthsAround(today)` gives, so some hundred
 * rows reach JavaScript, not thousands. Only the in-progress tasks due
 * around today are read one by one (`daysReadLive`, about a month of one
 * series): their status depends on the day. One statement, so the parts
 * see the same data.
 */
async function scopeCells(db: Db, seriesId: number, range: DashboardRange, today: string) {
  const live = daysReadLive(today);
  const around = monthsAround(today);
  // The scope (module comment) on deadline months; the range's bounds are whole months (resolveRange).
  // Closed tasks count when due in the range; owed ones when due by its end (before it: still owed), or
  // with any deadline or none while the range reaches the current month.
  const toMonth = range.dayTo === null ? null : periodOf(range.dayTo);
  // Two conditions, not one with OR: the closed states are a range of months, read through `task_counts_by_month`
  // (~3,000 of a series' ~27,000 closed rows at province size); the OR read every row of the series.
  const closedInScope = sql`series_id = ${seriesId} AND state IN ('completed_on_time', 'completed_late', 'cancelled')
    AND deadline_month >= ${range.from}${toMonth === null ? sql`` : sql` AND deadline_month <= ${toMonth}`}`;
  const owedInScope = sql`series_id = ${seriesId} AND state IN ('in_progress', 'awaiting_acceptance')${
    toMonth === null ? sql`` : sql` AND deadline_month <> '' AND deadline_month <= ${toMonth}`
  }`;
  const sums = sql`sum(days_late) AS days_late, sum(extensions) AS extensions, ${monthGroupSums(around)}`;
  const liveTo = range.dayTo !== null && range.dayTo < live.to ? range.dayTo : live.to;
  const due = sql`FROM tasks WHERE series_id = ${seriesId} AND status = 'in_progress' AND deadline >= ${live.from} AND deadline <= ${liveTo}`;
  const { rows } = await sql<{
    part: "agency" | "pillar";
    agency_id: number | null;
    pillar: Pillar | "" | null;
    state: TaskCountState | null;
    deadline: string | null;
    tasks: number;
    days_late: number;
    extensions: number;
    undated: number;
    before: number;
    around: number;
    after: number;
  }>`
    SELECT 'agency' AS part, lead_agency_id AS agency_id, NULL AS pillar, state, NULL AS deadline,
      ${sums}
    FROM task_counts INDEXED BY task_counts_by_month WHERE ${closedInScope} GROUP BY state, lead_agency_id
    UNION ALL
    SELECT 'agency', lead_agency_id, NULL, state, NULL, ${sums} FROM task_counts WHERE ${owedInScope} GROUP BY state, lead_agency_id
    UNION ALL
    SELECT 'pillar', NULL, pillar, state, NULL, ${sums} FROM task_counts_by_pillar WHERE ${closedInScope} GROUP BY state, pillar
    UNION ALL
    SELECT 'pillar', NULL, pillar, state, NULL, ${sums} FROM task_counts_by_pillar WHERE ${owedInScope} GROUP BY state, pillar
    UNION ALL
    SELECT 'agency', lead_agency_id, NULL, NULL, deadline, 0, 0, count(*), 0, 0, 0, 0 ${due} GROUP BY lead_agency_id, deadline
    UNION ALL
    SELECT 'pillar', NULL, coalesce(pillar, ''), NULL, deadline, 0, 0, count(*), 0, 0, 0, 0 ${due} GROUP BY pillar, deadline
  `.execute(db);

  const count = trackingCounter(today);
  const group = <K>(part: "agency" | "pillar", keyOf: (r: (typeof rows)[number]) => K): Map<K, Cell> => {
    const groups = new Map<K, { months: MonthTally[]; days: DayTally[]; cell: Cell }>();
    for (const r of rows) {
      if (r.part !== part) continue;
      const k = keyOf(r);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { months: [], days: [], cell: emptyCell() }));
      if (r.state === null) {
        g.days.push({ deadline: r.deadline!, tasks: Number(r.tasks) });
        continue;
      }
      g.months.push(...monthGroupTallies({ ...r, state: r.state }, around));
      g.cell.total += Number(r.tasks);
      g.cell.daysLate += Number(r.days_late);
      g.cell.extensions += Number(r.extensions);
    }
    const out = new Map<K, Cell>();
    for (const [k, { months, days, cell }] of groups) {
      const counts = count(months, days);
      for (const status of COUNTED_STATUSES) cell.counts[status] = counts[status];
      out.set(k, cell);
    }
    return out;
  };
  return {
    byAgency: group("agency", (r) => r.agency_id!),
    byPillar: group("pillar", (r): Pillar | null => (r.pillar === "" ? null : r.pillar)),
  };
}

/** The tasks' figures alone: per agency, per pillar, and the province's totals. */
export interface TaskFigures {
  totals: TaskTotals;
  agencies: ScorecardFigures[];
  byPillar: Map<Pillar | null, Cell>;
}

/**
 * The tasks' figures of the dashboard's scope, kept apart from the rest of
 * the province's. Read from the summary tables, they cost a few
 * milliseconds at a province's size and are not cached. An agency's
 * dashboard reads fewer of them (`provinceRates`).
 */
export async function taskFigures(params: ProvinceParams, db: Db = getDb()): Promise<TaskFigures> {
  return countTasks(params, db);
}

async function countTasks({ seriesId, range, today }: ProvinceParams, db: Db): Promise<TaskFigures> {
  const { byAgency, byPillar } = await scopeCells(db, seriesId, range, today);

  // The series' member agencies appear even with nothing to show; others only when they lead a task in scope.
  const leadIds = [...byAgency.keys()];
  const agencies = await db
    .selectFrom("agencies")
    .where((eb) =>
      eb.or([
        ...(leadIds.length ? [eb("agencies.id", "in", leadIds)] : []),
        eb.and([
          eb("agencies.active", "=", 1),
          eb.exists(
            eb
              .selectFrom("series_agencies")
              .whereRef("series_agencies.agency_id", "=", "agencies.id")
              .where("series_agencies.series_id", "=", seriesId)
              .select(sql.lit(1).as("one")),
          ),
        ]),
      ]),
    )
    .select(["id", "name_vi", "name_en"])
    .execute();
  const agencyFigures: ScorecardFigures[] = agencies.map((a) => {
    const f = byAgency.get(a.id) ?? emptyCell();
    const c = f.counts;
    return {
      agencyId: a.id,
      nameVi: a.name_vi,
      nameEn: a.name_en,
      total: f.total,
      open: openOf(c),
      dueSoon: c.due_soon,
      awaiting: c.awaiting_acceptance,
      cancelled: c.cancelled,
      onTime: c.completed_on_time,
      late: c.completed_late,
      overdue: c.overdue,
      daysLate: f.daysLate,
      extensions: f.extensions,
    };
  });

  // Each task has one lead agency, so the province's totals are the sum of the agencies'.
  const all = sumCells([...byAgency.values()]);
  const totals: TaskTotals = {
    ...all.counts,
    total: all.total,
    open: openOf(all.counts),
    daysLate: all.daysLate,
    extensions: all.extensions,
  };
  return { totals, agencies: agencyFigures, byPillar };
}

/** What an agency's rank and the province's on-time rate read (`rankScorecard`, `onTimeRate`): per lead agency, and summed. */
export interface ProvinceRates {
  /** The lead agencies with a task completed in the scope or still in progress; any other has nothing due, so no rank. */
  agencies: Array<RateInputs & { agencyId: number }>;
  totals: RateInputs;
}

/**
 * `taskFigures`' on time, late and overdue, and nothing else, for an
 * agency's own dashboard (its rank, the province's rate): per lead agency
 * from `task_counts` alone — the completed states of the range, the
 * in-progress ones (by group of deadline months, as `scopeCells` reads
 * them) and the in-progress tasks due around today, each day of which
 * `trackingCounter` splits. No pillars, cancelled or awaiting tasks (their
 * status never depends on the day, and no rate reads it), days late,
 * extensions or agency names: at a province's size a few thousand index
 * entries instead of twice as many rows, then some hundred to JavaScript.
 */
export async function provinceRates({ seriesId, range, today }: ProvinceParams, db: Db = getDb()): Promise<ProvinceRates> {
  const live = daysReadLive(today);
  const around = monthsAround(today);
  // The same scope as `scopeCells`, on the three states a rate reads.
  const toMonth = range.dayTo === null ? null : periodOf(range.dayTo);
  const completedInScope = sql`series_id = ${seriesId} AND state IN ('completed_on_time', 'completed_late')
    AND deadline_month >= ${range.from}${toMonth === null ? sql`` : sql` AND deadline_month <= ${toMonth}`}`;
  const inProgressInScope = sql`series_id = ${seriesId} AND state = 'in_progress'${
    toMonth === null ? sql`` : sql` AND deadline_month <> '' AND deadline_month <= ${toMonth}`
  }`;
  const liveTo = range.dayTo !== null && range.dayTo < live.to ? range.dayTo : live.to;
  const { rows } = await sql<MonthGroupRow & { agency_id: number; deadline: string | null }>`
    SELECT lead_agency_id AS agency_id, state, NULL AS deadline, ${monthGroupSums(around)}
    FROM task_counts INDEXED BY task_counts_by_month WHERE ${completedInScope} GROUP BY state, lead_agency_id
    UNION ALL
    SELECT lead_agency_id, state, NULL, ${monthGroupSums(around)} FROM task_counts WHERE ${inProgressInScope} GROUP BY lead_agency_id
    UNION ALL
    SELECT lead_agency_id, NULL, deadline, count(*), 0, 0, 0, 0 FROM tasks
    WHERE series_id = ${seriesId} AND status = 'in_progress' AND deadline >= ${live.from} AND deadline <= ${liveTo}
    GROUP BY lead_agency_id, deadline
  `.execute(db);

  const tallies = new Map<number, { months: MonthTally[]; days: DayTally[] }>();
  for (const r of rows) {
    let t = tallies.get(r.agency_id);
    if (!t) tallies.set(r.agency_id, (t = { months: [], days: [] }));
    if (r.state === null) t.days.push({ deadline: r.deadline!, tasks: Number(r.tasks) });
    else t.months.push(...monthGroupTallies({ ...r, state: r.state }, around));
  }
  const count = trackingCounter(today);
  const agencies = [...tallies].map(([agencyId, { months, days }]) => {
    const c = count(months, days);
    return { agencyId, onTime: c.completed_on_time, late: c.completed_late, overdue: c.overdue };
  });
  const totals = agencies.reduce((t, a) => ({ onTime: t.onTime + a.onTime, late: t.late + a.late, overdue: t.overdue + a.overdue }), {
    onTime: 0,
    late: 0,
    overdue: 0,
  });
  return { agencies, totals };
}

/**
 * Each agency's rate and rank among the province's, by `rankScorecard`,
 * from `provinceRates`. The ranking reads only the rate's inputs; the
 * scorecard's other columns, which `provinceRates` does not count, are
 * zero here and do not leave this function.
 */
export function rankAgencies(rates: ProvinceRates["agencies"]): Array<{ agencyId: number; rate: number | null; rank: number | null }> {
  const rows = rates.map((r) => ({ ...r, nameVi: "", nameEn: "", total: 0, open: 0, dueSoon: 0, awaiting: 0, cancelled: 0, daysLate: 0, extensions: 0 }));
  return rankScorecard(rows).map((r) => ({ agencyId: r.agencyId, rate: r.rate, rank: r.rank }));
}

async function countProvince(params: ProvinceParams, db: Db): Promise<ProvinceFigures> {
  const { seriesId, range, today } = params;
  const { totals, agencies, byPillar } = await taskFigures(params, db);
  const first = range.months[0];
  const last = range.months[range.months.length - 1];
  const receivedFrom = vnLocalToIso(first.firstDay, "00:00");
  const receivedTo = vnLocalToIso(addDaysToDay(last.lastDay, 1), "00:00");

  const blockerRows = await db
    .selectFrom("blockers")
    .where("blockers.series_id", "=", seriesId)
    .where("blockers.submitted_at", ">=", receivedFrom)
    .where("blockers.submitted_at", "<", receivedTo)
    .groupBy(["blockers.status", "blockers.pillar"])
    .select((eb) => ["blockers.status", "blockers.pillar", eb.fn.countAll<number>().as("n")])
    .execute();

  const pillarKeys: Array<Pillar | null> = [...PILLARS, null];
  const pillars: PillarLine[] = pillarKeys
    .map((pillar) => {
      const f = byPillar.get(pillar) ?? emptyCell();
      const c = f.counts;
      return {
        pillar,
        tasks: { total: f.total, open: openOf(c), overdue: c.overdue, onTime: c.completed_on_time, late: c.completed_late },
        blockers: blockerRows.filter((b) => b.pillar === pillar).reduce((n, b) => n + Number(b.n), 0),
      };
    })
    // Blockers always have a pillar; tasks may not ("not classified" shows only when there are such tasks).
    .filter((p) => p.pillar !== null || p.tasks.total > 0);

  const byStatus = Object.fromEntries(BLOCKER_STATUSES.map((s) => [s, 0])) as Record<BlockerStatus, number>;
  for (const b of blockerRows) byStatus[b.status] += Number(b.n);
  const received = blockerRows.reduce((n, b) => n + Number(b.n), 0);

  const trend = await monthByMonth(db, seriesId, range);

  const carriedBase = db
    .selectFrom("agenda_items")
    .innerJoin("meetings", "meetings.id", "agenda_items.meeting_id")
    .where("meetings.series_id", "=", seriesId)
    .where("meetings.period", ">=", range.from)
    .where("meetings.period", "<=", range.to)
    .where("meetings.status", "in", AGENDA_PUBLIC)
    .where("agenda_items.kind", "=", "carried_over")
    .where("agenda_items.carry_count", ">=", 2)
    .where("agenda_items.removed", "=", 0);
  const carriedCount = await carriedBase.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const carriedItems = await carriedBase
    .select([
      "agenda_items.id",
      "agenda_items.title",
      "agenda_items.carry_count",
      "meetings.id as meeting_id",
      "meetings.title as meeting_title",
      "meetings.period",
    ])
    .orderBy("meetings.period", "desc")
    .orderBy("agenda_items.carry_count", "desc")
    .orderBy("agenda_items.id")
    .limit(CARRIED_LIST_LIMIT)
    .execute();

  // The first and last deadline of each issued status: the ends of the (series, status, deadline) index, not a walk of the series.
  const ends = ISSUED_STATUSES.map(
    (status) => sql`SELECT
      (SELECT min(deadline) FROM tasks WHERE series_id = ${seriesId} AND status = ${sql.lit(status)} AND deadline IS NOT NULL) AS first,
      (SELECT max(deadline) FROM tasks WHERE series_id = ${seriesId} AND status = ${sql.lit(status)}) AS last`,
  );
  const {
    rows: [span],
  } = await sql<{
    first: string | null;
    last: string | null;
  }>`SELECT min(first) AS first, max(last) AS last FROM (${sql.join(ends, sql` UNION ALL `)})`.execute(db);

  return {
    seriesId,
    today,
    totals,
    agencies,
    pillars,
    trend,
    blockers: { received, byStatus },
    carriedOver: {
      count: Number(carriedCount.n),
      items: carriedItems.map((i) => ({
        id: i.id,
        title: i.title,
        meetingId: i.meeting_id,
        meetingTitle: i.meeting_title,
        period: i.period,
        carryCount: i.carry_count,
      })),
    },
    span: span.first && span.last ? { from: periodOf(String(span.first)), to: periodOf(String(span.last)) } : null,
  };
}

// ---------------------------------------------------------------------------
// One agency's dashboard

export interface OwedTask {
  id: number;
  title: string;
  seriesId: number;
  deadline: string | null;
  originalDeadline: string | null;
  status: TrackingStatus;
  role: "lead" | "coordinating";
  leadVi: string;
  leadEn: string;
  pendingExtension: boolean;
}

export interface AwaitingChair {
  kind: "extension" | "completion";
  id: number;
  taskId: number;
  title: string;
  /** The requested deadline, or the reported completion day. */
  day: string;
  createdAt: string;
}

export interface AgencyBlocker {
  id: number;
  title: string;
  status: BlockerStatus;
  isLate: boolean;
  outcomeReason: string | null;
  submittedAt: string | null;
  updatedAt: string;
}

export interface NextMeeting {
  id: number;
  title: string;
  period: string;
  startsAt: string;
  cutoffAt: string;
  status: MeetingStatus;
}

export interface AgencyFigures {
  agencyId: number;
  /** Open tasks of the agency (lead or coordinating) per tracking status. */
  counts: { lead: Record<CountedStatus, number>; coordinating: Record<CountedStatus, number> };
  /** The first overdue tasks, longest overdue first (the counts give how many there are). */
  overdue: OwedTask[];
  /** The first open tasks not overdue, nearest deadline first (those without one last). */
  upcoming: OwedTask[];
  owedTotal: number;
  /** The requests waiting longest for the chair's decision, oldest first. */
  awaitingChair: AwaitingChair[];
  awaitingTotal: number;
  blockers: { byStatus: Record<BlockerStatus, number>; recent: AgencyBlocker[] };
  nextMeeting: NextMeeting | null;
}

/**
 * How many rows each of an agency's lists shows: a dashboard is read at a
 * glance, and each list links to the register for the rest.
 */
export const DASHBOARD_LIST_LIMIT = 15;
export const RECENT_BLOCKERS = 10;

/**
 * An agency's own dashboard: what it owes (as lead or coordinator), what
 * waits for the chair, its blockers and the next meeting. Not cached: each
 * statement reads a few hundred index entries at most (the open tasks
 * through `tasks_owed`), ~10–15 ms for the busiest agency at a province's
 * size, and a cache emptied by every write would not make the first view
 * after one any faster (ADR 25).
 */
export async function agencyFigures(agencyId: number, today: string, db: Db = getDb()): Promise<AgencyFigures> {
  // Owed by the agency as lead (the lead index) or as coordinator (task_coordinators, each task's status looked up in
  // `tasks_owed`, the index of open tasks, not in its row: the busiest coordinator has ~4,800 tasks, ~600 still open).
  // Found once, as ids, for the three statements below. INDEXED BY: without statistics SQLite reads the row by rowid.
  const { rows: owed } = await sql<{ id: number }>`
    SELECT id FROM tasks WHERE lead_agency_id = ${agencyId} AND status IN ('in_progress', 'awaiting_acceptance')
    UNION
    SELECT c.task_id FROM task_coordinators c WHERE c.agency_id = ${agencyId} AND EXISTS (
      SELECT 1 FROM tasks INDEXED BY tasks_owed WHERE tasks.id = c.task_id AND tasks.status IN ('in_progress', 'awaiting_acceptance'))`.execute(db);
  // One parameter however many ids; the status is checked again, as a write may land between these statements.
  const ids = JSON.stringify(owed.map((r) => r.id));
  const owedHere = sql<SqlBool>`tasks.id IN (SELECT value FROM json_each(${ids})) AND tasks.status IN ('in_progress', 'awaiting_acceptance')`;

  // Counted in `tasks_owed` alone: it holds every column a tracking status and the lead read.
  const { rows: countRows } = await sql<Record<string, unknown> & { is_lead: number }>`
    SELECT tasks.lead_agency_id = ${agencyId} AS is_lead, ${sql.join(statusSums(today))}
    FROM tasks INDEXED BY tasks_owed WHERE ${owedHere} GROUP BY 1`.execute(db);
  const countsFor = (lead: boolean) => countsOf(countRows.find((r) => Boolean(Number(r.is_lead)) === lead) ?? {});
  const counts = { lead: countsFor(true), coordinating: countsFor(false) };
  const owedTotal = openOf(counts.lead) + openOf(counts.coordinating);

  // The two lists the page shows, each cut at its first rows: overdue (longest overdue first), then the rest (nearest
  // deadline first). Their rows are chosen in `tasks_owed` and only those read from the table: the sort would
  // otherwise carry every owed task's row.
  const overdueHere = trackingCondition("overdue", today);
  const owedRows = (overdue: boolean) => {
    // The complement of the one definition of overdue; coalesce, since over a missing deadline it is NULL, not false.
    const which = overdue ? overdueHere : sql<SqlBool>`NOT coalesce(${overdueHere}, 0)`;
    const order = sql`tasks.deadline IS NULL, tasks.deadline, tasks.id`;
    const first = sql<SqlBool>`tasks.id IN (SELECT tasks.id FROM tasks INDEXED BY tasks_owed
      WHERE ${owedHere} AND ${which} ORDER BY ${order} LIMIT ${DASHBOARD_LIST_LIMIT})`;
    return db
      .selectFrom("tasks")
      .innerJoin("agencies as lead", "lead.id", "tasks.lead_agency_id")
      .where(first)
      .select([...TASK_LINE_COLUMNS, "lead.name_vi", "lead.name_en", pendingExtension().as("pending_extension")])
      .orderBy(sql`tasks.deadline IS NULL`)
      .orderBy("tasks.deadline")
      .orderBy("tasks.id")
      .execute();
  };
  const [overdueRows, upcomingRows] = await Promise.all([owedRows(true), owedRows(false)]);
  const owedTask = (r: Awaited<ReturnType<typeof owedRows>>[number]): OwedTask => ({
    id: r.id,
    title: r.title,
    seriesId: r.series_id,
    deadline: r.deadline,
    originalDeadline: r.original_deadline,
    status: trackingStatus({ status: r.status, deadline: r.deadline, completedOn: r.completed_on }, today),
    role: r.lead_agency_id === agencyId ? "lead" : "coordinating",
    leadVi: r.name_vi,
    leadEn: r.name_en,
    pendingExtension: Boolean(r.pending_extension),
  });

  const [extensions, completions] = await Promise.all([
    db
      .selectFrom("extension_requests as x")
      .innerJoin("tasks", "tasks.id", "x.task_id")
      .where("x.status", "=", "pending")
      .where("tasks.lead_agency_id", "=", agencyId)
      .where("tasks.status", "in", ["in_progress", "awaiting_acceptance"])
      .select(["x.id", "x.task_id", "x.requested_deadline as day", "x.created_at", "tasks.title"])
      .execute(),
    db
      .selectFrom("completion_reports as c")
      .innerJoin("tasks", "tasks.id", "c.task_id")
      .where("c.status", "=", "pending")
      .where("tasks.lead_agency_id", "=", agencyId)
      .where("tasks.status", "=", "awaiting_acceptance")
      .select(["c.id", "c.task_id", "c.completed_on as day", "c.created_at", "tasks.title"])
      .execute(),
  ]);
  const awaitingChair: AwaitingChair[] = [
    ...extensions.map((r) => ({ kind: "extension" as const, id: r.id, taskId: r.task_id, title: r.title, day: r.day, createdAt: r.created_at })),
    ...completions.map((r) => ({ kind: "completion" as const, id: r.id, taskId: r.task_id, title: r.title, day: r.day, createdAt: r.created_at })),
  ].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);

  const blockerCounts = await db
    .selectFrom("blockers")
    .where("blockers.agency_id", "=", agencyId)
    .groupBy("blockers.status")
    .select((q) => ["blockers.status", q.fn.countAll<number>().as("n")])
    .execute();
  const byStatus = Object.fromEntries(BLOCKER_STATUSES.map((s) => [s, 0])) as Record<BlockerStatus, number>;
  for (const b of blockerCounts) byStatus[b.status] = Number(b.n);
  const recent = await db
    .selectFrom("blockers")
    .where("blockers.agency_id", "=", agencyId)
    .where("blockers.status", "!=", "withdrawn")
    .select(["id", "title", "status", "is_late", "outcome_reason", "submitted_at", "updated_at"])
    .orderBy((q) => q.fn.coalesce("blockers.submitted_at", "blockers.updated_at"), "desc")
    .orderBy("blockers.id", "desc")
    .limit(RECENT_BLOCKERS)
    .execute();

  // The next meeting of a series the agency belongs to (any series when it belongs to none).
  const memberOf = await db.selectFrom("series_agencies").where("agency_id", "=", agencyId).select("series_id").execute();
  let next = db
    .selectFrom("meetings")
    .where("meetings.status", "in", ["scheduled", "open", "agenda_published", "in_session"] satisfies MeetingStatus[])
    // A meeting left unconcluded in the past is not "next".
    .where("meetings.starts_at", ">=", vnLocalToIso(today, "00:00"))
    .select(["id", "title", "period", "starts_at", "cutoff_at", "status"])
    .orderBy("starts_at")
    .orderBy("id");
  if (memberOf.length)
    next = next.where(
      "meetings.series_id",
      "in",
      memberOf.map((m) => m.series_id),
    );
  const meeting = await next.executeTakeFirst();

  return {
    agencyId,
    counts,
    overdue: overdueRows.map(owedTask),
    upcoming: upcomingRows.map(owedTask),
    owedTotal,
    awaitingChair: awaitingChair.slice(0, DASHBOARD_LIST_LIMIT),
    awaitingTotal: awaitingChair.length,
    blockers: {
      byStatus,
      recent: recent.map((b) => ({
        id: b.id,
        title: b.title,
        status: b.status,
        isLate: b.is_late === 1,
        outcomeReason: b.outcome_reason,
        submittedAt: b.submitted_at,
        updatedAt: b.updated_at,
      })),
    },
    nextMeeting: meeting
      ? { id: meeting.id, title: meeting.title, period: meeting.period, startsAt: meeting.starts_at, cutoffAt: meeting.cutoff_at, status: meeting.status }
      : null,
  };
}
