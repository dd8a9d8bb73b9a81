/**
 * The task figures counted from scratch, for tests that check the summary
 * tables (task_counts, task_counts_by_pillar) against the tasks themselves:
 *
 * - `recountSummaries`: what the two tables must hold, grouped from the
 *   tasks in JavaScript, with `trackingStatus` judging on time / late;
 * - `dashboardOracle`: the dashboard's figures per agency and pillar as the
 *   code computed them before the summaries: one GROUP BY over the tasks of
 *   the scope with SUM(CASE <trackingCondition>) per status;
 * - `registerOracle`: the register's counts per tracking status, by a loop
 *   over every task with the register's filters written out in JavaScript;
 *   `registerIdsOracle`: the ids of the tasks the register lists, in its
 *   order, by the same loop and a sort in JavaScript;
 * - `recountCoordinatorSummary`: what task_coordinator_counts must hold.
 */
import { expressionBuilder, sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database, Pillar } from "../../db/schema";
import { COUNTED_STATUSES } from "../../app/features/dashboard/dashboard.server";
import type { DashboardRange } from "../../app/features/dashboard/dashboard-rules";
import { trackingStatus, TRACKING_STATUSES, type TrackingStatus } from "../../app/features/tasks/tasks-rules";
import { trackingCondition } from "../../app/features/tasks/tasks.server";

export type SummaryRows = Record<string, { tasks: number; days_late: number; extensions: number }>;

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Both summaries as the tasks say they should be, keyed "series|state|agency-or-pillar|month". */
export async function recountSummaries(db: Kysely<Database>): Promise<{ byAgency: SummaryRows; byPillar: SummaryRows }> {
  const tasks = await db.selectFrom("tasks").select(["id", "series_id", "lead_agency_id", "pillar", "status", "deadline", "completed_on"]).execute();
  const asked = new Set((await db.selectFrom("extension_requests").select("task_id").execute()).map((x) => x.task_id));
  const byAgency: SummaryRows = {};
  const byPillar: SummaryRows = {};
  for (const t of tasks) {
    const status = trackingStatus({ status: t.status, deadline: t.deadline, completedOn: t.completed_on }, "2000-01-01");
    const state = status === "completed_on_time" || status === "completed_late" ? status : t.status;
    const late = status === "completed_late" ? days(t.deadline!, t.completed_on!) : 0;
    const month = t.deadline?.slice(0, 7) ?? "";
    for (const [rows, dim] of [
      [byAgency, t.lead_agency_id],
      [byPillar, t.pillar ?? ""],
    ] as const) {
      const row = (rows[`${t.series_id}|${state}|${dim}|${month}`] ??= { tasks: 0, days_late: 0, extensions: 0 });
      row.tasks++;
      row.days_late += late;
      row.extensions += asked.has(t.id) ? 1 : 0;
    }
  }
  return { byAgency, byPillar };
}

/** task_coordinator_counts as the coordinators and their tasks say it should be, keyed "agency|series|state|month|leads". */
export async function recountCoordinatorSummary(db: Kysely<Database>): Promise<Record<string, { tasks: number; days_late: number }>> {
  const rows = await db
    .selectFrom("task_coordinators as c")
    .innerJoin("tasks as t", "t.id", "c.task_id")
    .select(["c.agency_id", "t.series_id", "t.lead_agency_id", "t.status", "t.deadline", "t.completed_on"])
    .execute();
  const out: Record<string, { tasks: number; days_late: number }> = {};
  for (const r of rows) {
    const status = trackingStatus({ status: r.status, deadline: r.deadline, completedOn: r.completed_on }, "2000-01-01");
    const state = status === "completed_on_time" || status === "completed_late" ? status : r.status;
    const row = (out[`${r.agency_id}|${r.series_id}|${state}|${r.deadline?.slice(0, 7) ?? ""}|${r.lead_agency_id === r.agency_id ? 1 : 0}`] ??= {
      tasks: 0,
      days_late: 0,
    });
    row.tasks++;
    row.days_late += status === "completed_late" ? days(r.deadline!, r.completed_on!) : 0;
  }
  return out;
}

/** task_coordinator_counts as it is, in the same shape. */
export async function readCoordinatorSummary(db: Kysely<Database>): Promise<Record<string, { tasks: number; days_late: number }>> {
  const rows = await db.selectFrom("task_coordinator_counts").selectAll().execute();
  return Object.fromEntries(
    rows.map((r) => [`${r.agency_id}|${r.series_id}|${r.state}|${r.deadline_month}|${r.leads}`, { tasks: r.tasks, days_late: r.days_late }]),
  );
}

