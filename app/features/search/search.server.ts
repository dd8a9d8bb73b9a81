/**
 * Search in SQL: FTS5 MATCH over the index the triggers keep
 * (db/migrations/2026-11-27T1600-create-search-index.ts), each hit joined
 * by primary key with its record and the record's visibility applied in
 * the same statement — before anything is counted, capped or paged, so a
 * page is never short of rows the user may see and counts never include
 * rows they may not.
 *
 * Two steps, each statement one MATCH plus primary-key joins:
 * 1. per kind, the visible hits, newest first, at most CANDIDATES_PER_KIND
 *    (a LIMIT on a MATCH restricted to the kind's rowid range: FTS5 walks
 *    its doclist backwards and stops early; no ranking yet, so it is cheap);
 * 2. one statement ranks the candidates of every kind with bm25.
 *    bm25 first counts, over the whole index, the rows holding each word —
 *    one statement pays that once, not once per kind.
 * Both are kept until the next write for users who see alike (rankedMatches):
 * the next page and the kind tabs are read from there. An entry is at most
 * 4 × 1000 rowids (32 KB). A page's hits, described, are kept as well.
 * A query vaguer than the cap ("so") has its newest candidates ranked and
 * is told to add words; its counts read "1000+".
 *
 * Who sees what is the pages' rule:
 * - blockers: what the blocker list shows the user (their agency's own;
 *   for the series' office, what was sent to it) plus the published ones
 *   (on the agenda, resolved) that every page shows. Never another agency's
 *   draft or untriaged blocker. (blockers.server.ts' listScope, widened
 *   only by what its readScope gives everyone.)
 * - tasks: issued ones; drafts only for the series' office (canSeeTask).
 * - conclusions: once the meeting's notice is issued, or for the office
 *   (the session page), and not on an item removed from the agenda.
 * - notices: issued ones, or drafts for the office (the notice page).
 */
import { sql, type Kysely, type SqlBool } from "kysely";
import type { BlockerStatus, Database, Locale, TaskStatus } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import { cachedUntilWrite } from "~/utils/generation-cache.server";
import type { Actor } from "~/utils/permissions";
import { PUBLISHED_BLOCKER_STATUSES } from "~/features/blockers/blockers-rules";
import { trackingStatus, type TrackingStatus } from "~/features/tasks/tasks-rules";
import { decodeRowid, ftsQuery, highlight, kindRange, SEARCH_KINDS, searchTerms, snippet, type SearchKind, type Segment } from "./search-rules";
import type { SearchQuery } from "./search-schemas";

export const SEARCH_PAGE_SIZE = 20;
/** How many hits of one kind are ranked at most; beyond, the query is too vague to rank. */
export const CANDIDATES_PER_KIND = 1000;

interface HitBase {
  id: number;
  href: string;
  title: Segment[];
  snippet: Segment[];
  /** The agency the record belongs to, marked where the query matched its name. */
  agency: Segment[] | null;
}

export type SearchHit =
  | (HitBase & { kind: "blocker"; status: BlockerStatus })
  | (HitBase & { kind: "task"; tracking: TrackingStatus; deadline: string | null })
  | (HitBase & { kind: "conclusion"; meetingTitle: string })
  | (HitBase & { kind: "notice"; meetingTitle: string; number: string | null; issuedOn: string | null });

export interface SearchResults {
  /** The folded words searched for; empty when nothing searchable was typed. */
  terms: string[];
  /** Hits per kind, whatever kind is selected. */
  counts: Record<SearchKind, number>;
  /** Kinds with more hits than were ranked (their count reads "1000+"). */
  capped: SearchKind[];
  /** Hits of the selected kind (or of all kinds), as far as they were ranked. */
  total: number;
  page: number;
  pages: number;
  /** 1-based positions of the first and last hit shown; 0 when none. */
  from: number;
  to: number;
  hits: SearchHit[];
}

export interface SearchOptions {
  today: string;
  locale: Locale;
  pageSize?: number;
  /** Lower only in tests. */
  candidatesPerKind?: number;
  db?: Kysely<Database>;
}

const emptyCounts = (): Record<SearchKind, number> => ({ blocker: 0, task: 0, conclusion: 0, notice: 0 });

