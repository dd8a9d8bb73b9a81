/**
 * The task register and the follow-up of each task (step 7 of the cycle):
 * progress, extensions, completion, acceptance, cancellation.
 *
 * Reads scope drafts to the series' office in the query. Writes re-read the
 * task inside their transaction, ask `applyTaskMove` whether the move is
 * allowed in the state they find, and record their audit event in the same
 * transaction. `today` is always a parameter (a `YYYY-MM-DD` day in Vietnam)
 * so that deadline maths never depends on the server's zone.
 */
import { expressionBuilder, ParseJSONResultsPlugin, sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/sqlite";
import type { Database, Locale, TaskCountState, TaskStatus, TaskTable } from "../../../db/schema";
import type { MessageKey } from "~/i18n";
import { recordAudit } from "~/utils/audit.server";
import { addDaysToDay, nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { cachedUntilWrite } from "~/utils/generation-cache.server";
import { ftsQuery, kindRange, searchTerms } from "~/features/search/search-rules";
import type { FieldErrors } from "~/utils/forms";
import { can, type Actor, type Resource } from "~/utils/permissions";
import { seriesHat } from "~/utils/series-hat";
import type {
  CancelInput,
  CompletionDecisionInput,
  CompletionReportInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  ProgressInput,
  RegisterQuery,
  RoleFilter,
  TaskSort,
} from "./tasks-schemas";
import {
  applyTaskMove,
  countTracking,
  daysReadLive,
  DUE_SOON_DAYS,
  monthsAround,
  TRACKING_STATUSES,
  type DayTally,
  type MonthTally,
  type MoveResult,
  type TaskFacts,
  type TaskMove,
  type TrackingStatus,
} from "./tasks-rules";

export const REGISTER_PAGE_SIZE = 25;
/** The export takes the whole filtered register in one page; a province has far fewer tasks than this. */
export const REGISTER_EXPORT_LIMIT = 10_000;

type TaskRow = Selectable<TaskTable>;

const name = (locale: Locale, vi: string, en: string) => (locale === "vi" ? vi : en);

// ---------------------------------------------------------------------------
// Who may see what

const seriesWhere = (actor: Actor, roles: ReadonlyArray<"chair" | "secretary">) => [
  ...new Set(actor.seriesRoles.filter((r) => roles.includes(r.role)).map((r) => r.seriesId)),
];

export interface TaskAccess {
  id: number;
  seriesId: number;
  status: TaskStatus;
  leadAgencyId: number;
  coordinatingAgencyIds: number[];
  deadline: string | null;
  completedOn: string | null;
  version: number;
  resource: Resource;
}

/** The facts the guards need about one task, or null when there is no such task. */
export async function loadTaskAccess(taskId: number, db: Kysely<Database> = getDb()): Promise<TaskAccess | null> {
  const task = await db
    .selectFrom("tasks")
    .where("id", "=", taskId)
    .select(["id", "series_id", "status", "lead_agency_id", "deadline", "completed_on", "version"])
    .executeTakeFirst();
  if (!task) return null;
  const coordinators = await db.selectFrom("task_coordinators").where("task_id", "=", taskId).select("agency_id").execute();
  const coordinatingAgencyIds = coordinators.map((c) => c.agency_id);
  return {
    id: task.id,
    seriesId: task.series_id,
    status: task.status,
    leadAgencyId: task.lead_agency_id,
    coordinatingAgencyIds,
    deadline: task.deadline,
    completedOn: task.completed_on,
    version: task.version,
    resource: {
      seriesId: task.series_id,
      agencyId: task.lead_agency_id,
      coordinatingAgencyIds,
      published: task.status !== "draft",
    },
  };
}

/**
 * Issued tasks are public to everyone signed in; a draft (created in the
 * meeting, not yet issued by the notice) only to the series' chair and
 * secretaries — not yet to the agencies it will be assigned to.
 */
export function canSeeTask(actor: Actor, resource: Resource): boolean {
  if (!can(actor, "task:read", resource)) return false;
  return resource.published === true || (resource.seriesId !== undefined && seriesHat(actor, resource.seriesId) !== null);
}

// ---------------------------------------------------------------------------
// Tracking status in SQL, the same partition as `trackingStatus()`

/** A task's columns as the lists of tasks show them (the register, an agency's dashboard). */
export const TASK_LINE_COLUMNS = [
  "tasks.id",
  "tasks.title",
  "tasks.series_id",
  "tasks.status",
  "tasks.deadline",
  "tasks.original_deadline",
  "tasks.completed_on",
  "tasks.lead_agency_id",
] as const;

/** Whether the task has an extension request waiting for the chair's decision. */
export function pendingExtension() {
  const eb = expressionBuilder<Database, "tasks">();
  return eb.exists(
    eb
      .selectFrom("extension_requests")
      .whereRef("extension_requests.task_id", "=", "tasks.id")
      .where("extension_requests.status", "=", "pending")
      .select(sql.lit(1).as("one")),
  );
}

/** The SQL condition for one tracking status on a given day. */
export function trackingCondition(status: TrackingStatus, today: string): Expression<SqlBool> {
  const eb = expressionBuilder<Database, "tasks">();
  const soon = addDaysToDay(today, DUE_SOON_DAYS);
  const inProgress = eb("tasks.status", "=", "in_progress");
  switch (status) {
    case "not_issued":
      return eb("tasks.status", "=", "draft");
    case "cancelled":
      return eb("tasks.status", "=", "cancelled");
    case "awaiting_acceptance":
      return eb("tasks.status", "=", "awaiting_acceptance");
    case "completed_on_time":
      return eb.and([
        eb("tasks.status", "=", "completed"),
        eb.or([eb("tasks.deadline", "is", null), eb("tasks.completed_on", "<=", eb.ref("tasks.deadline"))]),
      ]);
    case "completed_late":
      return eb.and([eb("tasks.status", "=", "completed"), eb("tasks.deadline", "is not", null), eb("tasks.completed_on", ">", eb.ref("tasks.deadline"))]);
    case "no_deadline":
      return eb.and([inProgress, eb("tasks.deadline", "is", null)]);
    case "overdue":
      return eb.and([inProgress, eb("tasks.deadline", "<", today)]);
    case "due_soon":
      return eb.and([inProgress, eb("tasks.deadline", ">=", today), eb("tasks.deadline", "<=", soon)]);
    case "in_progress":
      return eb.and([inProgress, eb("tasks.deadline", ">", soon)]);
  }
}

// ---------------------------------------------------------------------------
// The register

export interface RegisterScope {
  /** The agency filtered on, or null for every agency. */
  agencyId: number | null;
  role: RoleFilter;
  /** True when the agency came from the viewer's default, not from the URL. */
  isDefault: boolean;
}

/** Agency users start on their own agency's tasks (lead or coordinating); everyone else on all. */
export function registerScope(actor: Actor, query: Pick<RegisterQuery, "agency" | "role">): RegisterScope {
  if (query.agency === "all") return { agencyId: null, role: query.role, isDefault: false };
  if (typeof query.agency === "number") return { agencyId: query.agency, role: query.role, isDefault: false };
  const isAgencyUser = (actor.role === "agency_head" || actor.role === "agency_staff") && actor.agencyId !== null;
  return isAgencyUser ? { agencyId: actor.agencyId, role: query.role, isDefault: true } : { agencyId: null, role: query.role, isDefault: true };
}

export interface RegisterRow {
  id: number;
  title: string;
  seriesId: number;
  status: TaskStatus;
  deadline: string | null;
  originalDeadline: string | null;
  completedOn: string | null;
  leadAgencyId: number;
  leadAgency: string;
  coordinators: Array<{ id: number; name: string }>;
  meeting: { id: number; title: string; period: string } | null;
  hasPendingExtension: boolean;
}

export interface RegisterPage {
  rows: RegisterRow[];
  page: number;
  pages: number;
  /** Rows matching every filter, status included. */
  total: number;
  /** 1-based positions of the first and last row shown; 0 when empty. */
  from: number;
  to: number;
  /** Per tracking status, for every filter except the status one. */
  counts: Record<TrackingStatus, number>;
  scope: RegisterScope;
}

export interface ListOptions {
  today: string;
  locale?: Locale;
  pageSize?: number;
  /** Lower only in tests: up to how many matches a text filter's page is sorted from its matches. */
  textLeadsBelow?: number;
  db?: Kysely<Database>;
}

/** The day a task was assigned: its meeting's notice issue day, or (a referral, live at once) its creation day in Vietnam. */
const issuedDay = sql<string>`coalesce(
  (SELECT notices.issued_on FROM notices WHERE notices.meeting_id = tasks.meeting_id AND notices.status = 'issued'),
  date(tasks.created_at, '+7 hours'))`;

/**
 * The day a task was closed in Vietnam: its completion day, or the day it was
 * cancelled (its last change); null while it is open. The expression of the
 * index `tasks_closed_day` (db/migrations): the two must stay the same.
 */
const CLOSED_DAY = sql<
  string | null
>`(CASE WHEN tasks.status = 'completed' THEN tasks.completed_on WHEN tasks.status = 'cancelled' THEN date(tasks.updated_at, '+7 hours') END)`;

/**
 * Every filter but the status one, as conditions on `tasks`. The text
 * filter asks the search index, which folds diacritics and đ as the search
 * page does.
 */
function baseConditions(
  actor: Actor,
  query: RegisterQuery,
  scope: RegisterScope,
  /** False: the text filter only tests rows found otherwise (a register order walked), instead of leading with its matches. */
  textLeads = true,
): Expression<SqlBool>[] {
  const eb = expressionBuilder<Database, "tasks">();
  const office = seriesWhere(actor, ["chair", "secretary"]);
  const visible = office.length > 0 ? eb.or([eb("tasks.status", "!=", "draft"), eb("tasks.series_id", "in", office)]) : eb("tasks.status", "!=", "draft");
  const where: Expression<SqlBool>[] = [visible];

  if (scope.agencyId !== null) {
    const agencyId = scope.agencyId;
    const lead = eb("tasks.lead_agency_id", "=", agencyId);
    const coordinating = eb.exists(
      eb
        .selectFrom("task_coordinators")
        .whereRef("task_coordinators.task_id", "=", "tasks.id")
        .where("task_coordinators.agency_id", "=", agencyId)
        .select(sql.lit(1).as("one")),
    );
    where.push(scope.role === "lead" ? lead : scope.role === "coordinating" ? coordinating : eb.or([lead, coordinating]));
  }
  const dueInRange: Expression<SqlBool>[] = [];
  if (query.from) dueInRange.push(eb("tasks.deadline", ">=", query.from));
  if (query.to) dueInRange.push(eb("tasks.deadline", "<=", query.to));
  if (query.owed && query.from) {
    // Also what is still owed from before the range (the dashboard's "tasks in the period").
    const owed = eb("tasks.status", "in", ["in_progress", "awaiting_acceptance"] satisfies TaskStatus[]);
    where.push(eb.or([eb.and(dueInRange), query.to ? eb.and([owed, eb("tasks.deadline", "<=", query.to)]) : owed]));
  } else {
    where.push(...dueInRange);
  }
  if (query.series) where.push(eb("tasks.series_id", "=", query.series));
  if (query.pillar === "none") where.push(eb("tasks.pillar", "is", null));
  else if (query.pillar) where.push(eb("tasks.pillar", "=", query.pillar));
  if (query.extension === "asked") {
    where.push(eb.exists(eb.selectFrom("extension_requests").whereRef("extension_requests.task_id", "=", "tasks.id").select(sql.lit(1).as("one"))));
  }
  if (query.assigned) {
    const first = `${query.assigned}-01`;
    const last = `${query.assigned}-31`;
    where.push(eb("tasks.status", "!=", "draft"));
    where.push(eb(issuedDay, ">=", first));
    where.push(eb(issuedDay, "<=", last));
    // The same tasks, and a few more, found through indexes (the day above is computed task by task):
    // those of the meetings whose notice was issued that month, and those created around it — a
    // referral's day is its creation day in Vietnam, at most a day apart from its UTC timestamp.
    const nextMonth = addDaysToDay(`${query.assigned}-28`, 5).slice(0, 7);
    where.push(
      eb.or([
        eb(
          "tasks.meeting_id",
          "in",
          eb
            .selectFrom("notices")
            .where("notices.status", "=", "issued")
            .where("notices.issued_on", ">=", first)
            .where("notices.issued_on", "<=", last)
            .select("notices.meeting_id"),
        ),
        eb.and([eb("tasks.created_at", ">=", addDaysToDay(first, -1)), eb("tasks.created_at", "<", `${nextMonth}-02`)]),
      ]),
    );
  }
  if (query.overdueOn) {
    // As the dashboard's "overdue at month end" reads the past: the deadline in force that day is the
    // last extension approved by then (the original deadline before any), and closing ends the overdue days.
    const day = query.overdueOn;
    const vnDay = (column: string) => sql<string>`date(${sql.ref(column)}, '+7 hours')`;
    const inForce = sql<string | null>`coalesce(
      (SELECT x.requested_deadline FROM extension_requests x
        WHERE x.task_id = tasks.id AND x.status = 'approved' AND ${vnDay("x.decided_at")} <= ${day}
        ORDER BY x.decided_at DESC, x.id DESC LIMIT 1),
      coalesce(tasks.original_deadline, tasks.deadline))`;
    where.push(eb("tasks.status", "!=", "draft"));
    where.push(eb(issuedDay, "<=", day));
    where.push(eb(inForce, "<", day));
    // Not closed by then: still open, or completed or cancelled after that day. The index tasks_closed_day
    // holds this very expression, so only the open and the recently closed tasks are read, not every task.
    where.push(eb.or([eb(CLOSED_DAY, ">", day), eb(CLOSED_DAY, "is", null)]));
  }
  if (query.completed) {
    where.push(eb("tasks.completed_on", ">=", `${query.completed}-01`));
    where.push(eb("tasks.completed_on", "<=", `${query.completed}-31`));
  }
  if (query.period) {
    where.push(eb("tasks.meeting_id", "in", eb.selectFrom("meetings").where("meetings.period", "=", query.period).select("meetings.id")));
  }
  if (query.awaiting) {
    const chaired = query.awaiting === "chair" ? seriesWhere(actor, ["chair"]) : null;
    if (chaired?.length === 0) {
      where.push(sql<SqlBool>`0`);
    } else {
      if (chaired) where.push(eb("tasks.series_id", "in", chaired));
      where.push(eb.or([eb("tasks.status", "=", "awaiting_acceptance"), eb.and([eb("tasks.status", "=", "in_progress"), pendingExtension()])]));
    }
  }
  if (query.q) {
    // The search index (folded like the search page: "dat dai" finds "đất đai"), titles only, every word as a prefix.
    const match = ftsQuery(searchTerms(query.q));
    const [lo, hi] = kindRange("task");
    where.push(
      match === null
        ? sql<SqlBool>`0`
        : sql<SqlBool>`${textLeads ? sql`` : sql`+`}tasks.id IN (SELECT rowid - ${sql.lit(lo)} FROM search_index WHERE search_index MATCH ${`title : (${match})`} AND rowid BETWEEN ${sql.lit(lo)} AND ${sql.lit(hi)})`,
    );
  }
  return where;
}

/** The tracking statuses of a task still owed: "status=open" in the register. */
const OPEN_STATUSES: readonly TrackingStatus[] = ["no_deadline", "in_progress", "due_soon", "overdue", "awaiting_acceptance"];

function emptyCounts(): Record<TrackingStatus, number> {
  return Object.fromEntries(TRACKING_STATUSES.map((s) => [s, 0])) as Record<TrackingStatus, number>;
}

/** What a register's conditions depend on, for the keys of its cached results: who looks (drafts), the scope, the filters, the day. */
function registerKey(actor: Actor, scope: RegisterScope, query: RegisterQuery | Record<string, unknown>, today: string): unknown[] {
  return [actor.seriesRoles.map((r) => `${r.seriesId}:${r.role}`).sort(), scope.agencyId, scope.role, query, today];
}

/**
 * The counts per tracking status for every filter but the status one.
 *
 * Without an agency or any filter the summary tables lack (see
 * `summaryConditions`; "an extension asked" sums their count of such tasks),
 * they are summed from `task_counts_by_pillar` (kept
 * by triggers in every write's transaction): a few thousand rows at a
 * province's size instead of every task, so they are not cached. With an
 * agency, the agency's own tasks (as lead or coordinator, through their
 * indexes) are counted: a few thousand at most, not cached either. Any other
 * filter (a text, a month assigned or completed, a day overdue, a meeting's
 * period, waiting for a decision, deadline bounds that are not whole
 * months) counts the matching tasks, cached until the next
 * write; the key holds everything the conditions depend on.
 */
async function registerCounts(
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

/**
 * The register's conditions (`baseConditions`) on the summary's rows, and
 * the column to sum (tasks, or those of them that asked for an extension);
 * null when they cannot be expressed there: an agency (the summary is per
 * lead agency or per pillar, never both, and knows no coordinators), a
 * filter it does not hold, or deadline bounds that are not whole months.
 */
function summaryConditions(actor: Actor, query: RegisterQuery, scope: RegisterScope): { where: Expression<SqlBool>; column: "tasks" | "extensions" } | null {
  if (scope.agencyId !== null || hasFilterBeyondSummary(query)) return null;
  if ((query.from && !isFirstOfMonth(query.from)) || (query.to && !isLastOfMonth(query.to))) return null;
  const office = seriesWhere(actor, ["chair", "secretary"]);
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
  return { where: sql<SqlBool>`${sql.join(where, sql` AND `)}`, column: query.extension === "asked" ? "extensions" : "tasks" };
}

/**
 * Counts from `task_counts_by_pillar`, summed per state in the groups of
 * deadline months `monthsAround(today)` gives, and the in-progress tasks due
 * around today read one by one (their status depends on the day) with the
 * register's own conditions. One statement, so both parts see the same data.
 */
async function countFromSummary(
  db: Kysely<Database>,
  summary: { where: Expression<SqlBool>; column: "tasks" | "extensions" },
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
    FROM task_counts_by_pillar WHERE ${summary.where} GROUP BY state
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

/** Pages of up to this many rows (the register's) are kept until the next write; an export's or a calendar feed's are not. */
const KEPT_PAGE_SIZE = 100;

/** Up to this many matches, a text filter's page is sorted from its matches; beyond, the register's order is walked. */
const TEXT_LEADS_BELOW = 2000;

/**
 * One page of the register, with the counts per tracking status for the
 * same filters. The page is found in two steps: the ids of its rows, by the
 * register's order over the tasks table alone (an index serves the default
 * order: see orderRegister), then those rows with their agencies, meeting and
 * coordinators. A page past the middle is counted from the end, in the
 * reverse order, so that the last page costs what the first one does.
 */
export async function listTasks(actor: Actor, query: RegisterQuery, options: ListOptions): Promise<RegisterPage> {
  const db = options.db ?? getDb();
  const locale = options.locale ?? "vi";
  const size = options.pageSize ?? REGISTER_PAGE_SIZE;
  const scope = registerScope(actor, query);
  const where = baseConditions(actor, query, scope);
  const counts = await registerCounts(db, actor, query, scope, where, options.today);

  const statusesShown =
    query.status === "open"
      ? OPEN_STATUSES
      : query.status === "issued"
        ? TRACKING_STATUSES.filter((s) => s !== "not_issued")
        : query.status
          ? [query.status]
          : TRACKING_STATUSES;
  const total = statusesShown.reduce((n, s) => n + counts[s], 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, query.page), pages);
  const offset = (page - 1) * size;

  const eb = expressionBuilder<Database, "tasks">();
  const statusWhere =
    query.status === "open"
      ? [eb("tasks.status", "in", ["in_progress", "awaiting_acceptance"] satisfies TaskStatus[])]
      : query.status === "issued"
        ? [eb("tasks.status", "!=", "draft")]
        : query.status
          ? [trackingCondition(query.status, options.today)]
          : [];
  const fromEnd = offset + size / 2 > total / 2;
  // A common word matches thousands of tasks: sorting them all costs more than walking the order until a page is found.
  const pageWhere = query.q && total > (options.textLeadsBelow ?? TEXT_LEADS_BELOW) ? baseConditions(actor, query, scope, false) : where;
  const idsQuery = orderRegister(
    db
      .selectFrom("tasks")
      .where((e) => e.and([...pageWhere, ...statusWhere]))
      .select("tasks.id"),
    query.sort,
    fromEnd,
  );
  // Kept until the next write, as the counts are: a deep page walks its order through every row before it,
  // and a common word's page sorts thousands of matches. The key holds everything the conditions depend on.
  // An export's page (up to 50 000 rows) is read once, not kept.
  const keep = <T>(key: readonly unknown[], compute: () => Promise<T>) => (size <= KEPT_PAGE_SIZE ? cachedUntilWrite(db, key, compute) : compute());
  // `total` too: the counts were read under their own stamp, and which rows a page holds depends on it.
  const pageKey = ["register-page", ...registerKey(actor, scope, { ...query, page }, options.today), size, total, options.textLeadsBelow ?? null];
  const ids = await keep(pageKey, async () => {
    const idRows = fromEnd
      ? (
          await idsQuery
            .limit(Math.max(0, Math.min(size, total - offset)))
            .offset(Math.max(0, total - offset - size))
            .execute()
        ).reverse()
      : await idsQuery.limit(size).offset(offset).execute();
    return idRows.map((r) => r.id);
  });

  // The rows of a page, kept with its ids: read by id, they are the same for whoever was allowed those ids.
  const details = ids.length
    ? await keep(["register-rows", ids.join(",")], () =>
        db
          .withPlugin(new ParseJSONResultsPlugin())
          .selectFrom("tasks")
          .innerJoin("agencies as lead", "lead.id", "tasks.lead_agency_id")
          .leftJoin("meetings", "meetings.id", "tasks.meeting_id")
          // One parameter however many ids (an export asks for up to 50 000; SQLite binds at most 32 766).
          .where(sql<SqlBool>`tasks.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
          .select((e) => [
            ...TASK_LINE_COLUMNS,
            "lead.name_vi as lead_vi",
            "lead.name_en as lead_en",
            "meetings.id as meeting_id",
            "meetings.title as meeting_title",
            "meetings.period as meeting_period",
            jsonArrayFrom(
              e
                .selectFrom("task_coordinators")
                .innerJoin("agencies", "agencies.id", "task_coordinators.agency_id")
                .whereRef("task_coordinators.task_id", "=", "tasks.id")
                .select(["agencies.id", "agencies.name_vi", "agencies.name_en"])
                .orderBy("agencies.name_vi"),
            ).as("coordinators"),
            pendingExtension().as("pending_extension"),
          ])
          .execute(),
      )
    : [];
  const byId = new Map(details.map((r) => [r.id, r]));
  const rows = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);

  return {
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      seriesId: r.series_id,
      status: r.status,
      deadline: r.deadline,
      originalDeadline: r.original_deadline,
      completedOn: r.completed_on,
      leadAgencyId: r.lead_agency_id,
      leadAgency: name(locale, r.lead_vi, r.lead_en),
      coordinators: r.coordinators.map((c) => ({ id: c.id, name: name(locale, c.name_vi, c.name_en) })),
      meeting: r.meeting_id !== null ? { id: r.meeting_id, title: r.meeting_title ?? "", period: r.meeting_period ?? "" } : null,
      hasPendingExtension: Boolean(r.pending_extension),
    })),
    page,
    pages,
    total,
    from: rows.length ? offset + 1 : 0,
    to: offset + rows.length,
    counts,
    scope,
  };
}

/**
 * The register's orders, written exactly as the expression index
 * `tasks_register_order` (db/migrations) lists its columns, so that SQLite
 * walks the index instead of sorting every task; `reverse` walks it
 * backwards (the same order read from its end).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of Kysely's orderBy overloads
function orderRegister<QB extends { orderBy: (...args: any[]) => QB }>(qb: QB, sort: TaskSort, reverse = false): QB {
  const asc = reverse ? "desc" : "asc";
  const desc = reverse ? "asc" : "desc";
  switch (sort) {
    case "deadline":
      // What is still owed first, the most pressing deadline at the top and tasks without one after;
      // then finished tasks, the most recent deadline first.
      return qb
        .orderBy(REGISTER_ORDER.closed, asc)
        .orderBy(REGISTER_ORDER.noDeadline, asc)
        .orderBy(REGISTER_ORDER.owedDeadline, asc)
        .orderBy(REGISTER_ORDER.closedDeadline, desc)
        .orderBy("tasks.id", asc);
    case "-deadline":
      return qb.orderBy(REGISTER_ORDER.noDeadline, asc).orderBy("tasks.deadline", desc).orderBy("tasks.id", desc);
    case "newest":
      return qb.orderBy("tasks.id", desc);
  }
}

/** The terms of the default order; the index `tasks_register_order` has these very expressions. */
const REGISTER_ORDER = {
  closed: sql`(status IN ('completed', 'cancelled'))`,
  noDeadline: sql`(deadline IS NULL)`,
  owedDeadline: sql`(CASE WHEN status IN ('completed', 'cancelled') THEN NULL ELSE deadline END)`,
  closedDeadline: sql`(CASE WHEN status IN ('completed', 'cancelled') THEN deadline END)`,
};

export interface RegisterOptions {
  agencies: Array<{ value: string; label: string }>;
  series: Array<{ value: string; label: string }>;
  periods: string[];
  /** Only the series' office sees tasks not yet issued. */
  showNotIssued: boolean;
  isChair: boolean;
}

/** The choices the register's filter form offers. */
export async function registerOptions(actor: Actor, locale: Locale, db: Kysely<Database> = getDb()): Promise<RegisterOptions> {
  // The same for everyone until the next write, and read by every view of the register.
  const [agencies, series, periods] = await cachedUntilWrite(db, ["register-options"], () =>
    Promise.all([
      db.selectFrom("agencies").select(["id", "name_vi", "name_en", "active"]).orderBy("name_vi").execute(),
      db.selectFrom("series").select(["id", "name_vi", "name_en"]).orderBy("name_vi").execute(),
      db
        .selectFrom("meetings")
        .where((eb) => eb.exists(eb.selectFrom("tasks").whereRef("tasks.meeting_id", "=", "meetings.id").select(sql.lit(1).as("one"))))
        .select("period")
        .distinct()
        .orderBy("period", "desc")
        .execute(),
    ]),
  );
  return {
    agencies: agencies
      .filter((a) => a.active === 1 || a.id === actor.agencyId)
      .map((a) => ({ value: String(a.id), label: name(locale, a.name_vi, a.name_en) })),
    series: series.map((s) => ({ value: String(s.id), label: name(locale, s.name_vi, s.name_en) })),
    periods: periods.map((p) => p.period),
    showNotIssued: seriesWhere(actor, ["chair", "secretary"]).length > 0,
    isChair: seriesWhere(actor, ["chair"]).length > 0,
  };
}

export interface PendingDecision {
  kind: "extension" | "completion";
  id: number;
  taskId: number;
  title: string;
  leadAgency: string;
  deadline: string | null;
  /** The requested deadline, or the reported completion date. */
  day: string;
  createdAt: string;
}

/** How many of the waiting decisions the register lists; the rest are behind the "awaiting" filter. */
export const PENDING_SHOWN = 10;

/**
 * What waits for this chair's decision: the oldest `limit`, and how many in
 * all. Nothing for anyone who chairs nothing. Read from the pending requests
 * (few, with an index of their own) to their tasks, never from every task.
 */
export async function pendingDecisionsFor(
  actor: Actor,
  locale: Locale,
  db: Kysely<Database> = getDb(),
  limit = PENDING_SHOWN,
): Promise<{ items: PendingDecision[]; total: number }> {
  const chaired = seriesWhere(actor, ["chair"]);
  if (chaired.length === 0) return { items: [], total: 0 };
  // Counting the pending requests reads each one (~2 ms for a province's thousands): kept until the next write.
  const key = [...chaired].sort((a, b) => a - b);
  return cachedUntilWrite(db, ["pending-decisions", key, locale, limit], () => readPendingDecisions(chaired, locale, db, limit));
}

async function readPendingDecisions(
  chaired: number[],
  locale: Locale,
  db: Kysely<Database>,
  limit: number,
): Promise<{ items: PendingDecision[]; total: number }> {
  const extensions = db
    .selectFrom("extension_requests as x")
    // From the pending requests to their tasks (CROSS JOIN keeps this order); a literal, so that their partial index serves.
    .crossJoin("tasks")
    .whereRef("tasks.id", "=", "x.task_id")
    .where(sql.ref("x.status"), "=", sql.lit("pending"))
    .where("tasks.status", "in", ["in_progress", "awaiting_acceptance"])
    .where("tasks.series_id", "in", chaired);
  const completions = db
    .selectFrom("completion_reports as c")
    .crossJoin("tasks")
    .whereRef("tasks.id", "=", "c.task_id")
    .where(sql.ref("c.status"), "=", sql.lit("pending"))
    .where("tasks.status", "=", "awaiting_acceptance")
    .where("tasks.series_id", "in", chaired);
  const shown = ["tasks.title", "tasks.deadline", "agencies.name_vi", "agencies.name_en"] as const;
  const [xCount, cCount, xRows, cRows] = await Promise.all([
    extensions.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    completions.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    extensions
      .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
      .select(["x.id", "x.task_id", "x.requested_deadline as day", "x.created_at", ...shown])
      .orderBy("x.created_at")
      .orderBy("x.id")
      .limit(limit)
      .execute(),
    completions
      .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
      .select(["c.id", "c.task_id", "c.completed_on as day", "c.created_at", ...shown])
      .orderBy("c.created_at")
      .orderBy("c.id")
      .limit(limit)
      .execute(),
  ]);
  const map = (kind: PendingDecision["kind"]) => (r: (typeof xRows)[number]) => ({
    kind,
    id: r.id,
    taskId: r.task_id,
    title: r.title,
    leadAgency: name(locale, r.name_vi, r.name_en),
    deadline: r.deadline,
    day: r.day,
    createdAt: r.created_at,
  });
  const items = [...xRows.map(map("extension")), ...cRows.map(map("completion"))]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
    .slice(0, limit);
  return { items, total: Number(xCount.n) + Number(cCount.n) };
}

// ---------------------------------------------------------------------------
// One task

export async function getTaskDetail(taskId: number, locale: Locale, db: Kysely<Database> = getDb()) {
  const t = await db
    .selectFrom("tasks")
    .innerJoin("series", "series.id", "tasks.series_id")
    .innerJoin("agencies as lead", "lead.id", "tasks.lead_agency_id")
    .leftJoin("meetings", "meetings.id", "tasks.meeting_id")
    .leftJoin("conclusions", "conclusions.id", "tasks.conclusion_id")
    .leftJoin("blockers", "blockers.id", "tasks.blocker_id")
    .leftJoin("users as creator", "creator.id", "tasks.created_by")
    .where("tasks.id", "=", taskId)
    .selectAll("tasks")
    .select([
      "series.name_vi as series_vi",
      "series.name_en as series_en",
      "lead.name_vi as lead_vi",
      "lead.name_en as lead_en",
      "meetings.title as meeting_title",
      "meetings.period as meeting_period",
      "meetings.starts_at as meeting_starts_at",
      "conclusions.meeting_id as conclusion_meeting_id",
      "conclusions.body as conclusion_body",
      "blockers.title as blocker_title",
      "creator.full_name as creator_name",
    ])
    .executeTakeFirst();
  if (!t) return null;

  const [coordinators, progress, extensions, completions] = await Promise.all([
    db
      .selectFrom("task_coordinators")
      .innerJoin("agencies", "agencies.id", "task_coordinators.agency_id")
      .where("task_coordinators.task_id", "=", taskId)
      .select(["agencies.id", "agencies.name_vi", "agencies.name_en"])
      .orderBy("agencies.name_vi")
      .execute(),
    db
      .selectFrom("progress_reports as p")
      .innerJoin("agencies", "agencies.id", "p.agency_id")
      .innerJoin("users", "users.id", "p.created_by")
      .where("p.task_id", "=", taskId)
      .select(["p.id", "p.agency_id", "p.percent", "p.body", "p.report_date", "p.created_at", "agencies.name_vi", "agencies.name_en", "users.full_name"])
      .orderBy("p.report_date", "desc")
      .orderBy("p.id", "desc")
      .execute(),
    db
      .selectFrom("extension_requests as x")
      .innerJoin("users as author", "author.id", "x.created_by")
      .leftJoin("users as decider", "decider.id", "x.decided_by")
      .where("x.task_id", "=", taskId)
      .selectAll("x")
      .select(["author.full_name as author_name", "decider.full_name as decider_name"])
      .orderBy("x.id", "desc")
      .execute(),
    db
      .selectFrom("completion_reports as c")
      .innerJoin("users as author", "author.id", "c.created_by")
      .leftJoin("users as decider", "decider.id", "c.decided_by")
      .where("c.task_id", "=", taskId)
      .selectAll("c")
      .select(["author.full_name as author_name", "decider.full_name as decider_name"])
      .orderBy("c.id", "desc")
      .execute(),
  ]);

  return {
    task: {
      id: t.id,
      title: t.title,
      description: t.description,
      expectedResult: t.expected_result,
      pillar: t.pillar,
      status: t.status,
      deadline: t.deadline,
      originalDeadline: t.original_deadline,
      completedOn: t.completed_on,
      reportNextMeeting: t.report_next_meeting === 1,
      version: t.version,
      createdAt: t.created_at,
      creatorName: t.creator_name,
      seriesId: t.series_id,
      seriesName: name(locale, t.series_vi, t.series_en),
      leadAgencyId: t.lead_agency_id,
      leadAgency: name(locale, t.lead_vi, t.lead_en),
      coordinators: coordinators.map((c) => ({ id: c.id, name: name(locale, c.name_vi, c.name_en) })),
      meeting: t.meeting_id !== null ? { id: t.meeting_id, title: t.meeting_title ?? "", period: t.meeting_period ?? "", startsAt: t.meeting_starts_at } : null,
      conclusion: t.conclusion_id !== null ? { id: t.conclusion_id, meetingId: t.conclusion_meeting_id, body: t.conclusion_body ?? "" } : null,
      blocker: t.blocker_id !== null ? { id: t.blocker_id, title: t.blocker_title ?? "" } : null,
    },
    progress: progress.map((p) => ({
      id: p.id,
      agencyId: p.agency_id,
      agency: name(locale, p.name_vi, p.name_en),
      isLead: p.agency_id === t.lead_agency_id,
      percent: p.percent,
      body: p.body,
      reportDate: p.report_date,
      authorName: p.full_name,
      createdAt: p.created_at,
    })),
    extensions: extensions.map((x) => ({
      id: x.id,
      previousDeadline: x.previous_deadline,
      requestedDeadline: x.requested_deadline,
      reason: x.reason,
      status: x.status,
      decisionReason: x.decision_reason,
      deciderName: x.decider_name,
      decidedAt: x.decided_at,
      authorName: x.author_name,
      createdAt: x.created_at,
    })),
    completions: completions.map((c) => ({
      id: c.id,
      result: c.result,
      evidence: c.evidence,
      completedOn: c.completed_on,
      status: c.status,
      decisionReason: c.decision_reason,
      deciderName: c.decider_name,
      decidedAt: c.decided_at,
      authorName: c.author_name,
      createdAt: c.created_at,
    })),
  };
}
export type TaskDetail = NonNullable<Awaited<ReturnType<typeof getTaskDetail>>>;

// ---------------------------------------------------------------------------
// Writes

export type TaskConflictKey = Extract<MessageKey, `tasks.error.${string}`>;

export type WriteOutcome = { ok: true } | { ok: false; status: 400; errors: FieldErrors } | { ok: false; status: 409; messageKey: TaskConflictKey };

const stale: WriteOutcome = { ok: false, status: 409, messageKey: "tasks.error.stale" };
const notPending: WriteOutcome = { ok: false, status: 409, messageKey: "tasks.error.notPending" };

function refused(result: Extract<MoveResult, { ok: false }>, move: TaskMove["kind"]): WriteOutcome {
  switch (result.reason) {
    case "wrong_state":
      return { ok: false, status: 409, messageKey: "tasks.error.wrongState" };
    case "extension_pending":
      return {
        ok: false,
        status: 409,
        messageKey: move === "accept_completion" ? "tasks.error.decideExtensionFirst" : "tasks.error.extensionPending",
      };
    case "no_deadline":
      return { ok: false, status: 409, messageKey: "tasks.error.noDeadline" };
    case "deadline_not_later":
      return { ok: false, status: 400, errors: { requestedDeadline: { key: "tasks.validation.notLater" } } };
    case "completed_in_future":
      return { ok: false, status: 400, errors: { completedOn: { key: "tasks.validation.notInFuture" } } };
  }
}

const facts = (t: TaskRow): TaskFacts => ({ status: t.status, deadline: t.deadline, completedOn: t.completed_on });

async function readTask(trx: Transaction<Database>, taskId: number): Promise<TaskRow> {
  return trx.selectFrom("tasks").where("id", "=", taskId).selectAll().executeTakeFirstOrThrow();
}

async function hasPendingExtension(trx: Transaction<Database>, taskId: number): Promise<boolean> {
  const row = await trx.selectFrom("extension_requests").where("task_id", "=", taskId).where("status", "=", "pending").select("id").executeTakeFirst();
  return row !== undefined;
}

type RequestTable = "extension_requests" | "completion_reports";
type RequestRow<T extends RequestTable> = Selectable<T extends "extension_requests" ? Database["extension_requests"] : Database["completion_reports"]>;

/** The request the chair is deciding: this task's, and still pending; otherwise undefined. */
async function pendingRequest<T extends RequestTable>(trx: Transaction<Database>, table: T, id: number, taskId: number): Promise<RequestRow<T> | undefined> {
  const row = await trx
    .selectFrom(table as RequestTable)
    .where("id", "=", id)
    .where("task_id", "=", taskId)
    .selectAll()
    .executeTakeFirst();
  return row && row.status === "pending" ? (row as RequestRow<T>) : undefined;
}

/** Records the chair's decision on a pending request; the `where` on its status makes deciding twice impossible. */
async function closeRequest(trx: Transaction<Database>, table: RequestTable, id: number, approve: boolean, reason: string | null, actorId: number) {
  await trx
    .updateTable(table)
    .set({ status: approve ? "approved" : "rejected", decision_reason: reason, decided_by: actorId, decided_at: nowIso() })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
}

/** Every update of a task bumps its version; the `where` on the old one makes a lost update impossible. */
async function updateTask(
  trx: Transaction<Database>,
  before: TaskRow,
  changes: Partial<Pick<TaskRow, "status" | "deadline" | "original_deadline" | "completed_on">>,
): Promise<TaskRow> {
  return trx
    .updateTable("tasks")
    .set({ ...changes, version: before.version + 1, updated_at: nowIso() })
    .where("id", "=", before.id)
    .where("version", "=", before.version)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const isStale = (task: TaskRow, version: number | null) => version !== null && version !== task.version;

/** A progress report by the lead agency, or a coordinating agency's contribution. */
export async function reportProgress(actor: Actor, taskId: number, input: ProgressInput, today: string, db: Kysely<Database> = getDb()): Promise<WriteOutcome> {
  if (actor.agencyId === null) throw new Error("reportProgress: the actor has no agency");
  const agencyId = actor.agencyId;
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    const move = applyTaskMove(facts(task), { kind: "report_progress" }, today);
    if (!move.ok) return refused(move, "report_progress");
    const report = await trx
      .insertInto("progress_reports")
      .values({
        task_id: taskId,
        agency_id: agencyId,
        percent: input.percent,
        body: input.body,
        report_date: input.reportDate,
        created_by: actor.id,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: agencyId === task.lead_agency_id ? "task.progress_reported" : "task.contribution_reported",
      entityType: "task",
      entityId: taskId,
      after: {
        progress_report_id: report.id,
        agency_id: agencyId,
        percent: report.percent,
        report_date: report.report_date,
        body: report.body,
      },
    });
    return { ok: true };
  });
}

/** The lead agency asks for a later deadline; the task keeps its deadline until the chair decides. */
export async function requestExtension(
  actor: Actor,
  taskId: number,
  input: ExtensionRequestInput,
  today: string,
  db: Kysely<Database> = getDb(),
): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const move = applyTaskMove(
      facts(task),
      {
        kind: "request_extension",
        requestedDeadline: input.requestedDeadline,
        hasPendingExtension: await hasPendingExtension(trx, taskId),
      },
      today,
    );
    if (!move.ok) return refused(move, "request_extension");
    const request = await trx
      .insertInto("extension_requests")
      .values({
        task_id: taskId,
        previous_deadline: task.deadline,
        requested_deadline: input.requestedDeadline,
        reason: input.reason,
        created_by: actor.id,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: "task.extension_requested",
      entityType: "task",
      entityId: taskId,
      after: {
        extension_request_id: request.id,
        previous_deadline: request.previous_deadline,
        requested_deadline: request.requested_deadline,
        reason: request.reason,
      },
    });
    return { ok: true };
  });
}

/**
 * The chair's decision on the pending extension. Approval moves the
 * deadline; the original deadline stays as it was and the request keeps the
 * deadline it replaced.
 */
export async function decideExtension(
  actor: Actor,
  taskId: number,
  approve: boolean,
  input: ExtensionDecisionInput,
  today: string,
  db: Kysely<Database> = getDb(),
): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const request = await pendingRequest(trx, "extension_requests", input.extensionId, taskId);
    if (!request) return notPending;
    const move = applyTaskMove(facts(task), { kind: "decide_extension", approve }, today);
    if (!move.ok) return refused(move, "decide_extension");
    await closeRequest(trx, "extension_requests", request.id, approve, input.decisionReason, actor.id);
    const after = approve
      ? await updateTask(trx, task, {
          deadline: request.requested_deadline,
          // A task created without its original on record keeps the one this extension replaced.
          original_deadline: task.original_deadline ?? request.previous_deadline,
        })
      : task;
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: approve ? "task.extension_approved" : "task.extension_rejected",
      entityType: "task",
      entityId: taskId,
      before: approve ? task : undefined,
      after: approve
        ? { ...after, extension_request_id: request.id, decision_reason: input.decisionReason }
        : { extension_request_id: request.id, requested_deadline: request.requested_deadline, decision_reason: input.decisionReason },
    });
    return { ok: true };
  });
}

/** The lead agency reports the task done, with evidence; it then awaits the chair's acceptance. */
export async function reportCompletion(
  actor: Actor,
  taskId: number,
  input: CompletionReportInput,
  today: string,
  db: Kysely<Database> = getDb(),
): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const move = applyTaskMove(facts(task), { kind: "report_completion", completedOn: input.completedOn }, today);
    if (!move.ok) return refused(move, "report_completion");
    const report = await trx
      .insertInto("completion_reports")
      .values({
        task_id: taskId,
        result: input.result,
        evidence: input.evidence,
        completed_on: input.completedOn,
        created_by: actor.id,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = await updateTask(trx, task, { status: move.status });
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: "task.completion_reported",
      entityType: "task",
      entityId: taskId,
      before: task,
      after: {
        ...after,
        completion_report_id: report.id,
        reported_completed_on: report.completed_on,
        result: report.result,
        evidence: report.evidence,
      },
    });
    return { ok: true };
  });
}

/**
 * The chair accepts the reported completion (the task is completed on the
 * reported day, on time or late against the approved deadline) or returns
 * it for more work, with a reason.
 */
export async function decideCompletion(
  actor: Actor,
  taskId: number,
  accept: boolean,
  input: CompletionDecisionInput,
  today: string,
  db: Kysely<Database> = getDb(),
): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const report = await pendingRequest(trx, "completion_reports", input.completionId, taskId);
    if (!report) return notPending;
    const move = applyTaskMove(
      facts(task),
      accept ? { kind: "accept_completion", hasPendingExtension: await hasPendingExtension(trx, taskId) } : { kind: "return_completion" },
      today,
    );
    if (!move.ok) return refused(move, accept ? "accept_completion" : "return_completion");
    await closeRequest(trx, "completion_reports", report.id, accept, input.returnReason, actor.id);
    const after = await updateTask(trx, task, accept ? { status: move.status, completed_on: report.completed_on } : { status: move.status });
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: accept ? "task.completion_accepted" : "task.completion_returned",
      entityType: "task",
      entityId: taskId,
      before: task,
      after: { ...after, completion_report_id: report.id, decision_reason: input.returnReason },
    });
    return { ok: true };
  });
}

/** The chair cancels a task, with a reason; whatever still waited for a decision is closed with it. */
export async function cancelTask(actor: Actor, taskId: number, input: CancelInput, today: string, db: Kysely<Database> = getDb()): Promise<WriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const task = await readTask(trx, taskId);
    if (isStale(task, input.version)) return stale;
    const move = applyTaskMove(facts(task), { kind: "cancel" }, today);
    if (!move.ok) return refused(move, "cancel");
    const decided = { status: "rejected" as const, decision_reason: input.cancelReason, decided_by: actor.id, decided_at: nowIso() };
    await trx.updateTable("extension_requests").set(decided).where("task_id", "=", taskId).where("status", "=", "pending").execute();
    await trx.updateTable("completion_reports").set(decided).where("task_id", "=", taskId).where("status", "=", "pending").execute();
    const after = await updateTask(trx, task, { status: move.status });
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: "task.cancelled",
      entityType: "task",
      entityId: taskId,
      before: task,
      after: { ...after, reason: input.cancelReason },
    });
    return { ok: true };
  });
}
