/**
 * The blocker list reads its per-status counts from `blocker_counts` (kept
 * by triggers on blockers) and finds a page's ids by walking a list index.
 * These tests hold both to what they replace:
 * - the kept counts equal a recount from scratch after any sequence of
 *   inserts, updates and deletes of blockers, and the migration's backfill
 *   gives the same rows;
 * - `listBlockers` shows, for every kind of reader and every combination of
 *   the list's filters, the counts, total, pages and rows that filtering,
 *   counting and sorting every blocker in JavaScript gives.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { BLOCKER_STATUSES, PILLARS, type BlockerStatus, type Pillar } from "../../db/schema";
import { BLOCKER_COUNTS_BACKFILL } from "../../db/migrations/2026-12-08T1100-count-blockers-and-index-the-list";
import { PUBLISHED_BLOCKER_STATUSES } from "../../app/features/blockers/blockers-rules";
import type { BlockerListQuery } from "../../app/features/blockers/blockers-schemas";
import { listBlockers, type Viewer } from "../../app/features/blockers/blockers.server";
import { addDaysToDay, vnLocalToIso } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { scheduleMeeting } from "../helpers/meetings";

let fx: Fixture;
let series2: number;
let agencyC: number;
let meetings: number[];

beforeAll(async () => {
  fx = await seedFixture();
  const db = getDb();
  const at = new Date().toISOString();
  agencyC = (
    await db
      .insertInto("agencies")
      .values({ code: "SC", name_vi: "Sở C", name_en: "Department C", kind: "department", parent_id: null, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  series2 = (
    await db
      .insertInto("series")
      .values({ code: "S2", name_vi: "Giao ban 2", name_en: "Briefing 2", issuing_body: "UBND", notice_symbol: "TB", updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  meetings = [await scheduleMeeting(fx, "2099-04", "2099-04-10"), await scheduleMeeting(fx, "2099-05", "2099-05-10")];
});

const db = () => getDb();

// ---------------------------------------------------------------- random blockers

/** Few distinct instants, so that rows tie on the sort key and the id decides. */
const INSTANTS = ["2026-01-05T02:00:00.000Z", "2026-01-05T17:30:00.000Z", "2026-02-10T08:00:00.000Z", "2026-03-01T00:00:00.000Z", "2026-03-01T16:59:00.000Z"];

interface Shape {
  series: 0 | 1;
  agency: 0 | 1 | 2;
  status: BlockerStatus;
  pillar: Pillar;
  late: boolean;
  sent: boolean;
  meeting: 0 | 1 | 2;
  submittedAt: number;
  updatedAt: number;
}

const shape = fc.record<Shape>({
  series: fc.constantFrom(0, 1),
  agency: fc.constantFrom(0, 1, 2),
  status: fc.constantFrom(...BLOCKER_STATUSES),
  pillar: fc.constantFrom(...PILLARS.slice(0, 3)),
  late: fc.boolean(),
  sent: fc.boolean(),
  meeting: fc.constantFrom(0, 1, 2),
  submittedAt: fc.nat(INSTANTS.length - 1),
  updatedAt: fc.nat(INSTANTS.length - 1),
});

/** The columns of a blocker of this shape; a draft was never sent, whatever `sent` says. */
function columns(s: Shape, mergeTarget: number | null) {
  const status = s.status === "merged" && mergeTarget === null ? "declined" : s.status;
  const sent = status !== "draft" && (s.sent || status !== "withdrawn");
  return {
    series_id: s.series === 0 ? fx.seriesId : series2,
    agency_id: [fx.agencyA, fx.agencyB, agencyC][s.agency],
    status,
    pillar: s.pillar,
    is_late: s.late ? (1 as const) : (0 as const),
    submitted_at: sent ? INSTANTS[s.submittedAt] : null,
    meeting_id: s.meeting === 0 || s.series === 1 ? null : meetings[s.meeting - 1],
    merged_into_id: status === "merged" ? mergeTarget : null,
    updated_at: INSTANTS[s.updatedAt],
  };
}

