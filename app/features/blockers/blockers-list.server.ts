/**
 * The blocker list (/blockers) and its filters' choices. The register
 * export asks for larger pages of the very same query.
 */
import type { ExpressionBuilder, SelectQueryBuilder } from "kysely";
import type { BlockerStatus, Database, TriageDecision } from "../../../db/schema";
import { addDaysToDay, vnLocalToIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { Option } from "~/utils/lookups.server";
import type { BlockerListQuery } from "./blockers-schemas";
import { chairSeriesIds, listCountScope, listScope, listView, name, officeSeriesIds, ownAgencyId, type ListView, type Viewer } from "./blockers-scope.server";

export const PAGE_SIZE = 25;

export interface BlockerRow {
  id: number;
  title: string;
  status: BlockerStatus;
  isLate: boolean;
  pillar: string;
  severity: string;
  agencyName: string;
  meetingId: number | null;
  meetingTitle: string | null;
  mergedIntoId: number | null;
  outcomeReason: string | null;
  submittedAt: string | null;
  referral: { taskId: number; agencyName: string; deadline: string | null } | null;
  pendingDecision: TriageDecision | null;
}

export interface BlockerList {
  view: ListView;
  status: BlockerStatus | "all";
  rows: BlockerRow[];
  counts: Partial<Record<BlockerStatus, number>>;
  countAll: number;
  total: number;
  page: number;
  pages: number;
  /** 1-based positions of the first and last row shown (0 when empty). */
  from: number;
  to: number;
  /** Blockers with a secretary's proposal waiting for this user as chair. */
  pendingForMe: number;
}

function pendingProposal(eb: ExpressionBuilder<Database, "blockers">) {
  return eb.and([
    eb("blockers.status", "=", "submitted"),
    eb.exists(
      eb
        .selectFrom("triage_decisions")
        .select("triage_decisions.id")
        .whereRef("triage_decisions.blocker_id", "=", "blockers.id")
        .where("triage_decisions.status", "=", "pending"),
    ),
  ]);
}

/** The list's order, newest submission first: the expression the list indexes are built on. */
const sortKey = (eb: ExpressionBuilder<Database, "blockers">) => eb.fn.coalesce("blockers.submitted_at", "blockers.updated_at");

/** Per-status counts of the list with these filters, from the kept sums when they can answer. */
async function countByStatus(user: Viewer, query: BlockerListQuery, blockers: SelectQueryBuilder<Database, "blockers", object>) {
  // The sums know series, agency, status, pillar and lateness; a meeting, days or a pending proposal
  // narrow the blockers through an index first (a meeting's few hundred, the days' range, the queue).
  const rows =
    query.meeting || query.from || query.to || query.pending
      ? await blockers
          .select((eb) => ["blockers.status", eb.fn.countAll<number>().as("n")])
          .groupBy("blockers.status")
          .execute()
      : await getDb()
          .selectFrom("blocker_counts")
          .where(listCountScope(user))
          .$if(Boolean(query.series), (q) => q.where("blocker_counts.series_id", "=", query.series!))
          .$if(Boolean(query.agency), (q) => q.where("blocker_counts.agency_id", "=", query.agency!))
          .$if(Boolean(query.pillar), (q) => q.where("blocker_counts.pillar", "=", query.pillar!))
          .$if(query.late, (q) => q.where("blocker_counts.is_late", "=", 1))
          .select((eb) => ["blocker_counts.status", eb.fn.sum<number>("blocker_counts.blockers").as("n")])
          .groupBy("blocker_counts.status")
          .execute();
  const counts: Partial<Record<BlockerStatus, number>> = {};
  for (const r of rows) if (Number(r.n) > 0) counts[r.status] = Number(r.n);
  return counts;
}

/** One page of the list; the register export asks for larger pages of the very same query. */
export async function listBlockers(user: Viewer, query: BlockerListQuery, options: { pageSize?: number } = {}): Promise<BlockerList> {
  const db = getDb();
  const size = options.pageSize ?? PAGE_SIZE;
  const view = listView(user);
  const status = query.status ?? (view === "office" ? "submitted" : "all");

  let base = db.selectFrom("blockers").where(listScope(user));
  if (query.series) base = base.where("blockers.series_id", "=", query.series);
  if (query.meeting) base = base.where("blockers.meeting_id", "=", query.meeting);
  if (query.agency) base = base.where("blockers.agency_id", "=", query.agency);
  if (query.pillar) base = base.where("blockers.pillar", "=", query.pillar);
  if (query.from) {
    const from = vnLocalToIso(query.from, "00:00");
    // The same bound on the sort key (equal to submitted_at once it is set) lets the list index serve the range.
    base = base.where("blockers.submitted_at", ">=", from).where(sortKey, ">=", from);
  }
  if (query.to) {
    const before = vnLocalToIso(addDaysToDay(query.to, 1), "00:00");
    base = base.where("blockers.submitted_at", "<", before).where(sortKey, "<", before);
  }
  if (query.late) base = base.where("blockers.is_late", "=", 1);
  if (query.pending) base = base.where(pendingProposal);

  const counts = await countByStatus(user, query, base);
  const countAll = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const total = status === "all" ? countAll : (counts[status] ?? 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(query.page, pages);

  // The page's ids first, walking a list index in order without reading the table (however deep the page);
  // then only those rows.
  const ids = (
    await base
      .$if(status !== "all", (q) => q.where("blockers.status", "=", status as BlockerStatus))
      .select("blockers.id")
      .orderBy(sortKey, "desc")
      .orderBy("blockers.id", "desc")
      .limit(size)
      .offset((page - 1) * size)
      .execute()
  ).map((r) => r.id);
  const found = ids.length
    ? await db
        .selectFrom("blockers")
        .innerJoin("agencies", "agencies.id", "blockers.agency_id")
        .leftJoin("meetings", "meetings.id", "blockers.meeting_id")
        .where("blockers.id", "in", ids)
        .select([
          "blockers.id",
          "blockers.title",
          "blockers.status",
          "blockers.is_late",
          "blockers.pillar",
          "blockers.severity",
          "blockers.meeting_id",
          "blockers.merged_into_id",
          "blockers.outcome_reason",
          "blockers.submitted_at",
          "agencies.name_vi",
          "agencies.name_en",
          "meetings.title as meeting_title",
        ])
        .execute()
    : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows = ids.flatMap((id) => byId.get(id) ?? []);

  const [tasks, proposals] = ids.length
    ? await Promise.all([
        db
          .selectFrom("tasks")
          .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
          .where("tasks.blocker_id", "in", ids)
          .select(["tasks.id", "tasks.blocker_id", "tasks.deadline", "agencies.name_vi", "agencies.name_en"])
          .orderBy("tasks.id")
          .execute(),
        view === "office"
          ? db.selectFrom("triage_decisions").where("blocker_id", "in", ids).where("status", "=", "pending").select(["blocker_id", "decision"]).execute()
          : Promise.resolve([]),
      ])
    : [[], []];
  const taskOf = new Map(tasks.map((t) => [t.blocker_id, t]));
  const proposalOf = new Map(proposals.map((p) => [p.blocker_id, p.decision]));

  const chairOf = chairSeriesIds(user);
  const pendingForMe = chairOf.length
    ? Number(
        (
          await db
            .selectFrom("blockers")
            .where("blockers.series_id", "in", chairOf)
            .where(pendingProposal)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;

  return {
    view,
    status,
    counts,
    countAll,
    total,
    page,
    pages,
    from: rows.length ? (page - 1) * size + 1 : 0,
    to: (page - 1) * size + rows.length,
    pendingForMe,
    rows: rows.map((r) => {
      const task = taskOf.get(r.id);
      return {
        id: r.id,
        title: r.title,
        status: r.status,
        isLate: r.is_late === 1,
        pillar: r.pillar,
        severity: r.severity,
        agencyName: name(r, user.locale),
        meetingId: r.meeting_id,
        meetingTitle: r.meeting_title,
        mergedIntoId: r.merged_into_id,
        outcomeReason: r.outcome_reason,
        submittedAt: r.submitted_at,
        referral: r.status === "referred" && task ? { taskId: task.id, agencyName: name(task, user.locale), deadline: task.deadline } : null,
        pendingDecision: proposalOf.get(r.id) ?? null,
      };
    }),
  };
}

/** The choices of the list's filters, limited to what the user can see. */
export async function listFilterOptions(user: Viewer) {
  const db = getDb();
  const office = officeSeriesIds(user);
  const agency = ownAgencyId(user);
  let seriesQuery = db.selectFrom("series").select(["series.id", "series.name_vi", "series.name_en"]).orderBy("series.id");
  if (office.length || agency !== null) {
    seriesQuery = seriesQuery.where((eb) => {
      const ors = [];
      if (office.length) ors.push(eb("series.id", "in", office));
      if (agency !== null) {
        ors.push(
          eb.exists(
            eb
              .selectFrom("series_agencies")
              .select("series_agencies.series_id")
              .whereRef("series_agencies.series_id", "=", "series.id")
              .where("series_agencies.agency_id", "=", agency),
          ),
        );
      }
      return eb.or(ors);
    });
  }
  const series = await seriesQuery.execute();
  const [meetings, agencies] = office.length
    ? await Promise.all([
        db.selectFrom("meetings").where("series_id", "in", office).select(["id", "title"]).orderBy("starts_at", "desc").execute(),
        db
          .selectFrom("agencies")
          .innerJoin("series_agencies", "series_agencies.agency_id", "agencies.id")
          .where("series_agencies.series_id", "in", office)
          .select(["agencies.id", "agencies.name_vi", "agencies.name_en"])
          .distinct()
          .orderBy("agencies.name_vi")
          .execute(),
      ])
    : [[], []];
  const opt = (id: number, label: string): Option => ({ value: String(id), label });
  return {
    series: series.map((s) => opt(s.id, name(s, user.locale))),
    meetings: meetings.map((m) => opt(m.id, m.title)),
    agencies: agencies.map((a) => opt(a.id, name(a, user.locale))),
  };
}

export type ListFilterOptions = Awaited<ReturnType<typeof listFilterOptions>>;
