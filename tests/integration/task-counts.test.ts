/**
 * The summary tables (task_counts, task_counts_by_pillar) against a recount
 * from scratch (tests/helpers/task-figures-oracle.ts).
 *
 * On a generated province (tests/helpers/dashboard-dataset.ts), random
 * sequences of every kind of write that changes tasks — drafts added and
 * deleted, the notice issued, referrals, progress, extensions asked,
 * approved and refused, completion reported, accepted and returned,
 * cancellation, and changes of lead agency, pillar and deadline made
 * directly in SQL (the app offers no form for them; the triggers must
 * still follow) — then:
 * - the tables hold what a recount of the tasks says;
 * - the dashboard's figures per agency and pillar, for several "today"s and
 *   ranges, equal those of the aggregate query the code used before, and
 *   the agency dashboard's narrower read (`provinceRates`) gives the same
 *   on time, late, overdue, ranks and province rate;
 * - the register's counts for filters the summary serves equal a loop over
 *   every task.
 * And the migration's backfill, run again on the data, gives the same rows.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { COUNTED_STATUSES, provinceRates, rankAgencies, taskFigures } from "../../app/features/dashboard/dashboard.server";
import { onTimeRate, rankScorecard, resolveRange } from "../../app/features/dashboard/dashboard-rules";
import { deleteDraftTask } from "../../app/features/conclusions/conclusions.server";
import { issueNotice } from "../../app/features/notices/notices.server";
import { parseRegisterQuery } from "../../app/features/tasks/tasks-schemas";
import type { TrackingStatus } from "../../app/features/tasks/tasks-rules";
import {
  cancelTask,
  decideCompletion,
  decideExtension,
  listTasks,
  reportCompletion,
  reportProgress,
  requestExtension,
} from "../../app/features/tasks/tasks.server";
import type { SessionUser } from "../../app/utils/auth.server";
import { addDaysToDay, vnLocalToIso } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { PILLARS, type Pillar } from "../../db/schema";
import { TASK_COUNTS_BACKFILL } from "../../db/migrations/2026-12-08T1000-summarise-task-counts";
import { TASK_COORDINATOR_COUNTS_BACKFILL } from "../../db/migrations/2026-12-08T1400-summarise-coordinated-task-counts";
import { buildDashboardDataset, type Dataset } from "../helpers/dashboard-dataset";
import {
  dashboardOracle,
  readCoordinatorSummary,
  readSummaries,
  recountCoordinatorSummary,
  recountSummaries,
  registerIdsOracle,
  registerOracle,
} from "../helpers/task-figures-oracle";
import { sessionUserOf } from "../helpers/requests";

/** 10:00 on 15 June 2024 in Vietnam. */
const NOW = new Date("2024-06-15T03:00:00.000Z");
const TODAY = "2024-06-15";

let ds: Dataset;
let agencyIds: number[];
const users = new Map<number, SessionUser>();

async function sessionUser(id: number): Promise<SessionUser> {
  const known = users.get(id);
  if (known) return known;
  const user = await sessionUserOf(id);
  users.set(id, user);
  return user;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  ds = await buildDashboardDataset(TODAY);
  agencyIds = Object.values(ds.agencies);
});

afterAll(() => {
  vi.useRealTimers();
});

// ---------------------------------------------------------------- the writes

