/**
 * The dashboard against a recount: a generated province (a few hundred
 * tasks, tests/helpers/dashboard-dataset.ts) with a fixed "today"; every
 * figure the page shows is compared with the same figure computed here by a
 * straightforward loop over all the rows — before and after writes of
 * different kinds, so the cache (keyed by the data generation) is proven to
 * give way to the new figures. Also: who sees which dashboard, the links
 * into the register (each opens exactly the tasks it counts), the cache
 * actually sparing the aggregation, and the same numbers under another
 * server time zone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { agencyFigures, DASHBOARD_LIST_LIMIT, dashboardCacheStats, provinceFigures } from "../../app/features/dashboard/dashboard.server";
import { trackingStatus, type TrackingStatus } from "../../app/features/tasks/tasks-rules";
import { parseRegisterQuery } from "../../app/features/tasks/tasks-schemas";
import { listTasks } from "../../app/features/tasks/tasks.server";
import { parseListQuery } from "../../app/features/blockers/blockers-schemas";
import { listBlockers } from "../../app/features/blockers/blockers.server";
import { agencyListHrefs, dashboardLinks, HEADLINE_FIGURES, PILLAR_FIGURES, resolveRange, ROW_FIGURES } from "../../app/features/dashboard/dashboard-rules";
import { action as blockerAction } from "../../app/routes/blockers.$blockerId";
import { loader } from "../../app/routes/dashboard";
import { action as noticeAction } from "../../app/routes/meetings.$meetingId.notice";
import { action as taskAction } from "../../app/routes/tasks.$taskId";
import { addDaysToDay, daysUntil, vnDayOf } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import type { BlockerStatus } from "../../db/schema";
import { buildDashboardDataset, type Dataset } from "../helpers/dashboard-dataset";
import { call, getRequest, postRequest, sessionUserOf } from "../helpers/requests";

/** 10:00 on 15 June 2024 in Vietnam. */
const NOW = new Date("2024-06-15T03:00:00.000Z");
const TODAY = "2024-06-15";

let ds: Dataset;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  ds = await buildDashboardDataset(TODAY);
});

afterAll(() => {
  vi.useRealTimers();
});

// ---------------------------------------------------------------- the recount

const COUNTED = ["no_deadline", "in_progress", "due_soon", "overdue", "awaiting_acceptance", "completed_on_time", "completed_late", "cancelled"] as const;
type Counted = (typeof COUNTED)[number];
const zero = () => Object.fromEntries(COUNTED.map((s) => [s, 0])) as Record<Counted, number>;
const isOwed = (status: string) => status === "in_progress" || status === "awaiting_acceptance";
const lastDay = (period: string) => {
  const [y, m] = period.split("-").map(Number);
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
};
const monthsOf = (from: string, to: string) => {
  const out: string[] = [];
  for (let p = from; p <= to; p = addDaysToDay(`${p}-28`, 5).slice(0, 7)) out.push(p);
  return out;
};

async function rows() {
  const db = getDb();
  return {
    tasks: await db.selectFrom("tasks").selectAll().execute(),
    coordinators: await db.selectFrom("task_coordinators").selectAll().execute(),
    extensions: await db.selectFrom("extension_requests").selectAll().execute(),
    completions: await db.selectFrom("completion_reports").selectAll().execute(),
    notices: await db.selectFrom("notices").selectAll().execute(),
    blockers: await db.selectFrom("blockers").selectAll().execute(),
    items: await db.selectFrom("agenda_items").selectAll().execute(),
    meetings: await db.selectFrom("meetings").selectAll().execute(),
    agencies: await db.selectFrom("agencies").selectAll().execute(),
    members: await db.selectFrom("series_agencies").selectAll().execute(),
  };
}
type Rows = Awaited<ReturnType<typeof rows>>;

interface AgencyCount {
  agencyId: number;
  counts: Record<Counted, number>;
  total: number;
  daysLate: number;
  extensions: number;
}

