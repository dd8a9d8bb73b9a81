/**
 * The task register: which tasks a viewer's filters select, one page of
 * them in the register's order, and the choices of its filter form. The
 * counts per tracking status are task-register-counts.server.ts's.
 */
import { expressionBuilder, ParseJSONResultsPlugin, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/sqlite";
import type { Database, Locale, TaskStatus } from "../../../db/schema";
import { addDaysToDay } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { cachedUntilWrite } from "~/utils/generation-cache.server";
import { ftsQuery, kindRange, searchTerms } from "~/features/search/search-rules";
import type { Actor } from "~/utils/permissions";
import type { RegisterQuery, RoleFilter, TaskSort } from "./tasks-schemas";
import { TRACKING_STATUSES, type TrackingStatus } from "./tasks-rules";
import { registerCounts, registerKey } from "./task-register-counts.server";
import { localName as name, officeSeries, pendingExtension, TASK_LINE_COLUMNS, trackingCondition } from "./task-sql.server";

export const REGISTER_PAGE_SIZE = 25;
/** The export takes the whole filtered register in one page; a province has far fewer tasks than this. */
export const REGISTER_EXPORT_LIMIT = 10_000;

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
  const office = officeSeries(actor, ["chair", "secretary"]);
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
    const chaired = query.awaiting === "chair" ? officeSeries(actor, ["chair"]) : null;
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
  const rowsBefore = fromEnd ? Math.max(0, total - offset - size) : offset;
  const limit = fromEnd ? Math.max(0, Math.min(size, total - offset)) : size;
  // An agency's page: walking the register's order over every task finds it soon only if the agency has many of
  // the matches and the page is near an end; otherwise the agency's own tasks are read and sorted.
  const idsQuery =
    scope.agencyId !== null && !(await walkFindsSoon(db, rowsBefore + limit, total))
      ? agencyPageIds(db, scope, [...baseConditions(actor, query, { ...scope, agencyId: null }), ...statusWhere], query.sort, fromEnd)
      : (limit: number, offset: number) =>
          orderRegister(
            db
              .selectFrom("tasks")
              .where((e) => e.and([...pageWhere, ...statusWhere]))
              .select("tasks.id"),
            query.sort,
            fromEnd,
          )
            .limit(limit)
            .offset(offset)
            .execute();
  // Kept until the next write, as the counts are: a deep page walks its order through every row before it,
  // and a common word's page sorts thousands of matches. The key holds everything the conditions depend on.
  // An export's page (up to 50 000 rows) is read once, not kept.
  const keep = <T>(key: readonly unknown[], compute: () => Promise<T>) => (size <= KEPT_PAGE_SIZE ? cachedUntilWrite(db, key, compute) : compute());
  // `total` too: the counts were read under their own stamp, and which rows a page holds depends on it.
  const pageKey = ["register-page", ...registerKey(actor, scope, { ...query, page }, options.today), size, total, options.textLeadsBelow ?? null];
  const ids = await keep(pageKey, async () => {
    const idRows = await idsQuery(limit, rowsBefore);
    if (fromEnd) idRows.reverse();
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
 * With an agency, the walk along the register's order (over every task)
 * reads about `rows` × tasks / `total` index entries before its page ends;
 * reading the agency's page from its own tasks (`agencyPageIds`) costs
 * about as much as reading half as many entries as it has tasks (measured
 * at a province's size, ADR 25), and it has at least `total` tasks. `tasks`
 * is estimated by the highest id.
 */
async function walkFindsSoon(db: Kysely<Database>, rows: number, total: number): Promise<boolean> {
  const { tasks } = await db
    .selectFrom("tasks")
    .select((eb) => eb.fn.coalesce(eb.fn.max("id"), sql.lit(0)).as("tasks"))
    .executeTakeFirstOrThrow();
  return 2 * rows * Number(tasks) <= total * total;
}

/**
 * A page of the agency's own tasks matching `where`, in the register's
 * order, without walking every task: its tasks as lead (their order index
 * `tasks_lead_register_order`, which serves the default order, so only the
 * rows up to the page are read) merged with its coordinated ones
 * (`task_coordinators_agency`, sorted), leaving out of the latter the tasks
 * it also leads. The coordinated tasks' sort and filter columns come from
 * the narrow index `tasks_register_keys`, looked up by id, rather than from
 * the tasks' wide rows (~3 ms for 5,000 tasks instead of ~12 at a
 * province's size). Each part names its index: SQLite would otherwise look
 * a rowid up in the table, or walk the agency's plain lead index and sort.
 */
function agencyPageIds(db: Kysely<Database>, scope: RegisterScope, where: Expression<SqlBool>[], sort: TaskSort, reverse: boolean) {
  const terms = REGISTER_SORTS[sort];
  const columns = sql.join(terms.map(([term], i) => sql`${term} AS ${sql.raw(`o${i}`)}`));
  const order = sql.join(terms.map(([, dir], i) => sql.raw(`o${i} ${(dir === "asc") !== reverse ? "ASC" : "DESC"}`)));
  const eb = expressionBuilder<Database, "tasks">();
  const lead = sql`SELECT tasks.id, ${columns} FROM tasks INDEXED BY tasks_lead_register_order
    WHERE tasks.lead_agency_id = ${scope.agencyId} AND ${eb.and(where)}`;
  const coordinating = sql`SELECT tasks.id, ${columns} FROM task_coordinators CROSS JOIN tasks INDEXED BY tasks_register_keys ON tasks.id = task_coordinators.task_id
    WHERE task_coordinators.agency_id = ${scope.agencyId}${scope.role === "either" ? sql` AND tasks.lead_agency_id <> ${scope.agencyId}` : sql``} AND ${eb.and(where)}`;
  const parts = scope.role === "lead" ? lead : scope.role === "coordinating" ? coordinating : sql`${lead} UNION ALL ${coordinating}`;
  return async (limit: number, offset: number) => (await sql<{ id: number }>`${parts} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(db)).rows;
}

/** The terms of the default order; the index `tasks_register_order` has these very expressions. */
const REGISTER_ORDER = {
  closed: sql`(status IN ('completed', 'cancelled'))`,
  noDeadline: sql`(deadline IS NULL)`,
  owedDeadline: sql`(CASE WHEN status IN ('completed', 'cancelled') THEN NULL ELSE deadline END)`,
  closedDeadline: sql`(CASE WHEN status IN ('completed', 'cancelled') THEN deadline END)`,
};
const TASK_ID = sql`tasks.id`;
const DEADLINE = sql`tasks.deadline`;

/**
 * The register's orders, term by term. "deadline": what is still owed
 * first, the most pressing deadline at the top and tasks without one after;
 * then finished tasks, the most recent deadline first.
 */
const REGISTER_SORTS: Record<TaskSort, ReadonlyArray<readonly [RawBuilder<unknown>, "asc" | "desc"]>> = {
  deadline: [
    [REGISTER_ORDER.closed, "asc"],
    [REGISTER_ORDER.noDeadline, "asc"],
    [REGISTER_ORDER.owedDeadline, "asc"],
    [REGISTER_ORDER.closedDeadline, "desc"],
    [TASK_ID, "asc"],
  ],
  "-deadline": [
    [REGISTER_ORDER.noDeadline, "asc"],
    [DEADLINE, "desc"],
    [TASK_ID, "desc"],
  ],
  newest: [[TASK_ID, "desc"]],
};

/**
 * The register's orders, written exactly as the expression index
 * `tasks_register_order` (db/migrations) lists its columns, so that SQLite
 * walks the index instead of sorting every task; `reverse` walks it
 * backwards (the same order read from its end).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of Kysely's orderBy overloads
function orderRegister<QB extends { orderBy: (...args: any[]) => QB }>(qb: QB, sort: TaskSort, reverse = false): QB {
  return REGISTER_SORTS[sort].reduce((q, [term, dir]) => q.orderBy(term, (dir === "asc") !== reverse ? "asc" : "desc"), qb);
}

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
    showNotIssued: officeSeries(actor, ["chair", "secretary"]).length > 0,
    isChair: officeSeries(actor, ["chair"]).length > 0,
  };
}