type Write =
  | { kind: "progress" | "ask" | "report" | "cancel"; pick: number; days: number }
  | { kind: "decideExtension" | "decideCompletion"; pick: number; yes: boolean }
  | { kind: "issue" }
  | { kind: "draft" | "referral"; agency: number; pillar: number; days: number | null; coordinators: number[] }
  | { kind: "deleteDraft"; pick: number; inSql: boolean }
  | { kind: "move"; pick: number; agency: number; pillar: number; days: number | null };

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("progress" as const, "ask" as const, "report" as const, "cancel" as const),
    pick: fc.nat(),
    days: fc.integer({ min: -60, max: 90 }),
  }),
  fc.record({ kind: fc.constantFrom("decideExtension" as const, "decideCompletion" as const), pick: fc.nat(), yes: fc.boolean() }),
  fc.constant({ kind: "issue" as const }),
  fc.record({
    kind: fc.constantFrom("draft" as const, "referral" as const),
    agency: fc.nat(),
    pillar: fc.nat(),
    days: fc.option(fc.integer({ min: -120, max: 120 }), { nil: null }),
    coordinators: fc.array(fc.nat(), { maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant("deleteDraft" as const), pick: fc.nat(), inSql: fc.boolean() }),
  fc.record({
    kind: fc.constant("move" as const),
    pick: fc.nat(),
    agency: fc.nat(),
    pillar: fc.nat(),
    days: fc.option(fc.integer({ min: -120, max: 120 }), { nil: null }),
  }),
);

const pillarOf = (n: number): Pillar | null => (n % (PILLARS.length + 1) === PILLARS.length ? null : PILLARS[n % (PILLARS.length + 1)]);

async function tasksWhere(statuses: string[]) {
  return getDb()
    .selectFrom("tasks")
    .where("status", "in", statuses as never)
    .orderBy("id")
    .select(["id", "lead_agency_id", "deadline", "meeting_id"])
    .execute();
}

/** The lead agency's head, or a user of that agency; reports are the lead's to make. */
async function headOf(agencyId: number) {
  const row = await getDb().selectFrom("users").where("agency_id", "=", agencyId).where("active", "=", 1).orderBy("role").select("id").executeTakeFirst();
  return sessionUser(row?.id ?? ds.fx.users.headA);
}

/** Applies one write through the app's own functions; a refusal (wrong state, stale) is an outcome like any other. */
async function apply(w: Write): Promise<void> {
  const db = getDb();
  const chair = await sessionUser(ds.fx.users.chair);
  const secretary = await sessionUser(ds.fx.users.secretary);
  switch (w.kind) {
    case "progress":
    case "ask":
    case "report":
    case "cancel": {
      const open = await tasksWhere(w.kind === "cancel" ? ["draft", "in_progress", "awaiting_acceptance"] : ["in_progress"]);
      if (!open.length) return;
      const t = open[w.pick % open.length];
      const actor = await headOf(t.lead_agency_id);
      if (w.kind === "progress") await reportProgress(actor, t.id, { body: "Tiến độ", percent: 50, reportDate: TODAY }, TODAY);
      else if (w.kind === "ask")
        await requestExtension(
          actor,
          t.id,
          { requestedDeadline: addDaysToDay(t.deadline ?? TODAY, Math.abs(w.days) + 1), reason: "Lý do", version: null },
          TODAY,
        );
      else if (w.kind === "report")
        await reportCompletion(actor, t.id, { result: "Xong", evidence: "Văn bản", completedOn: addDaysToDay(TODAY, -Math.abs(w.days)), version: null }, TODAY);
      else await cancelTask(chair, t.id, { cancelReason: "Không còn cần", version: null }, TODAY);
      return;
    }
    case "decideExtension":
    case "decideCompletion": {
      const table = w.kind === "decideExtension" ? "extension_requests" : "completion_reports";
      const pending = await db.selectFrom(table).where("status", "=", "pending").orderBy("id").select(["id", "task_id"]).execute();
      if (!pending.length) return;
      const p = pending[w.pick % pending.length];
      if (w.kind === "decideExtension")
        await decideExtension(chair, p.task_id, w.yes, { extensionId: p.id, decisionReason: w.yes ? null : "Không đủ lý do", version: null }, TODAY);
      else await decideCompletion(chair, p.task_id, w.yes, { completionId: p.id, returnReason: w.yes ? null : "Chưa đạt", version: null }, TODAY);
      return;
    }
    case "issue":
      await issueNotice(secretary, ds.mayMeeting, TODAY);
      return;
    case "draft":
    case "referral": {
      // The session's "new task" form needs a meeting in session; its row is this one. A referral is live at once.
      const deadline = w.days === null ? null : addDaysToDay(TODAY, w.days);
      const task = await db
        .insertInto("tasks")
        .values({
          series_id: ds.fx.seriesId,
          meeting_id: w.kind === "draft" ? ds.mayMeeting : null,
          conclusion_id: null,
          blocker_id: null,
          title: "Nhiệm vụ mới",
          description: "",
          expected_result: "",
          pillar: pillarOf(w.pillar),
          lead_agency_id: agencyIds[w.agency % agencyIds.length],
          original_deadline: deadline,
          deadline,
          report_next_meeting: 0,
          status: w.kind === "draft" ? "draft" : "in_progress",
          created_by: ds.fx.users.secretary,
          updated_at: vnLocalToIso(TODAY, "09:00"),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const coordinators = [...new Set(w.coordinators.map((c) => agencyIds[c % agencyIds.length]))];
      for (const agency_id of coordinators)
        await db
          .insertInto("task_coordinators")
          .values({ task_id: task.id, agency_id })
          .onConflict((oc) => oc.doNothing())
          .execute();
      return;
    }
    case "deleteDraft": {
      const drafts = (await tasksWhere(["draft"])).filter((t) => t.meeting_id !== null);
      if (!drafts.length) return;
      const t = drafts[w.pick % drafts.length];
      // In SQL, its coordinators go by the foreign key's cascade, after the task: the triggers must still follow.
      if (w.inSql) await db.deleteFrom("tasks").where("id", "=", t.id).execute();
      else await deleteDraftTask(secretary, t.meeting_id!, t.id);
      return;
    }
    case "move": {
      const all = await tasksWhere(["draft", "in_progress", "awaiting_acceptance", "completed", "cancelled"]);
      const t = all[w.pick % all.length];
      await db
        .updateTable("tasks")
        .set({
          lead_agency_id: agencyIds[w.agency % agencyIds.length],
          pillar: pillarOf(w.pillar),
          deadline: w.days === null ? null : addDaysToDay(TODAY, w.days),
        })
        .where("id", "=", t.id)
        .execute();
      return;
    }
  }
}

// ---------------------------------------------------------------- the checks

const TODAYS = [TODAY, "2024-06-01", "2024-06-29", "2024-05-31", "2024-07-30", "2024-12-30", "2023-11-15"];

async function expectTablesMatchRecount() {
  const db = getDb();
  const expected = await recountSummaries(db);
  expect(await readSummaries(db)).toEqual(expected);
  expect(await readCoordinatorSummary(db), "task_coordinator_counts").toEqual(await recountCoordinatorSummary(db));
}

async function expectDashboardMatchesOracle(today: string) {
  const db = getDb();
  for (const [from, to] of [
    [null, null],
    ["2024-01", "2024-03"],
    ["2023-06", "2024-05"],
    ["2024-06", null],
  ] as const) {
    const range = resolveRange(from, to, today);
    const figures = await taskFigures({ seriesId: ds.fx.seriesId, range, today }, db);
    const oracle = await dashboardOracle(db, ds.fx.seriesId, range, today);
    const where = `${today} ${range.from}…${range.to}`;
    for (const a of figures.agencies) {
      const o = oracle.byAgency.get(a.agencyId);
      const c = o?.counts;
      expect(
        {
          total: a.total,
          onTime: a.onTime,
          late: a.late,
          overdue: a.overdue,
          dueSoon: a.dueSoon,
          awaiting: a.awaiting,
          cancelled: a.cancelled,
          daysLate: a.daysLate,
          extensions: a.extensions,
        },
        `agency ${a.agencyId}, ${where}`,
      ).toEqual({
        total: o?.total ?? 0,
        onTime: c?.completed_on_time ?? 0,
        late: c?.completed_late ?? 0,
        overdue: c?.overdue ?? 0,
        dueSoon: c?.due_soon ?? 0,
        awaiting: c?.awaiting_acceptance ?? 0,
        cancelled: c?.cancelled ?? 0,
        daysLate: o?.daysLate ?? 0,
        extensions: o?.extensions ?? 0,
      });
      const open = c ? c.no_deadline + c.in_progress + c.due_soon + c.overdue + c.awaiting_acceptance : 0;
      expect(a.open, `agency ${a.agencyId} open, ${where}`).toBe(open);
    }
    for (const [pillar, o] of oracle.byPillar) {
      const cell = figures.byPillar.get(pillar);
      expect({ counts: cell?.counts, total: cell?.total, daysLate: cell?.daysLate, extensions: cell?.extensions }, `pillar ${pillar}, ${where}`).toEqual({
        counts: o.counts,
        total: o.total,
        daysLate: o.daysLate,
        extensions: o.extensions,
      });
    }
    expect([...figures.byPillar.values()].filter((c) => c.total > 0).length, `pillars with tasks, ${where}`).toBe(oracle.byPillar.size);
    const totals = Object.fromEntries(COUNTED_STATUSES.map((s) => [s, figures.totals[s]]));
    const sum = Object.fromEntries(COUNTED_STATUSES.map((s) => [s, [...oracle.byAgency.values()].reduce((n, c) => n + c.counts[s], 0)]));
    expect(totals, `totals, ${where}`).toEqual(sum);

    // The agency dashboard's narrower read: the same rates and ranks as the whole scorecard.
    const rates = await provinceRates({ seriesId: ds.fx.seriesId, range, today }, db);
    const due = (r: { onTime: number; late: number; overdue: number }) => r.onTime + r.late + r.overdue > 0;
    const byId = <T extends { agencyId: number }>(rows: T[]) => [...rows].sort((a, b) => a.agencyId - b.agencyId);
    expect(byId(rates.agencies.filter(due)), `province rates per agency, ${where}`).toEqual(
      byId(figures.agencies.filter(due).map((a) => ({ agencyId: a.agencyId, onTime: a.onTime, late: a.late, overdue: a.overdue }))),
    );
    const ranked = (rows: Array<{ agencyId: number; rate: number | null; rank: number | null }>) =>
      byId(rows.filter((r) => r.rank !== null).map((r) => ({ agencyId: r.agencyId, rate: r.rate, rank: r.rank })));
    expect(ranked(rankAgencies(rates.agencies)), `ranks, ${where}`).toEqual(ranked(rankScorecard(figures.agencies)));
    expect(rates.totals, `province totals, ${where}`).toEqual({
      onTime: figures.totals.completed_on_time,
      late: figures.totals.completed_late,
      overdue: figures.totals.overdue,
    });
    expect(onTimeRate(rates.totals), `province rate, ${where}`).toBe(
      onTimeRate({ onTime: sum.completed_on_time, late: sum.completed_late, overdue: sum.overdue }),
    );
  }
}

async function expectRegisterMatchesOracle(today: string) {
  const db = getDb();
  const chair = await sessionUser(ds.fx.users.chair);
  const observer = await sessionUser(ds.fx.users.observer);
  const office = chair.seriesRoles.map((r) => r.seriesId);
  for (const [viewer, query] of [
    [chair, "agency=all"],
    [observer, ""],
    [chair, "agency=all&pillar=digital_economy"],
    [chair, "agency=all&pillar=none"],
    [chair, `agency=all&series=${ds.fx.seriesId}&from=2024-01-01&to=2024-03-31`],
    [observer, `series=${ds.fx.seriesId}&from=2024-05-01&owed=1`],
    [chair, `agency=all&from=2023-06-01&to=2024-05-31&owed=1`],
    [observer, `series=${ds.otherSeries}&to=2024-06-30`],
    [chair, "agency=all&extension=asked"],
    [observer, `series=${ds.fx.seriesId}&from=2024-04-01&owed=1&extension=asked`],
  ] as const) {
    const q = parseRegisterQuery(new URLSearchParams(query));
    const page = await listTasks(viewer, q, { today, db });
    const expected = await registerOracle(
      db,
      { office: viewer === chair ? office : [], series: q.series, pillar: q.pillar, from: q.from, to: q.to, owed: q.owed, extension: q.extension === "asked" },
      today,
    );
    expect(page.counts, `/tasks?${query} on ${today}`).toEqual(expected);
  }
}

/**
 * With an agency (lead, coordinating or either; alone or with a series,
 * whole months, owed, a pillar, an extension asked, a status): the counts
 * equal the loop over every task, and the pages (small ones, so that the
 * first is found by walking the register's order and the deeper ones by
 * sorting the agency's own tasks) list the same ids in the same order as
 * the loop sorted.
 */
async function expectAgencyRegisterMatchesOracle(today: string, agencyPick: number) {
  const db = getDb();
  const chair = await sessionUser(ds.fx.users.chair);
  const office = chair.seriesRoles.map((r) => r.seriesId);
  const agency = agencyIds[agencyPick % agencyIds.length];
  const size = 4;
  for (const filters of [
    "",
    "&role=lead",
    "&role=coordinating",
    "&status=overdue",
    "&status=completed_on_time&role=coordinating",
    `&series=${ds.fx.seriesId}&from=2024-01-01&to=2024-06-30`,
    `&from=2024-05-01&owed=1&status=due_soon`,
    "&pillar=digital_economy",
    "&extension=asked&role=coordinating",
  ]) {
    const query = `agency=${agency}${filters}`;
    const q = parseRegisterQuery(new URLSearchParams(query));
    const f = {
      office,
      series: q.series,
      pillar: q.pillar,
      from: q.from,
      to: q.to,
      owed: q.owed,
      extension: q.extension === "asked",
      agency: { id: agency, role: q.role },
    };
    const first = await listTasks(chair, q, { today, db, pageSize: size });
    expect(first.counts, `/tasks?${query} on ${today}`).toEqual(await registerOracle(db, f, today));
    const ids = await registerIdsOracle(db, f, q.status as TrackingStatus | null, today);
    for (const pageNo of new Set([1, 2, Math.ceil(first.pages / 3), Math.ceil(first.pages / 2), first.pages - 1, first.pages])) {
      const page = pageNo === 1 ? first : await listTasks(chair, { ...q, page: pageNo }, { today, db, pageSize: size });
      expect(
        page.rows.map((r) => r.id),
        `/tasks?${query}&page=${pageNo} on ${today}`,
      ).toEqual(ids.slice((page.page - 1) * size, page.page * size));
    }
  }
}

describe("the task summaries", () => {
  it("hold what the migration's backfill computes from the same tasks", async () => {
    const db = getDb();
    const before = { ...(await readSummaries(db)), byCoordinator: await readCoordinatorSummary(db) };
    await db.transaction().execute(async (trx) => {
      await sql`DELETE FROM task_counts`.execute(trx);
      await sql`DELETE FROM task_counts_by_pillar`.execute(trx);
      await sql`DELETE FROM task_coordinator_counts`.execute(trx);
      for (const statement of TASK_COUNTS_BACKFILL) await sql.raw(statement).execute(trx);
      await sql.raw(TASK_COORDINATOR_COUNTS_BACKFILL).execute(trx);
    });
    expect({ ...(await readSummaries(db)), byCoordinator: await readCoordinatorSummary(db) }).toEqual(before);
    await expectTablesMatchRecount();
  });

  it("equal a recount, and give the figures the old aggregates gave, after random writes of every kind (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 25 }), fc.nat(), async (writes, agency) => {
        for (const w of writes) await apply(w);
        await expectTablesMatchRecount();
        const today = TODAYS[writes.length % TODAYS.length];
        await expectDashboardMatchesOracle(today);
        await expectRegisterMatchesOracle(today);
        await expectAgencyRegisterMatchesOracle(today, agency);
      }),
      { numRuns: 12 },
    );
    // Every "today" on the data the writes left.
    for (const [i, today] of TODAYS.entries()) {
      await expectDashboardMatchesOracle(today);
      await expectRegisterMatchesOracle(today);
      await expectAgencyRegisterMatchesOracle(today, i);
    }
  }, 120_000);
});