/** Every province figure, by loops over all rows. */
function recount(w: Rows, seriesId: number, from: string, to: string, today: string) {
  const dayFrom = `${from}-01`;
  const dayTo = to === today.slice(0, 7) ? null : lastDay(to);
  const tasks = w.tasks.filter((t) => t.series_id === seriesId && t.status !== "draft");
  const inScope = (t: (typeof tasks)[number]) => {
    const due = t.deadline !== null && t.deadline >= dayFrom && (dayTo === null || t.deadline <= dayTo);
    const stillOwed = isOwed(t.status) && (dayTo === null || (t.deadline !== null && t.deadline <= dayTo));
    return due || stillOwed;
  };
  const scoped = tasks.filter(inScope);
  const statusOf = (t: (typeof tasks)[number]) => trackingStatus({ status: t.status, deadline: t.deadline, completedOn: t.completed_on }, today) as Counted;

  const totals = zero();
  const byAgency = new Map<number, AgencyCount>();
  const agencyOf = (id: number) => {
    if (!byAgency.has(id)) byAgency.set(id, { agencyId: id, counts: zero(), total: 0, daysLate: 0, extensions: 0 });
    return byAgency.get(id)!;
  };
  for (const a of w.agencies) {
    if (a.active === 1 && w.members.some((m) => m.series_id === seriesId && m.agency_id === a.id)) agencyOf(a.id);
  }
  const pillars = new Map<string, { total: number; open: number; overdue: number; onTime: number; late: number; blockers: number }>();
  const pillarOf = (p: string | null) => {
    const key = p ?? "none";
    if (!pillars.has(key)) pillars.set(key, { total: 0, open: 0, overdue: 0, onTime: 0, late: 0, blockers: 0 });
    return pillars.get(key)!;
  };
  let daysLate = 0;
  for (const t of scoped) {
    const s = statusOf(t);
    totals[s] += 1;
    const a = agencyOf(t.lead_agency_id);
    a.counts[s] += 1;
    a.total += 1;
    const p = pillarOf(t.pillar);
    p.total += 1;
    if (isOwed(t.status)) p.open += 1;
    if (s === "overdue") p.overdue += 1;
    if (s === "completed_on_time") p.onTime += 1;
    if (s === "completed_late") {
      p.late += 1;
      const late = daysUntil(t.completed_on!, t.deadline!);
      a.daysLate += late;
      daysLate += late;
    }
  }
  // Tasks for which an extension was asked: a task asking twice counts once.
  let extensions = 0;
  for (const id of new Set(w.extensions.map((x) => x.task_id))) {
    const t = scoped.find((s) => s.id === id);
    if (!t) continue;
    agencyOf(t.lead_agency_id).extensions += 1;
    extensions += 1;
  }

  const issuedOn = (t: (typeof tasks)[number]) => {
    const notice = t.meeting_id === null ? undefined : w.notices.find((n) => n.meeting_id === t.meeting_id && n.status === "issued");
    return notice?.issued_on ?? vnDayOf(t.created_at);
  };
  const deadlineOn = (t: (typeof tasks)[number], day: string) => {
    const approved = w.extensions
      .filter((x) => x.task_id === t.id && x.status === "approved" && vnDayOf(x.decided_at!) <= day)
      .sort((a, b) => a.decided_at!.localeCompare(b.decided_at!) || a.id - b.id);
    return approved.length ? approved[approved.length - 1].requested_deadline : (t.original_deadline ?? t.deadline);
  };
  const received = w.blockers.filter((b) => b.series_id === seriesId && b.submitted_at !== null);
  const trend = monthsOf(from, to).map((period) => {
    const asOf = lastDay(period) < today ? lastDay(period) : today;
    const point = { period, asOf, assigned: 0, onTime: 0, late: 0, overdue: 0, blockersReceived: 0 };
    for (const t of tasks) {
      const issued = issuedOn(t);
      if (issued.slice(0, 7) === period) point.assigned += 1;
      if (t.status === "completed" && t.completed_on!.slice(0, 7) === period) {
        if (t.deadline === null || t.completed_on! <= t.deadline) point.onTime += 1;
        else point.late += 1;
      }
      const cancelledBy = t.status === "cancelled" && vnDayOf(t.updated_at) <= asOf;
      const completedBy = t.completed_on !== null && t.completed_on <= asOf;
      const deadline = deadlineOn(t, asOf);
      if (issued <= asOf && !cancelledBy && !completedBy && deadline !== null && deadline < asOf) point.overdue += 1;
    }
    point.blockersReceived = received.filter((b) => vnDayOf(b.submitted_at!).slice(0, 7) === period).length;
    return point;
  });

  const inRange = received.filter((b) => {
    const day = vnDayOf(b.submitted_at!);
    return day >= dayFrom && day <= lastDay(to);
  });
  const byStatus: Partial<Record<BlockerStatus, number>> = {};
  for (const b of inRange) {
    byStatus[b.status] = (byStatus[b.status] ?? 0) + 1;
    pillarOf(b.pillar).blockers += 1;
  }

  const publicAgenda = ["agenda_published", "in_session", "concluded", "notice_issued"];
  const carried = w.items.filter((i) => {
    const m = w.meetings.find((x) => x.id === i.meeting_id)!;
    return (
      m.series_id === seriesId &&
      m.period >= from &&
      m.period <= to &&
      publicAgenda.includes(m.status) &&
      i.kind === "carried_over" &&
      i.carry_count >= 2 &&
      i.removed === 0
    );
  });

  return {
    totals,
    byAgency,
    daysLate,
    extensions,
    pillars,
    trend,
    received: inRange.length,
    byStatus,
    carried: carried.map((i) => i.id).sort((a, b) => a - b),
  };
}

// ---------------------------------------------------------------- the page

async function page(path: string, userId: number) {
  const res = await call(loader, await getRequest(path, userId));
  expect(res.status, JSON.stringify(res.data)?.slice(0, 300)).toBe(200);
  return res.data;
}

/** Agency B's dashboard: its on-time rate and the province's, against the recount of the default range (the last twelve months). */
async function expectAgencyRateMatchesRecount(data?: any) {
  const own = data ?? (await page("/dashboard", ds.fx.users.headB));
  const province = recount(await rows(), ds.fx.seriesId, "2023-07", "2024-06", TODAY);
  const rate = (c: Record<Counted, number>) => c.completed_on_time / (c.completed_on_time + c.completed_late + c.overdue);
  expect(own.rate.mine).toBe(rate(province.byAgency.get(ds.agencies.B)!.counts));
  expect(own.rate.province).toBe(rate(province.totals));
  return own;
}