function officeSeriesIds(user: Actor): number[] {
  return [...new Set(user.seriesRoles.map((r) => r.seriesId))];
}

function ownAgencyId(user: Actor): number | null {
  return user.role === "agency_head" || user.role === "agency_staff" ? user.agencyId : null;
}

/** Title weighs ten times the body, the agency names (or notice number) three. */
const SCORE = sql<number>`bm25(search_index, 10.0, 1.0, 3.0)`;

/** The index rows of one kind that match, newest first, at most `limit`; the caller joins the records. */
function matchesOf(db: Kysely<Database>, kind: SearchKind, match: string, limit: number) {
  const [lo, hi] = kindRange(kind);
  return (
    db
      .selectFrom("search_index")
      .where(sql<SqlBool>`search_index MATCH ${match}`)
      // Literals: FTS5 only narrows its scan to a rowid range given as integers, and a bound JS number is a double.
      .where("search_index.rowid", ">=", sql.lit(lo))
      .where("search_index.rowid", "<=", sql.lit(hi))
      .select("search_index.rowid as rid")
      .orderBy("search_index.rowid", "desc")
      .limit(limit)
  );
}

/** Each record's primary key from its index row. */
const recordId = (kind: SearchKind) => sql<number>`search_index.rowid - ${sql.lit(kindRange(kind)[0])}`;

/** The visible hits of one kind, as index rowids, at most `limit`, newest first. */
async function visibleHits(db: Kysely<Database>, user: Actor, kind: SearchKind, match: string, limit: number): Promise<number[]> {
  const office = officeSeriesIds(user);
  const agency = ownAgencyId(user);
  const id = recordId(kind);
  const matches = () => matchesOf(db, kind, match, limit);
  let rows: Array<{ rid: number }>;
  switch (kind) {
    case "blocker":
      rows = await matches()
        .innerJoin("blockers", (j) => j.on("blockers.id", "=", id))
        .where((eb) => {
          const ors = [eb("blockers.status", "in", [...PUBLISHED_BLOCKER_STATUSES])];
          if (agency !== null) ors.push(eb("blockers.agency_id", "=", agency));
          if (office.length) ors.push(eb.and([eb("blockers.series_id", "in", office), eb("blockers.submitted_at", "is not", null)]));
          return eb.or(ors);
        })
        .execute();
      break;
    case "task":
      rows = await matches()
        .innerJoin("tasks", (j) => j.on("tasks.id", "=", id))
        .where((eb) => (office.length ? eb.or([eb("tasks.status", "!=", "draft"), eb("tasks.series_id", "in", office)]) : eb("tasks.status", "!=", "draft")))
        .execute();
      break;
    case "conclusion":
      rows = await matches()
        .innerJoin("conclusions", (j) => j.on("conclusions.id", "=", id))
        .innerJoin("agenda_items", "agenda_items.id", "conclusions.agenda_item_id")
        .innerJoin("meetings", "meetings.id", "conclusions.meeting_id")
        .where("agenda_items.removed", "=", 0)
        .where((eb) =>
          office.length
            ? eb.or([eb("meetings.status", "=", "notice_issued"), eb("meetings.series_id", "in", office)])
            : eb("meetings.status", "=", "notice_issued"),
        )
        .execute();
      break;
    case "notice":
      rows = await matches()
        .innerJoin("notices", (j) => j.on("notices.id", "=", id))
        .innerJoin("meetings", "meetings.id", "notices.meeting_id")
        .where((eb) =>
          office.length ? eb.or([eb("notices.status", "=", "issued"), eb("meetings.series_id", "in", office)]) : eb("notices.status", "=", "issued"),
        )
        .execute();
      break;
  }
  return rows.map((r) => Number(r.rid));
}

/**
 * bm25 of the given index rows (lower is better). FTS5 walks the matches
 * between the lowest and highest rowid; the `+` keeps the list itself away
 * from FTS5, which would otherwise run the whole MATCH once per id.
 */
async function scores(db: Kysely<Database>, match: string, rowids: number[]): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("search_index")
    .where(sql<SqlBool>`search_index MATCH ${match}`)
    .where("search_index.rowid", ">=", sql.lit(Math.min(...rowids)))
    .where("search_index.rowid", "<=", sql.lit(Math.max(...rowids)))
    .where(sql<SqlBool>`+search_index.rowid IN (SELECT value FROM json_each(${JSON.stringify(rowids)}))`)
    .select(["search_index.rowid as rid", SCORE.as("score")])
    .execute();
  return new Map(rows.map((r) => [Number(r.rid), Number(r.score)]));
}

