/**
 * The province dashboard's trend, "overdue at month end", read from the
 * overdue stretches kept by triggers (task_overdue_stretches), against the
 * register it links to: each month's figure must be the number of tasks the
 * register lists for its link (`overdueOn` = the month's as-of day), which
 * reads the past task by task (deadline in force that day, issue day,
 * closing day) without the stretches.
 *
 * On a generated province (tests/helpers/dashboard-dataset.ts), random
 * sequences of the writes that move a task's overdue days — the notice
 * issued, referrals, extensions asked, approved and refused, completion
 * reported (days in the past) and accepted or returned, cancellation — and,
 * directly in SQL since no form offers them, a deadline or first deadline
 * changed, an approval withdrawn, a notice taken back to draft or dated
 * another day, and a cancelled task touched again (its last change is its
 * cancellation day).
 * After each sequence the table must also equal the migration's backfill
 * run on the same data.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { provinceFigures } from "../../app/features/dashboard/dashboard.server";
import { monthLinks, resolveRange } from "../../app/features/dashboard/dashboard-rules";
import { issueNotice } from "../../app/features/notices/notices.server";
import { parseRegisterQuery } from "../../app/features/tasks/tasks-schemas";
import { cancelTask, decideCompletion, decideExtension, listTasks, reportCompletion, requestExtension } from "../../app/features/tasks/tasks.server";
import type { SessionUser } from "../../app/utils/auth.server";
import { addDaysToDay, vnLocalToIso } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { OVERDUE_STRETCHES_BACKFILL } from "../../db/migrations/2026-12-08T1300-keep-overdue-stretches";
import { buildDashboardDataset, type Dataset } from "../helpers/dashboard-dataset";
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
  | { kind: "ask" | "report" | "cancel"; pick: number; days: number }
  | { kind: "decideExtension" | "decideCompletion"; pick: number; yes: boolean }
  | { kind: "issue" | "unissue" }
  | { kind: "referral"; agency: number; days: number | null; created: number }
  | { kind: "deadline" | "firstDeadline"; pick: number; days: number | null }
  | { kind: "withdrawApproval" | "touchCancelled" | "noticeDay"; pick: number; days: number };

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constantFrom("ask" as const, "report" as const, "cancel" as const), pick: fc.nat(), days: fc.integer({ min: -60, max: 90 }) }),
  fc.record({ kind: fc.constantFrom("decideExtension" as const, "decideCompletion" as const), pick: fc.nat(), yes: fc.boolean() }),
  fc.record({ kind: fc.constantFrom("issue" as const, "unissue" as const) }),
  fc.record({
    kind: fc.constant("referral" as const),
    agency: fc.nat(),
    days: fc.option(fc.integer({ min: -120, max: 120 }), { nil: null }),
    created: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({
    kind: fc.constantFrom("deadline" as const, "firstDeadline" as const),
    pick: fc.nat(),
    days: fc.option(fc.integer({ min: -200, max: 60 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constantFrom("withdrawApproval" as const, "touchCancelled" as const, "noticeDay" as const),
    pick: fc.nat(),
    days: fc.integer({ min: 0, max: 300 }),
  }),
);

async function tasksWhere(statuses: string[]) {
  return getDb()
    .selectFrom("tasks")
    .where("status", "in", statuses as never)
    .orderBy("id")
    .select(["id", "lead_agency_id", "deadline"])
    .execute();
}

/** The lead agency's head, or a user of that agency; reports are the lead's to make. */
async function headOf(agencyId: number) {
  const row = await getDb().selectFrom("users").where("agency_id", "=", agencyId).where("active", "=", 1).orderBy("role").select("id").executeTakeFirst();
  return sessionUser(row?.id ?? ds.fx.users.headA);
}