/** The page's figures in the recount's shape, then compared. */
async function expectPageMatchesRecount(from: string, to: string, userId = ds.fx.users.chair) {
  const data = await page(`/dashboard?series=${ds.fx.seriesId}&from=${from}&to=${to}`, userId);
  expect(data.view).toBe("province");
  expect([data.range.from, data.range.to]).toEqual([from, to]);
  const w = await rows();
  const expected = recount(w, ds.fx.seriesId, from, to, data.today);
  const { totals } = data.figures;

  expect(Object.fromEntries(COUNTED.map((s) => [s, totals[s]]))).toEqual(expected.totals);
  expect(totals.total).toBe(COUNTED.reduce((n, s) => n + expected.totals[s], 0));
  expect(totals.open).toBe(
    expected.totals.no_deadline + expected.totals.in_progress + expected.totals.due_soon + expected.totals.overdue + expected.totals.awaiting_acceptance,
  );
  expect(totals.daysLate).toBe(expected.daysLate);
  expect(totals.extensions).toBe(expected.extensions);

  // The page's scorecard: what it shows. The figures behind it (those it does not show too): per agency, below.
  const scorecard = new Map<number, any>(data.scorecard.map((r: any) => [r.agencyId, r]));
  expect([...scorecard.keys()].sort((a, b) => a - b)).toEqual([...expected.byAgency.keys()].sort((a, b) => a - b));
  const figures = await provinceFigures({ seriesId: ds.fx.seriesId, range: resolveRange(from, to, data.today), today: data.today });
  const behind = new Map(figures.agencies.map((a) => [a.agencyId, a]));
  for (const [id, e] of expected.byAgency) {
    const r = scorecard.get(id);
    const open = e.counts.no_deadline + e.counts.in_progress + e.counts.due_soon + e.counts.overdue + e.counts.awaiting_acceptance;
    expect({ total: r.total, overdue: r.overdue, onTime: r.onTime, late: r.late, extensions: r.extensions, open: r.open }, `agency ${id}`).toEqual({
      total: e.total,
      overdue: e.counts.overdue,
      onTime: e.counts.completed_on_time,
      late: e.counts.completed_late,
      extensions: e.extensions,
      open,
    });
    const due = e.counts.completed_on_time + e.counts.completed_late + e.counts.overdue;
    expect(r.rate).toBe(due === 0 ? null : e.counts.completed_on_time / due);
    expect(r.avgDaysLate).toBe(e.counts.completed_late === 0 ? null : e.daysLate / e.counts.completed_late);
    const a = behind.get(id)!;
    expect({ dueSoon: a.dueSoon, awaiting: a.awaiting, cancelled: a.cancelled, daysLate: a.daysLate }, `agency ${id}, figures`).toEqual({
      dueSoon: e.counts.due_soon,
      awaiting: e.counts.awaiting_acceptance,
      cancelled: e.counts.cancelled,
      daysLate: e.daysLate,
    });
  }

  const pillars = Object.fromEntries(data.figures.pillars.map((p: any) => [p.pillar ?? "none", { ...p.tasks, blockers: p.blockers }]));
  for (const [key, e] of expected.pillars) expect(pillars[key], `pillar ${key}`).toEqual(e);
  for (const [key, p] of Object.entries(pillars) as Array<[string, any]>) {
    if (!expected.pillars.has(key)) expect(p, `pillar ${key}`).toEqual({ total: 0, open: 0, overdue: 0, onTime: 0, late: 0, blockers: 0 });
  }

  expect(data.figures.trend).toEqual(expected.trend);
  expect(data.figures.blockers.received).toBe(expected.received);
  for (const s of Object.keys(data.figures.blockers.byStatus) as BlockerStatus[]) {
    expect(data.figures.blockers.byStatus[s], `blockers ${s}`).toBe(expected.byStatus[s] ?? 0);
  }
  expect(data.figures.carriedOver.count).toBe(expected.carried.length);
  expect(data.figures.carriedOver.items.map((i: { id: number }) => i.id).every((id: number) => expected.carried.includes(id))).toBe(true);
  // The months the series' issued tasks fall due in (offered when a range is empty).
  const deadlines = w.tasks
    .filter((t) => t.series_id === ds.fx.seriesId && t.status !== "draft" && t.deadline !== null)
    .map((t) => t.deadline!)
    .sort();
  expect(data.figures.span).toEqual(deadlines.length ? { from: deadlines[0].slice(0, 7), to: deadlines.at(-1)!.slice(0, 7) } : null);
  return data;
}

const RANGES: Array<[string, string]> = [
  ["2023-07", "2024-06"], // the default: the last 12 months, open-ended
  ["2023-01", "2023-12"], // a closed year
  ["2024-02", "2024-02"], // one month
  ["2023-01", "2024-06"], // everything
];