async function anyBlockerId(): Promise<number | null> {
  const row = await db().selectFrom("blockers").select("id").orderBy("id").executeTakeFirst();
  return row?.id ?? null;
}

async function insertBlocker(s: Shape): Promise<number> {
  const row = await db()
    .insertInto("blockers")
    .values({
      ...columns(s, await anyBlockerId()),
      title: "Khó khăn",
      description: "Mô tả",
      severity: "medium",
      proposal: "Đề xuất",
      created_by: fx.users.staffA,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

// ---------------------------------------------------------------- the kept counts

/** One key column changed alone: a trigger that missed one of them would be caught. */
type Change = "series" | "agency" | "status" | "pillar" | "late" | "sent";
type Write =
  | { kind: "insert"; shape: Shape }
  | { kind: "update"; pick: number; shape: Shape }
  | { kind: "change"; pick: number; change: Change; shape: Shape }
  | { kind: "delete"; pick: number };

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), shape }),
  fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), shape }),
  fc.record({
    kind: fc.constant("change" as const),
    pick: fc.nat(),
    change: fc.constantFrom<Change>("series", "agency", "status", "pillar", "late", "sent"),
    shape,
  }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
);

/** The columns a change of one key column sets, taking the new value from a random shape. */
function changed(change: Change, s: Shape) {
  const next = columns(s, null);
  switch (change) {
    case "series":
      return { series_id: next.series_id, meeting_id: null };
    case "agency":
      return { agency_id: next.agency_id };
    case "status":
      return { status: next.status, merged_into_id: null };
    case "pillar":
      return { pillar: next.pillar };
    case "late":
      return { is_late: next.is_late };
    case "sent":
      return { submitted_at: s.sent ? INSTANTS[s.submittedAt] : null };
  }
}

async function apply(w: Write): Promise<void> {
  if (w.kind === "insert") {
    await insertBlocker(w.shape);
    return;
  }
  // Only blockers nothing points at may go or move away from "merged"; keep the writes to those.
  const free = await db()
    .selectFrom("blockers")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("blockers as m").select("m.id").whereRef("m.merged_into_id", "=", "blockers.id"))))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("triage_decisions").select("triage_decisions.id").whereRef("triage_decisions.blocker_id", "=", "blockers.id"))),
    )
    .select("id")
    .orderBy("id")
    .execute();
  if (free.length === 0) return;
  const id = free[w.pick % free.length].id;
  if (w.kind === "delete") await db().deleteFrom("blockers").where("id", "=", id).execute();
  else if (w.kind === "change") await db().updateTable("blockers").set(changed(w.change, w.shape)).where("id", "=", id).execute();
  else {
    const target = await db().selectFrom("blockers").select("id").where("id", "!=", id).orderBy("id").executeTakeFirst();
    await db()
      .updateTable("blockers")
      .set(columns(w.shape, target?.id ?? null))
      .where("id", "=", id)
      .execute();
  }
}

const kept = async () =>
  (await sql<Record<string, unknown>>`SELECT * FROM blocker_counts ORDER BY series_id, agency_id, status, pillar, is_late, submitted`.execute(db())).rows;
