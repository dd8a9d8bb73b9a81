/**
 * The register's counts per tracking status: summed from the summary tables
 * where the filters allow it, counted over the matching tasks otherwise.
 */
import { expressionBuilder, sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database, TaskCountState } from "../../../db/schema";
import { addDaysToDay } from "~/utils/dates";
import { cachedUntilWrite } from "~/utils/generation-cache.server";
import type { Actor } from "~/utils/permissions";
import type { RegisterQuery } from "./tasks-schemas";
import { countTracking, daysReadLive, monthsAround, TRACKING_STATUSES, type DayTally, type MonthTally, type TrackingStatus } from "./tasks-rules";
import type { RegisterScope } from "./task-register.server";
import { officeSeries, trackingCondition } from "./task-sql.server";

function emptyCounts(): Record<TrackingStatus, number> {
  return Object.fromEntries(TRACKING_STATUSES.map((s) => [s, 0])) as Record<TrackingStatus, number>;
}

/** What a register's conditions depend on, for the keys of its cached results: who looks (drafts), the scope, the filters, the day. */
export function registerKey(actor: Actor, scope: RegisterScope, query: RegisterQuery | Record<string, unknown>, today: string): unknown[] {
  return [actor.seriesRoles.map((r) => `${r.seriesId}:${r.role}`).sort(), scope.agencyId, scope.role, query, today];
}

/**
 * The counts per tracking status for every filter but the status one.
 *
 * Where every filter is on the summary tables' keys (see
 * `summaryConditions`; "an extension asked" sums their count of such tasks),
 * they are summed from the summaries kept by triggers in every write's
 * transaction: `task_counts_by_pillar` for every agency; for one agency, its
 * rows as lead (`task_counts`) and as coordinator (`task_coordinator_counts`).
 * A few thousand rows at most, so they are not cached. With an agency and a
 * pillar or "an extension asked", which its summaries lack, the agency's own
 * tasks (as lead or coordinator, through their indexes) are counted: a few
 * thousand at most, not cached either. Any other filter (a text, a month
 * assigned or completed, a day overdue, a meeting's period, waiting for a
 * decision, deadline bounds that are not whole months) counts the matching
 * tasks, cached until the next write; the key holds everything the
 * conditions depend on.
 */
export async function registerCounts(
  db: Kysely<Database>,
  actor: Actor,
  query: RegisterQuery,
  scope: RegisterScope,
  where: Expression<SqlBool>[],
  today: string,
): Promise<Record<TrackingStatus, number>> {
  const summary = summaryConditions(actor, query, scope);
  if (summary !== null) return countFromSummary(db, summary, where, today);
  const narrowed = [...ownTasks(scope), ...where];
  if (scope.agencyId !== null && !hasFilterBeyondSummary(query)) return countTasks(db, narrowed, today);
  const key = ["register", ...registerKey(actor, scope, { ...query, status: null, sort: null, page: null }, today)];
  return cachedUntilWrite(db, key, () => countTasks(db, narrowed, today));
}

/** One pass over the tasks matching `where`, each counted under its tracking status today. */
async function countTasks(db: Kysely<Database>, where: Expression<SqlBool>[], today: string): Promise<Record<TrackingStatus, number>> {
  const row = await db
    .selectFrom("tasks")
    .where((eb) => eb.and(where))
    .select((eb) =>
      TRACKING_STATUSES.map((s) => eb.fn.coalesce(eb.fn.sum<number>(eb.case().when(trackingCondition(s, today)).then(1).else(0).end()), sql.lit(0)).as(s)),
    )
    .executeTakeFirstOrThrow();
  const counts = emptyCounts();
  for (const s of TRACKING_STATUSES) counts[s] = Number((row as Record<string, unknown>)[s] ?? 0);
  return counts;
}

/**
 * The agency's tasks as an index lookup (its tasks as lead, its rows as
 * coordinator), to put in front of the register's own condition on the
 * agency ("lead OR EXISTS coordinator"), which no index serves.
 */