interface Ranked {
  counts: Record<SearchKind, number>;
  capped: SearchKind[];
  /** Every kind's visible candidates, best first; among equals, the newer record (a higher rowid of the same kind). */
  ranked: number[];
}

/**
 * The visible matches of every kind, ranked. What a user may see depends
 * only on the series they serve in the office of and their own agency, so
 * users alike share it; it is kept until the next write. Paging and the
 * kind tabs read it again rather than asking FTS5 again: ranking alone
 * costs ~7 ms at province size, most of it bm25 counting, over the whole
 * index, the rows holding each word. One statement ranks all kinds, whose
 * scores do not depend on which rows are ranked with them.
 */
async function rankedMatches(db: Kysely<Database>, user: Actor, match: string, cap: number): Promise<Ranked> {
  const scope = { office: officeSeriesIds(user).sort((a, b) => a - b), agency: ownAgencyId(user) };
  return cachedUntilWrite(db, ["search", scope, match, cap], async () => {
    const counts = emptyCounts();
    const candidates: number[] = [];
    const capped: SearchKind[] = [];
    for (const kind of SEARCH_KINDS) {
      const rowids = await visibleHits(db, user, kind, match, cap);
      counts[kind] = rowids.length;
      if (rowids.length >= cap) capped.push(kind);
      candidates.push(...rowids);
    }
    if (candidates.length === 0) return { counts, capped, ranked: [] };
    const score = await scores(db, match, candidates);
    const ranked = candidates.sort((a, b) => (score.get(a) ?? 0) - (score.get(b) ?? 0) || b - a);
    return { counts, capped, ranked };
  });
}

/** One page of what the user may see that matches the query, best first. */
export async function search(user: Actor, query: SearchQuery, options: SearchOptions): Promise<SearchResults> {
  const db = options.db ?? getDb();
  const size = options.pageSize ?? SEARCH_PAGE_SIZE;
  const cap = options.candidatesPerKind ?? CANDIDATES_PER_KIND;
  const terms = searchTerms(query.q);
  const match = ftsQuery(terms);
  const empty = { terms, counts: emptyCounts(), capped: [], total: 0, page: 1, pages: 1, from: 0, to: 0, hits: [] };
  if (match === null) return empty;

  const { counts, capped, ranked: all } = await rankedMatches(db, user, match, cap);
  const ranked = query.kind ? all.filter((rowid) => decodeRowid(rowid).kind === query.kind) : all;
  const total = ranked.length;
  if (total === 0) return { ...empty, counts: { ...counts }, capped: [...capped] };
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(query.page, pages);
  const offset = (page - 1) * size;

  // The page's records with their words marked are kept too: folding and cutting snippets was most of a repeat view.
  // They are read by id from rows already found visible, so users who see the same rows share them.
  const rowids = ranked.slice(offset, offset + size);
  const hits = await cachedUntilWrite(db, ["search-hits", rowids.join(","), terms.join(" "), options.locale, options.today], () =>
    describeHits(db, rowids.map(decodeRowid), terms, options),
  );
  return { terms, counts: { ...counts }, capped: [...capped], total, page, pages, from: hits.length ? offset + 1 : 0, to: offset + hits.length, hits };
}

const idsOf = (refs: ReadonlyArray<{ kind: SearchKind; id: number }>, kind: SearchKind) => refs.filter((r) => r.kind === kind).map((r) => r.id);
const joined = (...parts: Array<string | null>) => parts.filter((p) => p && p.trim()).join(" ");