describe("the figures equal a recount by loops over every row", () => {
  it("the dataset has what the figures must tell apart", async () => {
    const w = await rows();
    const mine = w.tasks.filter((t) => t.series_id === ds.fx.seriesId);
    const statuses = new Set(mine.map((t) => trackingStatus({ status: t.status, deadline: t.deadline, completedOn: t.completed_on }, TODAY)));
    for (const s of [
      "not_issued",
      "no_deadline",
      "in_progress",
      "due_soon",
      "overdue",
      "awaiting_acceptance",
      "completed_on_time",
      "completed_late",
      "cancelled",
    ] as TrackingStatus[]) {
      expect(statuses.has(s), s).toBe(true);
    }
    expect(mine.length).toBeGreaterThan(300);
    expect(mine.filter((t) => t.meeting_id === null).length).toBeGreaterThan(10);
    expect(w.extensions.filter((x) => x.status === "approved").length).toBeGreaterThan(10);
    expect(w.coordinators.length).toBeGreaterThan(50);
  });

  it.each(RANGES)("from %s to %s", async (from, to) => {
    await expectPageMatchesRecount(from, to);
  });

  it("the default range is the last 12 months and includes what is owed from before it", async () => {
    const data = await page(`/dashboard`, ds.fx.users.chair);
    expect(data.range).toMatchObject({ from: "2023-07", to: "2024-06", dayFrom: "2023-07-01", dayTo: null, isDefault: true });
    expect(data.series.id).toBe(ds.fx.seriesId);
    const expected = recount(await rows(), ds.fx.seriesId, "2023-07", "2024-06", TODAY);
    expect(data.figures.totals.overdue).toBe(expected.totals.overdue);
    // The task due 2023-02-15 and still owed is among them.
    const old = (await rows()).tasks.find((t) => t.deadline === "2023-02-15" && t.status === "in_progress");
    expect(old).toBeDefined();
  });

  it("the other series' records and the drafts are counted nowhere", async () => {
    const other = await page(`/dashboard?series=${ds.otherSeries}&from=2023-01&to=2024-06`, ds.fx.users.observer);
    const expected = recount(await rows(), ds.otherSeries, "2023-01", "2024-06", TODAY);
    expect(other.figures.totals.total).toBe(COUNTED.reduce((n, s) => n + expected.totals[s], 0));
    expect(other.figures.totals.total).toBeLessThan(30);
    const mine = await page(`/dashboard?series=${ds.fx.seriesId}&from=2023-01&to=2024-06`, ds.fx.users.observer);
    const drafts = (await rows()).tasks.filter((t) => t.status === "draft").length;
    expect(drafts).toBeGreaterThan(0);
    // Everything issued is in a range this wide, except closed tasks that never had a deadline.
    const issued = (await rows()).tasks.filter((t) => t.series_id === ds.fx.seriesId && t.status !== "draft" && (t.deadline !== null || isOwed(t.status)));
    expect(mine.figures.totals.total).toBe(issued.length);
  });

  it("the edge cases land where they should", async () => {
    const data = await page(`/dashboard?series=${ds.fx.seriesId}&from=2024-01&to=2024-03`, ds.fx.users.chair);
    const [jan, feb, mar] = data.figures.trend;
    const w = await rows();
    // The task cancelled at 00:10 on 1 March (Vietnam) was overdue at the end of February, not of March;
    // the task extended on 3 February was overdue at the end of January under its first deadline.
    const cancelled = w.tasks.find((t) => t.deadline === "2024-01-20" && t.status === "cancelled")!;
    const extended = w.tasks.find((t) => t.original_deadline === "2024-01-25" && t.deadline === "2024-07-31")!;
    expect(cancelled && extended).toBeTruthy();
    const expected = recount(w, ds.fx.seriesId, "2024-01", "2024-03", TODAY).trend;
    expect([jan.overdue, feb.overdue, mar.overdue]).toEqual(expected.map((p) => p.overdue));
    const without = recount(
      { ...w, tasks: w.tasks.filter((t) => t.id !== cancelled.id && t.id !== extended.id) },
      ds.fx.seriesId,
      "2024-01",
      "2024-03",
      TODAY,
    ).trend;
    expect([jan.overdue - without[0].overdue, feb.overdue - without[1].overdue, mar.overdue - without[2].overdue]).toEqual([2, 1, 0]);
    // The blocker sent at 01:00 on 1 February in Vietnam (31 January in UTC) is February's.
    expect(feb.blockersReceived).toBe(expected[1].blockersReceived);
  });
});

// ---------------------------------------------------------------- the cache