/** Applies one write; a refusal (wrong state, stale) is an outcome like any other. */
async function apply(w: Write): Promise<void> {
  const db = getDb();
  const chair = await sessionUser(ds.fx.users.chair);
  switch (w.kind) {
    case "ask":
    case "report":
    case "cancel": {
      const open = await tasksWhere(w.kind === "cancel" ? ["in_progress", "awaiting_acceptance"] : ["in_progress"]);
      if (!open.length) return;
      const t = open[w.pick % open.length];
      const actor = await headOf(t.lead_agency_id);
      if (w.kind === "ask")
        await requestExtension(
          actor,
          t.id,
          { requestedDeadline: addDaysToDay(t.deadline ?? TODAY, Math.abs(w.days) + 1), reason: "Lý do", version: null },
          TODAY,
        );
      // A completion day weeks back rewrites the months since: the case the trend was not stored for.
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
      await issueNotice(await sessionUser(ds.fx.users.secretary), ds.mayMeeting, TODAY);
      return;
    case "unissue": {
      // Some notice goes back to draft (no form does this): its meeting's tasks fall back on their creation day.
      const issued = await db.selectFrom("notices").where("status", "=", "issued").orderBy("id").select("id").execute();
      if (!issued.length) return;
      await db.updateTable("notices").set({ status: "draft" }).where("id", "=", issued[0].id).execute();
      return;
    }
    case "noticeDay": {
      // An issued notice dated another day (no form does this): its tasks were issued, and could be overdue, from then.
      const issued = await db.selectFrom("notices").where("status", "=", "issued").orderBy("id").select("id").execute();
      if (!issued.length) return;
      await db
        .updateTable("notices")
        .set({ issued_on: addDaysToDay(TODAY, -w.days) })
        .where("id", "=", issued[w.pick % issued.length].id)
        .execute();
      return;
    }
    case "referral": {
      // Live at once, created some days ago (its issue day is its creation day).
      const deadline = w.days === null ? null : addDaysToDay(TODAY, w.days);
      await db
        .insertInto("tasks")
        .values({
          series_id: ds.fx.seriesId,
          meeting_id: null,
          conclusion_id: null,
          blocker_id: null,
          title: "Nhiệm vụ mới",
          description: "",
          expected_result: "",
          pillar: null,
          lead_agency_id: agencyIds[w.agency % agencyIds.length],
          original_deadline: deadline,
          deadline,
          report_next_meeting: 0,
          status: "in_progress",
          created_by: ds.fx.users.secretary,
          created_at: vnLocalToIso(addDaysToDay(TODAY, -w.created), "23:30"),
          updated_at: vnLocalToIso(TODAY, "09:00"),
        })
        .execute();
      return;
    }
    case "deadline":
    case "firstDeadline": {
      const all = await tasksWhere(["in_progress", "awaiting_acceptance", "completed", "cancelled"]);
      const t = all[w.pick % all.length];
      const day = w.days === null ? null : addDaysToDay(TODAY, w.days);
      await db
        .updateTable("tasks")
        .set(w.kind === "deadline" ? { deadline: day } : { original_deadline: day })
        .where("id", "=", t.id)
        .execute();
      return;
    }
    case "withdrawApproval": {
      const approved = await db.selectFrom("extension_requests").where("status", "=", "approved").orderBy("id").select("id").execute();
      if (!approved.length) return;
      await db
        .updateTable("extension_requests")
        .set({ status: "rejected" })
        .where("id", "=", approved[w.pick % approved.length].id)
        .execute();
      return;
    }
    case "touchCancelled": {
      const cancelled = await tasksWhere(["cancelled"]);
      if (!cancelled.length) return;
      await db
        .updateTable("tasks")
        .set({ updated_at: vnLocalToIso(addDaysToDay(TODAY, -w.days), "00:10") })
        .where("id", "=", cancelled[w.pick % cancelled.length].id)
        .execute();
      return;
    }
  }
}

// ---------------------------------------------------------------- the checks

type Stretch = { task_id: number; series_id: number; start_day: string; end_day: string | null };
const byKey = (a: Stretch, b: Stretch) => a.task_id - b.task_id || a.start_day.localeCompare(b.start_day);

async function expectTableMatchesBackfill() {
  const db = getDb();
  const read = async () => (await sql<Stretch>`SELECT task_id, series_id, start_day, end_day FROM task_overdue_stretches`.execute(db)).rows.sort(byKey);
  const kept = await read();
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM task_overdue_stretches`.execute(trx);
    await sql.raw(OVERDUE_STRETCHES_BACKFILL).execute(trx);
  });
  expect(kept).toEqual(await read());
}

const RANGES: Array<[string, string | null, string | null]> = [
  [TODAY, null, null],
  [TODAY, "2023-01", "2023-12"],
  [TODAY, "2024-01", "2024-06"],
  ["2024-06-30", null, null],
];

/** Each month's "overdue at month end" is the number of tasks its link lists in the register. */
async function expectTrendMatchesRegister() {
  const chair = await sessionUser(ds.fx.users.chair);
  for (const [today, from, to] of RANGES) {
    const range = resolveRange(from, to, today);
    const { trend } = await provinceFigures({ seriesId: ds.fx.seriesId, range, today });
    const listed: number[] = [];
    for (const month of trend) {
      const href = monthLinks(ds.fx.seriesId, month).overdue;
      if (!href) throw new Error(`no register link for ${month.period}`);
      const query = parseRegisterQuery(new URL(href, "http://x").searchParams);
      listed.push((await listTasks(chair, query, { today, pageSize: 1 })).total);
    }
    expect(
      trend.map((m) => m.overdue),
      `${today} ${range.from}…${range.to}`,
    ).toEqual(listed);
  }
}

describe("overdue at month end, from the kept stretches", () => {
  it("equals the register's count for each month's link on the generated province", async () => {
    const { trend } = await provinceFigures({ seriesId: ds.fx.seriesId, range: resolveRange("2023-01", "2024-06", TODAY), today: TODAY });
    expect(
      trend.some((m) => m.overdue > 0),
      "the dataset has overdue months",
    ).toBe(true);
    await expectTrendMatchesRegister();
    await expectTableMatchesBackfill();
  });

  it("stays equal to the register, and to the backfill, after random writes of every kind that move overdue days (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 20 }), async (writes) => {
        for (const w of writes) await apply(w);
        await expectTableMatchesBackfill();
        await expectTrendMatchesRegister();
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