/** The two tables as they are, in the same shape. */
export async function readSummaries(db: Kysely<Database>): Promise<{ byAgency: SummaryRows; byPillar: SummaryRows }> {
  const shape = (
    rows: Array<{ series_id: number; state: string; dim: number | string; deadline_month: string; tasks: number; days_late: number; extensions: number }>,
  ) =>
    Object.fromEntries(
      rows.map((r) => [`${r.series_id}|${r.state}|${r.dim}|${r.deadline_month}`, { tasks: r.tasks, days_late: r.days_late, extensions: r.extensions }]),
    );
  const cols = ["series_id", "state", "deadline_month", "tasks", "days_late", "extensions"] as const;
  return {
    byAgency: shape(
      await db
        .selectFrom("task_counts")
        .select([...cols, "lead_agency_id as dim"])
        .execute(),
    ),
    byPillar: shape(
      await db
        .selectFrom("task_counts_by_pillar")
        .select([...cols, "pillar as dim"])
        .execute(),
    ),
  };
}

/** The dashboard's scope (ADR 15) as a condition on `tasks`, as the dashboard read it before the summaries. */
function taskScope(seriesId: number, range: Pick<DashboardRange, "dayFrom" | "dayTo">): Expression<SqlBool> {
  // Disjoint ranges of the (series, status, deadline) index rather than an OR over the whole series:
  // issued tasks due in the range; owed ones due before it; and, while the range reaches today, owed ones with no deadline.
  const dueInRange = sql`SELECT id FROM tasks WHERE series_id = ${seriesId}
    AND status IN ('in_progress', 'awaiting_acceptance', 'completed', 'cancelled')
    AND deadline >= ${range.dayFrom}${range.dayTo === null ? sql`` : sql` AND deadline <= ${range.dayTo}`}`;
  const owedBefore = sql`SELECT id FROM tasks WHERE series_id = ${seriesId}
    AND status IN ('in_progress', 'awaiting_acceptance') AND deadline < ${range.dayFrom}`;
  const owedUndated = sql`SELECT id FROM tasks WHERE series_id = ${seriesId}
    AND status IN ('in_progress', 'awaiting_acceptance') AND deadline IS NULL`;
  const parts = range.dayTo === null ? [dueInRange, owedBefore, owedUndated] : [dueInRange, owedBefore];
  return sql<SqlBool>`tasks.id IN (${sql.join(parts, sql` UNION ALL `)})`;
}

export interface OracleCell {
  counts: Record<(typeof COUNTED_STATUSES)[number], number>;
  total: number;
  daysLate: number;
  extensions: number;
}

/** The dashboard's figures per lead agency and per pillar, the way they were counted before the summaries. */
export async function dashboardOracle(
  db: Kysely<Database>,
  seriesId: number,
  range: DashboardRange,
  today: string,
): Promise<{ byAgency: Map<number, OracleCell>; byPillar: Map<Pillar | null, OracleCell> }> {
  const eb = expressionBuilder<Database, "tasks">();
  const sums = COUNTED_STATUSES.map((s) =>
    eb.fn.coalesce(eb.fn.sum<number>(eb.case().when(trackingCondition(s, today)).then(1).else(0).end()), sql.lit(0)).as(s),
  );
  const late = trackingCondition("completed_late", today);
  const cells = await db
    .selectFrom("tasks")
    .where(taskScope(seriesId, range))
    .groupBy(["tasks.lead_agency_id", "tasks.pillar"])
    .select([
      "tasks.lead_agency_id as agency_id",
      "tasks.pillar",
      ...sums,
      eb.fn.countAll<number>().as("total"),
      sql<number>`coalesce(sum(case when ${late} then julianday(tasks.completed_on) - julianday(tasks.deadline) else 0 end), 0)`.as("days_late"),
      sql<number>`sum(EXISTS (SELECT 1 FROM extension_requests WHERE extension_requests.task_id = tasks.id))`.as("extensions"),
    ])
    .execute();
  const byAgency = new Map<number, OracleCell>();
  const byPillar = new Map<Pillar | null, OracleCell>();
  const add = <K>(map: Map<K, OracleCell>, k: K, row: (typeof cells)[number]) => {
    const cell = map.get(k) ?? {
      counts: Object.fromEntries(COUNTED_STATUSES.map((s) => [s, 0])) as OracleCell["counts"],
      total: 0,
      daysLate: 0,
      extensions: 0,
    };
    for (const s of COUNTED_STATUSES) cell.counts[s] += Number((row as Record<string, unknown>)[s]);
    cell.total += Number(row.total);
    cell.daysLate += Number(row.days_late);
    cell.extensions += Number(row.extensions);
    map.set(k, cell);
  };
  for (const row of cells) {
    add(byAgency, row.agency_id, row);
    add(byPillar, row.pillar, row);
  }
  return { byAgency, byPillar };
}