describe("the cache", () => {
  it("a second view with no write in between does not aggregate again", async () => {
    const path = `/dashboard?series=${ds.fx.seriesId}&from=2023-03&to=2024-02`;
    await page(path, ds.fx.users.chair);
    const misses = dashboardCacheStats.province.misses;
    const hits = dashboardCacheStats.province.hits;
    const again = await page(path, ds.fx.users.observer);
    expect(dashboardCacheStats.province.misses).toBe(misses);
    expect(dashboardCacheStats.province.hits).toBe(hits + 1);
    // Another sort order of the same figures is no new aggregation either.
    await page(`${path}&sort=overdue&dir=desc`, ds.fx.users.secretary);
    expect(dashboardCacheStats.province.misses).toBe(misses);
    expect(again.view).toBe("province");
  });

  const chairPost = async (handler: any, path: string, fields: Record<string, string>, params: Record<string, string>) => {
    const res = await call(handler, await postRequest(path, fields, ds.fx.users.chair), params);
    expect(res.status, JSON.stringify(res.data)?.slice(0, 300)).toBe(302);
  };
  const version = async (taskId: number) =>
    String((await getDb().selectFrom("tasks").where("id", "=", taskId).select("version").executeTakeFirstOrThrow()).version);
  const inSeries = async (ids: number[]) =>
    (await getDb().selectFrom("tasks").where("id", "in", ids).where("series_id", "=", ds.fx.seriesId).select("id").orderBy("id").execute()).map((r) => r.id);

  const WRITES: Array<[string, () => Promise<void>]> = [
    [
      "a completion accepted",
      async () => {
        const [id] = await inSeries(ds.awaitingIds);
        const report = await getDb()
          .selectFrom("completion_reports")
          .where("task_id", "=", id)
          .where("status", "=", "pending")
          .select("id")
          .executeTakeFirstOrThrow();
        await chairPost(
          taskAction,
          `/tasks/${id}`,
          { intent: "accept-completion", completionId: String(report.id), version: await version(id) },
          { taskId: String(id) },
        );
      },
    ],
    [
      "an extension approved",
      async () => {
        // One that is overdue today, so that the approval changes the figures.
        const candidates = await inSeries(ds.pendingExtensionIds);
        const overdue = await getDb()
          .selectFrom("tasks")
          .innerJoin("extension_requests as x", "x.task_id", "tasks.id")
          .where("tasks.id", "in", candidates)
          .where("x.status", "=", "pending")
          .where("tasks.deadline", "<", TODAY)
          .where("x.requested_deadline", ">", addDaysToDay(TODAY, 3))
          .select("tasks.id")
          .orderBy("tasks.id")
          .executeTakeFirst();
        const id = overdue?.id ?? candidates[0];
        const x = await getDb()
          .selectFrom("extension_requests")
          .where("task_id", "=", id)
          .where("status", "=", "pending")
          .select("id")
          .executeTakeFirstOrThrow();
        await chairPost(
          taskAction,
          `/tasks/${id}`,
          { intent: "approve-extension", extensionId: String(x.id), version: await version(id) },
          { taskId: String(id) },
        );
      },
    ],
    [
      "a notice issued (its draft tasks go live)",
      async () => {
        await chairPost(noticeAction, `/meetings/${ds.mayMeeting}/notice`, { intent: "issue" }, { meetingId: String(ds.mayMeeting) });
      },
    ],
    [
      "a blocker referred (a new task, live at once)",
      async () => {
        const id = ds.submittedBlockerIds[0];
        await chairPost(
          blockerAction,
          `/blockers/${id}`,
          { intent: "triage", decision: "refer", referAgencyId: String(ds.agencies.D), referDeadline: addDaysToDay(TODAY, 2), reason: "Sở Y tế xử lý." },
          { blockerId: String(id) },
        );
      },
    ],
    [
      "a task cancelled",
      async () => {
        const live = await getDb()
          .selectFrom("tasks")
          .where("series_id", "=", ds.fx.seriesId)
          .where("status", "=", "in_progress")
          .where("deadline", "<", TODAY)
          .select("id")
          .orderBy("id")
          .executeTakeFirstOrThrow();
        await chairPost(
          taskAction,
          `/tasks/${live.id}`,
          { intent: "cancel", cancelReason: "Không còn phù hợp.", version: await version(live.id) },
          { taskId: String(live.id) },
        );
      },
    ],
  ];

  it.each(WRITES)("after %s the cached page shows the new recount", async (_name, write) => {
    const before = await expectPageMatchesRecount("2023-07", "2024-06");
    await expectPageMatchesRecount("2023-01", "2023-12");
    await expectAgencyRateMatchesRecount();
    await write();
    const misses = dashboardCacheStats.province.misses;
    const after = await expectPageMatchesRecount("2023-07", "2024-06");
    expect(dashboardCacheStats.province.misses).toBe(misses + 1);
    await expectPageMatchesRecount("2023-01", "2023-12");
    expect(JSON.stringify(after.figures)).not.toBe(JSON.stringify(before.figures));
    // An agency's dashboard reads the tasks' figures alone, kept apart: they follow the write too.
    await expectAgencyRateMatchesRecount();
  });
});

// ---------------------------------------------------------------- links

const sessionUser = sessionUserOf;