function ownTasks(scope: RegisterScope): Expression<SqlBool>[] {
  if (scope.agencyId === null) return [];
  const lead = sql`SELECT id FROM tasks WHERE lead_agency_id = ${scope.agencyId}`;
  const coordinating = sql`SELECT task_id FROM task_coordinators WHERE agency_id = ${scope.agencyId}`;
  const ids = scope.role === "lead" ? lead : scope.role === "coordinating" ? coordinating : sql`${lead} UNION ${coordinating}`;
  return [sql<SqlBool>`tasks.id IN (${ids})`];
}

/** The register's filters the summary tables hold (series, pillar, deadline months), and those that do not count. */
const SUMMARY_FILTERS = new Set<keyof RegisterQuery>(["series", "pillar", "from", "to", "owed", "extension", "agency", "role", "status", "sort", "page"]);

/** True when the query has a filter on something the summary tables do not hold (a text, an extension asked …). */
function hasFilterBeyondSummary(query: RegisterQuery): boolean {
  return (Object.keys(query) as Array<keyof RegisterQuery>).some((k) => !SUMMARY_FILTERS.has(k) && query[k] !== null && query[k] !== false && query[k] !== "");
}

const isFirstOfMonth = (day: string) => day.endsWith("-01");
const isLastOfMonth = (day: string) => addDaysToDay(day, 1).endsWith("-01");

interface SummaryConditions {
  /** On the columns every summary has: series_id, state, deadline_month (and pillar, without an agency). */
  where: Expression<SqlBool>;
  column: "tasks" | "extensions";
  agency: Pick<RegisterScope, "agencyId" | "role"> | null;
}

/**
 * The register's conditions (`baseConditions`) on the summaries' rows, the
 * column to sum (tasks, or those of them that asked for an extension) and
 * the agency whose rows to read; null when they cannot be expressed there:
 * a filter the summaries do not hold, deadline bounds that are not whole
 * months, or with an agency a pillar or "an extension asked" (its
 * summaries are per lead or coordinating agency, without pillar, and the
 * coordinating one does not count extensions).
 */
function summaryConditions(actor: Actor, query: RegisterQuery, scope: RegisterScope): SummaryConditions | null {
  if (hasFilterBeyondSummary(query)) return null;
  if (scope.agencyId !== null && (query.pillar || query.extension === "asked")) return null;
  if ((query.from && !isFirstOfMonth(query.from)) || (query.to && !isLastOfMonth(query.to))) return null;
  const office = officeSeries(actor, ["chair", "secretary"]);
  const where = [office.length > 0 ? sql`(state <> 'draft' OR series_id IN (${sql.join(office)}))` : sql`state <> 'draft'`];
  const dueInRange = [
    ...(query.from ? [sql`deadline_month >= ${query.from.slice(0, 7)}`] : []),
    ...(query.to ? [sql`deadline_month <> '' AND deadline_month <= ${query.to.slice(0, 7)}`] : []),
  ];
  if (query.owed && query.from) {
    // As baseConditions: also what is still owed from before the range.
    const owed = sql`state IN ('in_progress', 'awaiting_acceptance')${query.to ? sql` AND deadline_month <> '' AND deadline_month <= ${query.to.slice(0, 7)}` : sql``}`;
    where.push(sql`((${sql.join(dueInRange, sql` AND `)}) OR (${owed}))`);
  } else {
    where.push(...dueInRange);
  }
  if (query.series) where.push(sql`series_id = ${query.series}`);
  if (query.pillar) where.push(sql`pillar = ${query.pillar === "none" ? "" : query.pillar}`);
  return {
    where: sql<SqlBool>`${sql.join(where, sql` AND `)}`,
    column: query.extension === "asked" ? "extensions" : "tasks",
    agency: scope.agencyId === null ? null : { agencyId: scope.agencyId, role: scope.role },
  };
}