export interface RegisterFilters {
  /** Series the viewer is chair or secretary of: their drafts are visible. */
  office: number[];
  series: number | null;
  pillar: Pillar | "none" | null;
  from: string | null;
  to: string | null;
  owed: boolean;
  /** Only tasks for which an extension was ever asked. */
  extension: boolean;
  /** Only the agency's tasks: as lead, as coordinator, or either. */
  agency?: { id: number; role: "lead" | "coordinating" | "either" } | null;
}

/** The tasks the register's filters select (every one but the status), with their tracking status today. */
async function registerTasks(db: Kysely<Database>, f: RegisterFilters, today: string) {
  const tasks = await db.selectFrom("tasks").select(["id", "series_id", "lead_agency_id", "pillar", "status", "deadline", "completed_on"]).execute();
  const asked = new Set((await db.selectFrom("extension_requests").select("task_id").execute()).map((x) => x.task_id));
  const coordinated = new Set(
    f.agency ? (await db.selectFrom("task_coordinators").where("agency_id", "=", f.agency.id).select("task_id").execute()).map((c) => c.task_id) : [],
  );
  const out: Array<(typeof tasks)[number] & { tracking: TrackingStatus }> = [];
  for (const t of tasks) {
    if (t.status === "draft" && !f.office.includes(t.series_id)) continue;
    const inRange = (!f.from || (t.deadline !== null && t.deadline >= f.from)) && (!f.to || (t.deadline !== null && t.deadline <= f.to));
    const owed = t.status === "in_progress" || t.status === "awaiting_acceptance";
    const stillOwed = owed && (!f.to || (t.deadline !== null && t.deadline <= f.to));
    if (!(f.owed && f.from ? inRange || stillOwed : inRange)) continue;
    if (f.series !== null && t.series_id !== f.series) continue;
    if (f.pillar === "none" ? t.pillar !== null : f.pillar !== null && t.pillar !== f.pillar) continue;
    if (f.extension && !asked.has(t.id)) continue;
    if (f.agency) {
      const leads = t.lead_agency_id === f.agency.id;
      const coordinates = coordinated.has(t.id);
      if (!(f.agency.role === "lead" ? leads : f.agency.role === "coordinating" ? coordinates : leads || coordinates)) continue;
    }
    out.push({ ...t, tracking: trackingStatus({ status: t.status, deadline: t.deadline, completedOn: t.completed_on }, today) });
  }
  return out;
}

/** The register's counts per tracking status for these filters, task by task. */
export async function registerOracle(db: Kysely<Database>, f: RegisterFilters, today: string): Promise<Record<TrackingStatus, number>> {
  const counts = Object.fromEntries(TRACKING_STATUSES.map((s) => [s, 0])) as Record<TrackingStatus, number>;
  for (const t of await registerTasks(db, f, today)) counts[t.tracking]++;
  return counts;
}

/**
 * The ids the register lists for these filters and a tracking status (or
 * all), in its default order: what is still owed first (no deadline after
 * the dated ones, earliest deadline first), then the closed ones (latest
 * deadline first, none last), ties by id.
 */
export async function registerIdsOracle(db: Kysely<Database>, f: RegisterFilters, status: TrackingStatus | null, today: string): Promise<number[]> {
  const closed = (t: { status: string }) => (t.status === "completed" || t.status === "cancelled" ? 1 : 0);
  const rows = (await registerTasks(db, f, today)).filter((t) => status === null || t.tracking === status);
  rows.sort((a, b) => {
    if (closed(a) !== closed(b)) return closed(a) - closed(b);
    if ((a.deadline === null) !== (b.deadline === null)) return a.deadline === null ? 1 : -1;
    if (a.deadline !== b.deadline && a.deadline !== null && b.deadline !== null) return (a.deadline < b.deadline ? -1 : 1) * (closed(a) ? -1 : 1);
    return a.id - b.id;
  });
  return rows.map((t) => t.id);
}