describe("each linked figure opens the register (or the blockers list) on exactly what it counts", () => {
  it.each([
    ["2023-07", "2024-06"],
    ["2023-01", "2023-12"],
  ])("from %s to %s, for the chair (who also sees drafts) and an observer", async (from, to) => {
    for (const userId of [ds.fx.users.chair, ds.fx.users.observer]) {
      const data = await page(`/dashboard?series=${ds.fx.seriesId}&from=${from}&to=${to}`, userId);
      const user = await sessionUser(userId);
      const links = dashboardLinks({ series: data.series.id, range: data.range, blockersOffice: data.blockersOffice });
      let checked = 0;
      /** The list the link opens holds exactly `expected` rows. */
      const expectOpens = async (href: string | null | undefined, expected: number, what: string) => {
        expect(href, what).toBeTruthy();
        const url = new URL(href!, "http://localhost");
        const total =
          url.pathname === "/tasks"
            ? (await listTasks(user, parseRegisterQuery(url.searchParams), { today: data.today, pageSize: 1 })).total
            : (await listBlockers(user, parseListQuery(url.searchParams), { pageSize: 1 })).total;
        expect(total, `${what}: ${href}`).toBe(expected);
        checked++;
      };

      const totals = data.figures.totals;
      for (const f of HEADLINE_FIGURES) {
        const expected = f === "total" ? totals.total : f === "open" ? totals.open : f === "extensions" ? totals.extensions : totals[f];
        await expectOpens(links.headline[f], expected, `headline ${f}`);
      }
      const ROW = { total: "total", open: "open", overdue: "overdue", completed_on_time: "onTime", completed_late: "late", extensions: "extensions" } as const;
      for (const row of data.scorecard) {
        const rowLinks = links.agency(row.agencyId);
        for (const f of ROW_FIGURES) {
          expect(rowLinks[f]).toContain(`agency=${row.agencyId}&role=lead`);
          await expectOpens(rowLinks[f], row[ROW[f]], `${row.name} ${f}`);
        }
      }
      const PILLAR = { total: "total", open: "open", overdue: "overdue", completed_on_time: "onTime", completed_late: "late" } as const;
      for (const line of data.figures.pillars) {
        const lineLinks = links.pillar(line.pillar);
        for (const f of PILLAR_FIGURES) await expectOpens(lineLinks[f], line.tasks[PILLAR[f]], `pillar ${line.pillar} ${f}`);
      }
      for (const point of data.figures.trend) {
        const m = links.month(point);
        await expectOpens(m.assigned, point.assigned, `${point.period} assigned`);
        await expectOpens(m.onTime, point.onTime, `${point.period} on time`);
        await expectOpens(m.late, point.late, `${point.period} late`);
        await expectOpens(m.overdue, point.overdue, `${point.period} overdue at month end`);
      }
      const tasksLinks =
        HEADLINE_FIGURES.length +
        ROW_FIGURES.length * data.scorecard.length +
        PILLAR_FIGURES.length * data.figures.pillars.length +
        4 * data.figures.trend.length;
      expect(checked).toBe(tasksLinks);

      // Blocker figures: the chair (the series' office) sees every blocker received, so they link; an observer's stay plain.
      if (userId === ds.fx.users.chair) {
        expect(data.blockersOffice).toBe(true);
        await expectOpens(links.blockers("all"), data.figures.blockers.received, "blockers received");
        for (const [status, n] of Object.entries(data.figures.blockers.byStatus) as Array<[BlockerStatus, number]>) {
          await expectOpens(links.blockers(status), n, `blockers ${status}`);
        }
        for (const line of data.figures.pillars)
          if (line.pillar) await expectOpens(links.pillarBlockers(line.pillar), line.blockers, `blockers of ${line.pillar}`);
        for (const point of data.figures.trend) await expectOpens(links.blockersInMonth(point.period), point.blockersReceived, `blockers of ${point.period}`);
        expect(data.figures.blockers.received).toBeGreaterThan(0);
      } else {
        expect(data.blockersOffice).toBe(false);
        expect(links.blockers("all")).toBeNull();
        expect(links.blockersInMonth(data.figures.trend[0].period)).toBeNull();
      }
    }
  });

  it("links carry the series, the range and the status, and the lead agency for a row", async () => {
    const data = await page(`/dashboard?series=${ds.fx.seriesId}&from=2023-01&to=2023-12`, ds.fx.users.chair);
    const links = dashboardLinks({ series: data.series.id, range: data.range, blockersOffice: data.blockersOffice });
    expect(links.headline.completed_late).toBe(`/tasks?agency=all&series=${ds.fx.seriesId}&status=completed_late&from=2023-01-01&to=2023-12-31`);
    expect(links.headline.overdue).toBe(`/tasks?agency=all&series=${ds.fx.seriesId}&status=overdue&to=2023-12-31`);
    expect(links.agency(ds.agencies.C).completed_on_time).toBe(
      `/tasks?agency=${ds.agencies.C}&role=lead&series=${ds.fx.seriesId}&status=completed_on_time&from=2023-01-01&to=2023-12-31`,
    );
    // "Not completed" is the register's status=open group: every task still owed at the end of the range.
    expect(links.headline.open).toBe(`/tasks?agency=all&series=${ds.fx.seriesId}&status=open&to=2023-12-31`);
  });
});

// ---------------------------------------------------------------- the scorecard's order

describe("the scorecard", () => {
  it("ranks, and sorts by any column from the URL", async () => {
    const base = `/dashboard?series=${ds.fx.seriesId}&from=2023-01&to=2024-06`;
    const ranked = (await page(base, ds.fx.users.observer)).scorecard;
    const ranks = ranked.map((r: { rank: number | null }) => r.rank).filter((r: number | null) => r !== null);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBe(1);
    const byOverdue = (await page(`${base}&sort=overdue&dir=desc`, ds.fx.users.observer)).scorecard.map((r: { overdue: number }) => r.overdue);
    expect(byOverdue).toEqual([...byOverdue].sort((a, b) => b - a));
    const byName = (await page(`${base}&sort=agency&dir=asc`, ds.fx.users.observer)).scorecard.map((r: { name: string }) => r.name);
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, "vi")));
    // F is a member with nothing due (listed, unranked); H is an inactive member (not listed); G leads without being a member (listed).
    const ids = ranked.map((r: { agencyId: number }) => r.agencyId);
    expect(ids).toContain(ds.agencies.F);
    expect(ids).toContain(ds.agencies.G);
    expect(ids).not.toContain(ds.agencies.H);
    expect(ranked.find((r: { agencyId: number }) => r.agencyId === ds.agencies.F).rank).toBeNull();
  });
});

// ---------------------------------------------------------------- who sees what