const recount = async () =>
  (
    await sql<Record<string, unknown>>`
      SELECT series_id, agency_id, status, pillar, is_late, submitted_at IS NOT NULL AS submitted, count(*) AS blockers
      FROM blockers GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db())
  ).rows;

describe("blocker_counts", () => {
  it("equals a recount from scratch after any sequence of writes to blockers", async () => {
    let counted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 25 }), async (writes) => {
        for (const w of writes) await apply(w);
        const rows = await kept();
        expect(rows).toEqual(await recount());
        if (rows.length > 0) counted++;
      }),
      { numRuns: 40 },
    );
    // Something was counted: the property did not hold on an empty table only.
    expect(counted).toBeGreaterThan(20);
  });

  it("is what the migration's backfill makes from the blockers", async () => {
    // Blockers of its own: the random writes before may have left none.
    for (const s of fc.sample(shape, { numRuns: 30, seed: 20261208 })) await insertBlocker(s);
    const before = await kept();
    expect(before.length).toBeGreaterThan(0);
    await sql`DELETE FROM blocker_counts`.execute(db());
    await sql.raw(BLOCKER_COUNTS_BACKFILL).execute(db());
    expect(await kept()).toEqual(before);
  });
});

// ---------------------------------------------------------------- the list against a recount in JavaScript

interface Row {
  id: number;
  series_id: number;
  agency_id: number;
  status: BlockerStatus;
  pillar: string;
  is_late: number;
  meeting_id: number | null;
  submitted_at: string | null;
  updated_at: string;
}

/** What the list shows, computed from every blocker: the visibility rule, the filters, the counts and the order. */
function expected(user: Viewer, q: BlockerListQuery, all: Row[], pending: Set<number>, size: number) {
  const office = user.seriesRoles.map((r) => r.seriesId);
  const agency = user.role === "agency_head" || user.role === "agency_staff" ? user.agencyId : null;
  const view = office.length ? "office" : agency !== null ? "agency" : "public";
  const listed = (b: Row) =>
    office.length || agency !== null
      ? (office.includes(b.series_id) && b.submitted_at !== null) || b.agency_id === agency
      : (PUBLISHED_BLOCKER_STATUSES as readonly string[]).includes(b.status);
  const from = q.from ? vnLocalToIso(q.from, "00:00") : null;
  const before = q.to ? vnLocalToIso(addDaysToDay(q.to, 1), "00:00") : null;
  const matches = all.filter(
    (b) =>
      listed(b) &&
      (!q.series || b.series_id === q.series) &&
      (!q.meeting || b.meeting_id === q.meeting) &&
      (!q.agency || b.agency_id === q.agency) &&
      (!q.pillar || b.pillar === q.pillar) &&
      (!from || (b.submitted_at !== null && b.submitted_at >= from)) &&
      (!before || (b.submitted_at !== null && b.submitted_at < before)) &&
      (!q.late || b.is_late === 1) &&
      (!q.pending || (b.status === "submitted" && pending.has(b.id))),
  );
  const counts: Partial<Record<BlockerStatus, number>> = {};
  for (const b of matches) counts[b.status] = (counts[b.status] ?? 0) + 1;
  const status = q.status ?? (view === "office" ? "submitted" : "all");
  const shown = matches
    .filter((b) => status === "all" || b.status === status)
    .sort((a, b) => {
      const ka = a.submitted_at ?? a.updated_at;
      const kb = b.submitted_at ?? b.updated_at;
      return ka === kb ? b.id - a.id : ka < kb ? 1 : -1;
    });
  const pages = Math.max(1, Math.ceil(shown.length / size));
  const page = Math.min(q.page, pages);
  return {
    view,
    status,
    counts,
    countAll: matches.length,
    total: shown.length,
    page,
    pages,
    ids: shown.slice((page - 1) * size, page * size).map((b) => b.id),
  };
}

describe("the list", () => {
  let readers: Viewer[];

  beforeAll(async () => {
    // A few hundred blockers of every shape, and pending proposals on some submitted ones.
    const shapes = fc.sample(shape, { numRuns: 400, seed: 20261208 });
    for (const s of shapes) await insertBlocker(s);
    const submitted = await db().selectFrom("blockers").where("status", "=", "submitted").select("id").orderBy("id").execute();
    for (const { id } of submitted.filter((_, i) => i % 3 === 0)) {
      await db().insertInto("triage_decisions").values({ blocker_id: id, decision: "accept", status: "pending", proposed_by: fx.users.secretary }).execute();
    }
    const actor = (id: number, role: Viewer["role"], agencyId: number | null, seriesRoles: Viewer["seriesRoles"] = []): Viewer => ({
      id,
      role,
      agencyId,
      active: true,
      seriesRoles,
      locale: "vi",
    });
    readers = [
      actor(fx.users.admin, "admin", null),
      actor(fx.users.observer, "observer", null),
      actor(fx.users.chair, "chair", null, [{ seriesId: fx.seriesId, role: "chair" }]),
      actor(fx.users.secretary, "secretary", null, [
        { seriesId: fx.seriesId, role: "secretary" },
        { seriesId: series2, role: "secretary" },
      ]),
      actor(fx.users.headA, "agency_head", fx.agencyA),
      actor(fx.users.staffB, "agency_staff", fx.agencyB),
      // An agency head who is also a series' secretary sees both their agency's blockers and the series' queue.
      actor(fx.users.headB, "agency_head", fx.agencyB, [{ seriesId: series2, role: "secretary" }]),
    ];
  });

  it("shows the counts, pages and rows a recount of every blocker gives, for every reader and filter", async () => {
    // Each filter is left out two times in three, so that combinations still find blockers.
    const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
    const days = ["2026-01-05", "2026-01-06", "2026-02-10", "2026-03-01", "2026-03-02"];
    const query = fc.record({
      reader: fc.nat(6),
      size: fc.constantFrom(1, 7, 25),
      q: fc.record({
        status: fc.constantFrom(undefined, "all" as const, ...BLOCKER_STATUSES),
        series: sometimes(fc.constantFrom(0, 1)),
        meeting: sometimes(fc.constantFrom(0, 1)),
        agency: sometimes(fc.constantFrom(0, 1, 2)),
        pillar: sometimes(fc.constantFrom(...PILLARS.slice(0, 3))),
        from: sometimes(fc.constantFrom(...days)),
        to: sometimes(fc.constantFrom(...days)),
        late: fc.constantFrom(false, false, false, true),
        pending: fc.constantFrom(false, false, false, true),
        page: fc.integer({ min: 1, max: 40 }),
      }),
    });
    const all = (await db()
      .selectFrom("blockers")
      .select(["id", "series_id", "agency_id", "status", "pillar", "is_late", "meeting_id", "submitted_at", "updated_at"])
      .execute()) as Row[];
    const pending = new Set(
      (await db().selectFrom("triage_decisions").where("status", "=", "pending").select("blocker_id").execute()).map((r) => r.blocker_id),
    );
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(query, async ({ reader, size, q: raw }) => {
        const q: BlockerListQuery = {
          ...raw,
          // Indexes into this world's series, meetings and agencies (fast-check does not know their ids).
          series: raw.series === undefined ? null : [fx.seriesId, series2][raw.series],
          meeting: raw.meeting === undefined ? null : meetings[raw.meeting],
          agency: raw.agency === undefined ? null : [fx.agencyA, fx.agencyB, agencyC][raw.agency],
        };
        const user = readers[reader];
        const want = expected(user, q, all, pending, size);
        const got = await listBlockers(user, q, { pageSize: size });
        expect({
          view: got.view,
          status: got.status,
          counts: got.counts,
          countAll: got.countAll,
          total: got.total,
          page: got.page,
          pages: got.pages,
          ids: got.rows.map((r) => r.id),
        }).toEqual(want);
        expect(got.rows.every((r, i) => r.status === all.find((b) => b.id === want.ids[i])!.status)).toBe(true);
        expect([got.from, got.to]).toEqual(want.ids.length ? [(want.page - 1) * size + 1, (want.page - 1) * size + want.ids.length] : [0, 0]);
        if (want.ids.length) nonEmpty++;
      }),
      { numRuns: 400 },
    );
    // The property was held on lists that show something, not only on empty ones.
    expect(nonEmpty).toBeGreaterThan(100);
  });
});