/** Every stored state, so that a lookup by agency in `task_counts` (keyed by series and state first) seeks instead of scanning. */
const STORED_STATES = sql.join(
  (["draft", "in_progress", "awaiting_acceptance", "completed_on_time", "completed_late", "cancelled"] satisfies TaskCountState[]).map((s) => sql.lit(s)),
);

/**
 * The summary rows to sum: every agency's (per pillar), or one agency's as
 * lead and as coordinator. "Lead or coordinating" leaves out the coordinator
 * rows of tasks the agency also leads (`leads`), already counted as lead.
 */
function summaryRows(agency: SummaryConditions["agency"]) {
  if (agency === null) return sql`task_counts_by_pillar`;
  const { agencyId, role } = agency;
  const lead = sql`SELECT series_id, state, deadline_month, tasks FROM task_counts
    WHERE series_id IN (SELECT id FROM series) AND state IN (${STORED_STATES}) AND lead_agency_id = ${agencyId}`;
  const coordinating = sql`SELECT series_id, state, deadline_month, tasks FROM task_coordinator_counts
    WHERE agency_id = ${agencyId}${role === "coordinating" ? sql`` : sql` AND leads = 0`}`;
  return sql`(${role === "lead" ? lead : role === "coordinating" ? coordinating : sql`${lead} UNION ALL ${coordinating}`})`;
}

/**
 * Counts from the summaries (`summaryRows`), summed per state in the groups of
 * deadline months `monthsAround(today)` gives, and the in-progress tasks due
 * around today read one by one (their status depends on the day) with the
 * register's own conditions. One statement, so both parts see the same data.
 */
async function countFromSummary(
  db: Kysely<Database>,
  summary: SummaryConditions,
  where: Expression<SqlBool>[],
  today: string,
): Promise<Record<TrackingStatus, number>> {
  const n = sql.ref(summary.column);
  const live = daysReadLive(today);
  const around = monthsAround(today);
  const eb = expressionBuilder<Database, "tasks">();
  const { rows } = await sql<{ state: TaskCountState | null; deadline: string | null; undated: number; before: number; around: number; after: number }>`
    SELECT state, NULL AS deadline,
      sum(CASE WHEN deadline_month = '' THEN ${n} ELSE 0 END) AS undated,
      sum(CASE WHEN deadline_month <> '' AND deadline_month < ${around.first} THEN ${n} ELSE 0 END) AS before,
      sum(CASE WHEN deadline_month BETWEEN ${around.first} AND ${around.last} THEN ${n} ELSE 0 END) AS around,
      sum(CASE WHEN deadline_month > ${around.last} THEN ${n} ELSE 0 END) AS after
    FROM ${summaryRows(summary.agency)} WHERE ${summary.where} GROUP BY state
    UNION ALL
    SELECT NULL, tasks.deadline, count(*), 0, 0, 0 FROM tasks
    WHERE ${eb.and(where)} AND tasks.status = 'in_progress' AND tasks.deadline >= ${live.from} AND tasks.deadline <= ${live.to}
      AND tasks.series_id IN (SELECT id FROM series)
    GROUP BY tasks.deadline
  `.execute(db);
  const months: MonthTally[] = [];
  const days: DayTally[] = [];
  for (const r of rows) {
    if (r.state === null) {
      days.push({ deadline: r.deadline!, tasks: Number(r.undated) });
      continue;
    }
    // Each group of months counts as one month of it (monthsAround): the rule gives them all one status.
    const state = r.state;
    months.push(
      { state, deadlineMonth: null, tasks: Number(r.undated) },
      { state, deadlineMonth: around.before, tasks: Number(r.before) },
      { state, deadlineMonth: around.first, tasks: Number(r.around) },
      { state, deadlineMonth: around.after, tasks: Number(r.after) },
    );
  }
  return countTracking(months, days, today);
}