describe("who sees which dashboard", () => {
  it("anonymous visitors are sent to sign in", async () => {
    const res = await call(loader, await getRequest("/dashboard"));
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login\?redirectTo=%2Fdashboard/);
  });

  it("the chair, secretary, observer and admin get the province's figures", async () => {
    for (const id of [ds.fx.users.chair, ds.fx.users.secretary, ds.fx.users.observer, ds.fx.users.admin]) {
      const data = await page("/dashboard", id);
      expect(data.view).toBe("province");
      expect(data.isAgencyUser).toBe(false);
    }
  });

  it("agency heads and staff get their agency's dashboard, and the province's read-only on request", async () => {
    for (const id of [ds.fx.users.headA, ds.fx.users.staffA]) {
      const own = await page("/dashboard", id);
      expect(own.view).toBe("agency");
      expect(own.agency.id).toBe(ds.agencies.A);
      const province = await page("/dashboard?view=province", id);
      expect(province.view).toBe("province");
      expect(province.isAgencyUser).toBe(true);
    }
    // A chair asking for an agency view still gets the province's.
    expect((await page("/dashboard?view=agency", ds.fx.users.chair)).view).toBe("province");
  });

  it("the agency's dashboard equals its recount", async () => {
    const data = await page("/dashboard", ds.fx.users.headB);
    const w = await rows();
    const B = ds.agencies.B;
    const coordinating = new Set(w.coordinators.filter((c) => c.agency_id === B).map((c) => c.task_id));
    const owed = w.tasks.filter((t) => isOwed(t.status) && (t.lead_agency_id === B || coordinating.has(t.id)));
    const statusOf = (t: (typeof owed)[number]) => trackingStatus({ status: t.status, deadline: t.deadline, completedOn: t.completed_on }, TODAY);
    expect(data.figures.owedTotal).toBe(owed.length);
    // Each list: its first rows in deadline order (undated last, then by number), cut at the limit.
    const byDeadline = (a: (typeof owed)[number], b: (typeof owed)[number]) => (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999") || a.id - b.id;
    const overdue = owed.filter((t) => statusOf(t) === "overdue").sort(byDeadline);
    const upcoming = owed.filter((t) => statusOf(t) !== "overdue").sort(byDeadline);
    expect(overdue.length, "the dataset cuts the overdue list").toBeGreaterThan(DASHBOARD_LIST_LIMIT);
    const ids = (list: Array<{ id: number }>) => list.map((t) => t.id);
    expect(ids(data.figures.overdue)).toEqual(ids(overdue.slice(0, DASHBOARD_LIST_LIMIT)));
    expect(ids(data.figures.upcoming)).toEqual(ids(upcoming.slice(0, DASHBOARD_LIST_LIMIT)));
    expect(data.figures.counts.lead.overdue + data.figures.counts.coordinating.overdue).toBe(overdue.length);
    expect(data.figures.counts.lead.due_soon + data.figures.counts.coordinating.due_soon).toBe(owed.filter((t) => statusOf(t) === "due_soon").length);
    for (const o of [...data.figures.overdue, ...data.figures.upcoming]) {
      expect(o.role).toBe(w.tasks.find((t) => t.id === o.id)!.lead_agency_id === B ? "lead" : "coordinating");
      expect(o.status).toBe(statusOf(w.tasks.find((t) => t.id === o.id)!));
    }

    const ledByB = new Set(w.tasks.filter((t) => t.lead_agency_id === B).map((t) => t.id));
    const pendingX = w.extensions.filter((x) => x.status === "pending" && ledByB.has(x.task_id) && isOwed(w.tasks.find((t) => t.id === x.task_id)!.status));
    const pendingC = w.completions.filter(
      (c) => c.status === "pending" && ledByB.has(c.task_id) && w.tasks.find((t) => t.id === c.task_id)!.status === "awaiting_acceptance",
    );
    expect(data.figures.awaitingTotal).toBe(pendingX.length + pendingC.length);
    expect(data.figures.awaitingChair.length).toBe(Math.min(DASHBOARD_LIST_LIMIT, pendingX.length + pendingC.length));

    const blockers: Partial<Record<BlockerStatus, number>> = {};
    for (const b of w.blockers.filter((b) => b.agency_id === B)) blockers[b.status] = (blockers[b.status] ?? 0) + 1;
    for (const [s, n] of Object.entries(data.figures.blockers.byStatus)) expect(n, s).toBe(blockers[s as BlockerStatus] ?? 0);

    // The June meeting, its cut-off on 18 June at 17:00: 3 days 7 hours from 10:00 on the 15th.
    expect(data.figures.nextMeeting.id).toBe(ds.juneMeeting);
    expect(data.cutoff).toEqual({ passed: false, days: 3, hours: 7, minutes: 0 });

    await expectAgencyRateMatchesRecount(data);
  });

  it("shows nobody a draft task, another agency's blocker, or an item of a draft agenda", async () => {
    const w = await rows();
    const drafts = w.tasks.filter((t) => t.status === "draft").map((t) => t.title);
    const draftAgenda = w.items.filter((i) => i.meeting_id === ds.juneMeeting).map((i) => i.title);
    expect(drafts.length + draftAgenda.length).toBeGreaterThan(0);
    for (const id of [ds.fx.users.observer, ds.fx.users.headB, ds.fx.users.chair]) {
      const province = JSON.stringify(await page(`/dashboard?view=province&series=${ds.fx.seriesId}&from=2023-01&to=2024-06`, id));
      for (const title of [...drafts, ...draftAgenda]) expect(province).not.toContain(`"${title}"`);
    }
    const own = await page("/dashboard", ds.fx.users.headB);
    const ofB = new Set(w.blockers.filter((b) => b.agency_id === ds.agencies.B).map((b) => b.id));
    expect(own.figures.blockers.recent.length).toBeGreaterThan(0);
    for (const b of own.figures.blockers.recent) expect(ofB.has(b.id), `blocker ${b.id}`).toBe(true);
    for (const title of drafts) expect(JSON.stringify(own)).not.toContain(`"${title}"`);
  });

  it("the agency's overdue and due-soon links open its register on exactly those tasks", async () => {
    const data = await page("/dashboard", ds.fx.users.headA);
    const user = await sessionUser(ds.fx.users.headA);
    for (const status of ["overdue", "due_soon"] as const) {
      const params = new URLSearchParams({ agency: String(ds.agencies.A), status });
      const listed = await listTasks(user, parseRegisterQuery(params), { today: TODAY, pageSize: 1 });
      expect(listed.total, status).toBe(data.figures.counts.lead[status] + data.figures.counts.coordinating[status]);
    }
  });

  it("every agency's two lists are its first overdue and first other open tasks, undated ones last", async () => {
    const w = await rows();
    let undatedShown = 0;
    for (const agency of Object.values(ds.agencies)) {
      const figures = await agencyFigures(agency, TODAY);
      const coordinating = new Set(w.coordinators.filter((c) => c.agency_id === agency).map((c) => c.task_id));
      const owed = w.tasks.filter((t) => isOwed(t.status) && (t.lead_agency_id === agency || coordinating.has(t.id)));
      const overdue = (t: (typeof owed)[number]) =>
        trackingStatus({ status: t.status, deadline: t.deadline, completedOn: t.completed_on }, TODAY) === "overdue";
      const byDeadline = (a: (typeof owed)[number], b: (typeof owed)[number]) => (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999") || a.id - b.id;
      const first = (list: typeof owed) =>
        list
          .sort(byDeadline)
          .slice(0, DASHBOARD_LIST_LIMIT)
          .map((t) => t.id);
      expect(
        figures.overdue.map((o) => o.id),
        `agency ${agency}`,
      ).toEqual(first(owed.filter(overdue)));
      const upcoming = first(owed.filter((t) => !overdue(t)));
      expect(
        figures.upcoming.map((o) => o.id),
        `agency ${agency}`,
      ).toEqual(upcoming);
      undatedShown += upcoming.filter((id) => w.tasks.find((t) => t.id === id)!.deadline === null).length;
    }
    expect(undatedShown, "some list shows a task without a deadline").toBeGreaterThan(0);
  });

  it("the links under the agency's cut lists open the register on all of each list", async () => {
    const data = await page("/dashboard", ds.fx.users.headB);
    const user = await sessionUser(ds.fx.users.headB);
    // The very links the page shows.
    const lists = agencyListHrefs(data.agency.id);
    const register = async (href: string) => {
      const listed = await listTasks(user, parseRegisterQuery(new URL(href, "http://x").searchParams), { today: TODAY, pageSize: 100 });
      return listed.rows.map((r) => r.id);
    };
    const overdue = await register(lists.overdue);
    expect(overdue.length).toBe(data.figures.counts.lead.overdue + data.figures.counts.coordinating.overdue);
    expect(overdue).toEqual(expect.arrayContaining(data.figures.overdue.map((o: { id: number }) => o.id)));
    const open = await register(lists.open);
    expect(open.length).toBe(data.figures.owedTotal);
    expect(open).toEqual(expect.arrayContaining(data.figures.upcoming.map((o: { id: number }) => o.id)));
    // Waiting for a decision: the agency's own requests, though its head chairs nothing.
    const waiting = await register(lists.awaiting);
    const w = await rows();
    const extensionAsked = new Set(w.extensions.filter((x) => x.status === "pending").map((x) => x.task_id));
    const expected = w.tasks.filter(
      (t) => t.lead_agency_id === ds.agencies.B && (t.status === "awaiting_acceptance" || (t.status === "in_progress" && extensionAsked.has(t.id))),
    );
    expect(waiting.sort((a, b) => a - b)).toEqual(expected.map((t) => t.id).sort((a, b) => a - b));
    expect(waiting.length).toBeGreaterThan(0);
    expect(await register(lists.awaiting.replace("awaiting=decision", "awaiting=chair")), "the head decides nothing as chair").toEqual([]);
  });
});

// ---------------------------------------------------------------- time zones

describe("the same numbers whatever the server's time zone", () => {
  it("at 01:30 on 16 June in Vietnam, still the 15th in Los Angeles", async () => {
    const zone = process.env.TZ;
    const instant = new Date("2024-06-15T18:30:00.000Z");
    try {
      vi.setSystemTime(instant);
      process.env.TZ = "America/Los_Angeles";
      expect(new Date().getDate()).toBe(15);
      const la = await page(`/dashboard?series=${ds.fx.seriesId}&from=2023-07&to=2024-06`, ds.fx.users.chair);
      expect(la.today).toBe("2024-06-16");
      await expectPageMatchesRecount("2023-07", "2024-06");

      // Force a fresh aggregation (any audited write bumps the generation), then count again in UTC.
      const id = (
        await getDb()
          .selectFrom("tasks")
          .where("series_id", "=", ds.fx.seriesId)
          .where("status", "=", "in_progress")
          .where("lead_agency_id", "=", ds.agencies.A)
          .select("id")
          .executeTakeFirstOrThrow()
      ).id;
      const res = await call(taskAction, await postRequest(`/tasks/${id}`, { intent: "report-progress", body: "Đang triển khai." }, ds.fx.users.headA), {
        taskId: String(id),
      });
      expect(res.status).toBe(302);
      process.env.TZ = "UTC";
      const utc = await page(`/dashboard?series=${ds.fx.seriesId}&from=2023-07&to=2024-06`, ds.fx.users.chair);
      expect(utc.today).toBe("2024-06-16");
      expect(utc.figures).toEqual(la.figures);
      expect(utc.scorecard).toEqual(la.scorecard);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
      vi.setSystemTime(NOW);
    }
  });
});