/** The page's records, read by id (already found visible), in the order of the hits. */
async function describeHits(db: Kysely<Database>, refs: ReadonlyArray<{ kind: SearchKind; id: number }>, terms: string[], options: SearchOptions) {
  const vi = options.locale === "vi";
  const agencyName = (nameVi: string | null, nameEn: string | null) => {
    const name = vi ? nameVi : nameEn;
    return name ? highlight(name, terms) : null;
  };
  const none = Promise.resolve([]);
  const blockerIds = idsOf(refs, "blocker");
  const taskIds = idsOf(refs, "task");
  const conclusionIds = idsOf(refs, "conclusion");
  const noticeIds = idsOf(refs, "notice");
  const [blockers, tasks, conclusions, notices] = await Promise.all([
    blockerIds.length
      ? db
          .selectFrom("blockers")
          .innerJoin("agencies", "agencies.id", "blockers.agency_id")
          .where("blockers.id", "in", blockerIds)
          .select([
            "blockers.id",
            "blockers.title",
            "blockers.description",
            "blockers.proposal",
            "blockers.plan_target",
            "blockers.status",
            "agencies.name_vi",
            "agencies.name_en",
          ])
          .execute()
      : none,
    taskIds.length
      ? db
          .selectFrom("tasks")
          .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
          .where("tasks.id", "in", taskIds)
          .select([
            "tasks.id",
            "tasks.title",
            "tasks.description",
            "tasks.expected_result",
            "tasks.status",
            "tasks.deadline",
            "tasks.completed_on",
            "agencies.name_vi",
            "agencies.name_en",
          ])
          .execute()
      : none,
    conclusionIds.length
      ? db
          .selectFrom("conclusions")
          .innerJoin("agenda_items as item", "item.id", "conclusions.agenda_item_id")
          .innerJoin("meetings", "meetings.id", "conclusions.meeting_id")
          .leftJoin("agencies", "agencies.id", "item.presenter_agency_id")
          .where("conclusions.id", "in", conclusionIds)
          .select([
            "conclusions.id",
            "conclusions.body",
            "conclusions.meeting_id",
            "item.title",
            "meetings.title as meeting_title",
            "agencies.name_vi",
            "agencies.name_en",
          ])
          .execute()
      : none,
    noticeIds.length
      ? db
          .selectFrom("notices")
          .innerJoin("meetings", "meetings.id", "notices.meeting_id")
          .where("notices.id", "in", noticeIds)
          .select([
            "notices.id",
            "notices.meeting_id",
            "notices.summary",
            "notices.opening",
            "notices.closing",
            "notices.recipients",
            "notices.number",
            "notices.symbol",
            "notices.issued_on",
            "meetings.title as meeting_title",
          ])
          .execute()
      : none,
  ]);

  const byKey = new Map<string, SearchHit>();
  for (const b of blockers) {
    byKey.set(`blocker:${b.id}`, {
      kind: "blocker",
      id: b.id,
      href: `/blockers/${b.id}`,
      title: highlight(b.title, terms),
      snippet: snippet(joined(b.description, b.proposal, b.plan_target), terms),
      agency: agencyName(b.name_vi, b.name_en),
      status: b.status,
    });
  }
  for (const t of tasks) {
    byKey.set(`task:${t.id}`, {
      kind: "task",
      id: t.id,
      href: `/tasks/${t.id}`,
      title: highlight(t.title, terms),
      snippet: snippet(joined(t.description, t.expected_result), terms),
      agency: agencyName(t.name_vi, t.name_en),
      tracking: trackingStatus({ status: t.status as TaskStatus, deadline: t.deadline, completedOn: t.completed_on }, options.today),
      deadline: t.deadline,
    });
  }
  for (const c of conclusions) {
    byKey.set(`conclusion:${c.id}`, {
      kind: "conclusion",
      id: c.id,
      href: `/meetings/${c.meeting_id}/session#conclusion-${c.id}`,
      title: highlight(c.title, terms),
      snippet: snippet(c.body, terms),
      agency: agencyName(c.name_vi, c.name_en),
      meetingTitle: c.meeting_title,
    });
  }
  for (const n of notices) {
    byKey.set(`notice:${n.id}`, {
      kind: "notice",
      id: n.id,
      href: `/meetings/${n.meeting_id}/notice`,
      title: highlight(n.summary, terms),
      snippet: snippet(joined(n.opening, n.closing, n.recipients), terms),
      agency: null,
      meetingTitle: n.meeting_title,
      number: n.number !== null ? `${n.number}/${n.symbol}` : null,
      issuedOn: n.issued_on,
    });
  }
  return refs.map((r) => byKey.get(`${r.kind}:${r.id}`)).filter((h): h is SearchHit => h !== undefined);
}
