import { describe, expect, it } from "vitest";
import { parseRegisterQuery } from "~/features/tasks/tasks-schemas";
import {
  addMonths,
  agencyListHrefs,
  band,
  DEFAULT_FRAME,
  formatAverage,
  formatPercent,
  groupedBars,
  blockersLink,
  dashboardLinks,
  figureHref,
  HEADLINE_FIGURES,
  isExactListHref,
  monthLinks,
  lastDayOf,
  linePoints,
  monthsBetween,
  nextSort,
  niceTicks,
  onTimeRate,
  pathOf,
  plotHeight,
  rankScorecard,
  registerHref,
  resolveRange,
  sortScorecard,
  timeLeft,
  yOf,
  type ScorecardFigures,
} from "./dashboard-rules";

describe("months", () => {
  it("adds months across years, both ways", () => {
    expect(addMonths("2023-11", 3)).toBe("2024-02");
    expect(addMonths("2024-01", -1)).toBe("2023-12");
    expect(addMonths("2024-01", -13)).toBe("2022-12");
  });

  it("knows the last day of each month, leap years included", () => {
    expect(lastDayOf("2024-02")).toBe("2024-02-29");
    expect(lastDayOf("2023-02")).toBe("2023-02-28");
    expect(lastDayOf("2023-04")).toBe("2023-04-30");
    expect(lastDayOf("2023-12")).toBe("2023-12-31");
  });

  it("lists the months of a range", () => {
    expect(monthsBetween("2023-11", "2024-02")).toEqual(["2023-11", "2023-12", "2024-01", "2024-02"]);
    expect(monthsBetween("2024-02", "2023-11")).toEqual([]);
  });
});

describe("the range", () => {
  it("defaults to the last 12 months, open-ended so that everything still owed counts", () => {
    const r = resolveRange(null, null, "2024-06-15");
    expect([r.from, r.to, r.dayFrom, r.dayTo, r.isDefault]).toEqual(["2023-07", "2024-06", "2023-07-01", null, true]);
    expect(r.months).toHaveLength(12);
    expect(r.months[11]).toEqual({ period: "2024-06", firstDay: "2024-06-01", lastDay: "2024-06-30", asOf: "2024-06-15" });
    expect(r.months[0].asOf).toBe("2023-07-31");
  });

  it("a past range is closed at its last day", () => {
    const r = resolveRange("2023-01", "2023-12", "2024-06-15");
    expect([r.dayFrom, r.dayTo, r.isDefault]).toEqual(["2023-01-01", "2023-12-31", false]);
  });

  it("never reaches past the current month, swaps a reversed range and caps its length", () => {
    expect(resolveRange("2024-01", "2025-03", "2024-06-15")).toMatchObject({ from: "2024-01", to: "2024-06", dayTo: null });
    expect(resolveRange("2024-03", "2023-11", "2024-06-15")).toMatchObject({ from: "2023-11", to: "2024-03" });
    expect(resolveRange("2000-01", "2024-06", "2024-06-15")).toMatchObject({ from: "2021-07", to: "2024-06" });
    expect(resolveRange(null, "2023-05", "2024-06-15")).toMatchObject({ from: "2022-06", to: "2023-05" });
  });
});

describe("rates", () => {
  it("on time out of everything that has come due; none when nothing has", () => {
    expect(onTimeRate({ onTime: 6, late: 2, overdue: 2 })).toBe(0.6);
    expect(onTimeRate({ onTime: 0, late: 0, overdue: 0 })).toBeNull();
    expect(onTimeRate({ onTime: 0, late: 0, overdue: 3 })).toBe(0);
  });

  it("prints percentages and averages the way each language writes decimals", () => {
    expect(formatPercent(2 / 3, "vi")).toBe("66,7%");
    expect(formatPercent(2 / 3, "en")).toBe("66.7%");
    expect(formatPercent(1, "vi")).toBe("100%");
    expect(formatPercent(null, "vi")).toBe("—");
    expect(formatAverage(2.25, "vi")).toBe("2,3");
    expect(formatAverage(3, "en")).toBe("3");
    expect(formatAverage(null, "en")).toBe("—");
  });
});

const figures = (agencyId: number, nameVi: string, f: Partial<ScorecardFigures>): ScorecardFigures => ({
  agencyId,
  nameVi,
  nameEn: nameVi,
  total: 0,
  open: 0,
  dueSoon: 0,
  awaiting: 0,
  cancelled: 0,
  onTime: 0,
  late: 0,
  overdue: 0,
  daysLate: 0,
  extensions: 0,
  ...f,
});

describe("the scorecard", () => {
  const rows = rankScorecard([
    figures(1, "Sở Tài chính", { onTime: 3, late: 1, overdue: 0, daysLate: 5, total: 4 }),
    figures(2, "Công an tỉnh", { onTime: 9, late: 3, overdue: 0, daysLate: 6, total: 12 }),
    figures(3, "Sở Y tế", { onTime: 1, late: 0, overdue: 1, total: 2, open: 1 }),
    figures(4, "Đầm Hà", { total: 1, open: 1 }),
    figures(5, "Ba Chẽ", { onTime: 1, late: 0, overdue: 1, total: 2, open: 1 }),
  ]);
  const byId = (id: number) => rows.find((r) => r.agencyId === id)!;

  it("ranks by on-time rate, then fewer overdue, then more on time; equal figures share a rank", () => {
    expect(rows.map((r) => [r.agencyId, r.rank])).toEqual([
      [1, 2],
      [2, 1],
      [3, 3],
      [4, null],
      [5, 3],
    ]);
    expect(byId(2).rate).toBe(0.75);
    expect(byId(1).avgDaysLate).toBe(5);
    expect(byId(3).avgDaysLate).toBeNull();
  });

  it("sorts by any column, nothing-to-show last, ties by rank then name", () => {
    expect(sortScorecard(rows, "rank", "asc", "vi").map((r) => r.agencyId)).toEqual([2, 1, 5, 3, 4]);
    expect(sortScorecard(rows, "rate", "asc", "vi").map((r) => r.agencyId)).toEqual([5, 3, 2, 1, 4]);
    expect(sortScorecard(rows, "total", "desc", "vi").map((r) => r.agencyId)).toEqual([2, 1, 5, 3, 4]);
    expect(sortScorecard(rows, "agency", "asc", "vi").map((r) => r.nameVi)).toEqual(["Ba Chẽ", "Công an tỉnh", "Đầm Hà", "Sở Tài chính", "Sở Y tế"]);
    expect(sortScorecard(rows, "avgDaysLate", "desc", "vi").map((r) => r.agencyId)).toEqual([1, 2, 5, 3, 4]);
  });

  it("a header link turns the current column around, or starts another in its natural direction", () => {
    expect(nextSort({ key: "rank", dir: "asc" }, "rank")).toEqual({ key: "rank", dir: "desc" });
    expect(nextSort({ key: "rank", dir: "asc" }, "overdue")).toEqual({ key: "overdue", dir: "desc" });
    expect(nextSort({ key: "overdue", dir: "desc" }, "agency")).toEqual({ key: "agency", dir: "asc" });
  });
});

describe("links into the register and the blockers list", () => {
  const closed = resolveRange("2023-01", "2023-12", "2024-06-15");
  const open = resolveRange(null, null, "2024-06-15");

  it("a closed status is bounded on both sides, an owed one only by the end of the range", () => {
    expect(figureHref(closed, 7, {}, "completed_late")).toBe("/tasks?agency=all&series=7&status=completed_late&from=2023-01-01&to=2023-12-31");
    expect(figureHref(closed, 7, { agency: 12 }, "overdue")).toBe("/tasks?agency=12&role=lead&series=7&status=overdue&to=2023-12-31");
    expect(figureHref(open, 7, {}, "overdue")).toBe("/tasks?agency=all&series=7&status=overdue");
    expect(figureHref(open, 7, {}, "completed_on_time")).toBe("/tasks?agency=all&series=7&status=completed_on_time&from=2023-07-01");
    expect(figureHref(closed, 7, {}, "open")).toBe("/tasks?agency=all&series=7&status=open&to=2023-12-31");
  });

  it("the whole scope (total, extensions) is what fell due in the range plus what is still owed from before it", () => {
    expect(figureHref(closed, 7, {}, "total")).toBe("/tasks?agency=all&series=7&status=issued&from=2023-01-01&to=2023-12-31&owed=1");
    expect(figureHref(open, 7, { agency: 3 }, "extensions")).toBe("/tasks?agency=3&role=lead&series=7&from=2023-07-01&owed=1&extension=asked");
    expect(figureHref(closed, 7, { pillar: "none" }, "overdue")).toBe("/tasks?agency=all&series=7&status=overdue&pillar=none&to=2023-12-31");
  });

  it("a month of the trend links to what was assigned or completed in it", () => {
    expect(monthLinks(7, { period: "2023-04", asOf: "2023-04-30" })).toEqual({
      assigned: "/tasks?agency=all&series=7&assigned=2023-04",
      onTime: "/tasks?agency=all&series=7&status=completed_on_time&completed=2023-04",
      late: "/tasks?agency=all&series=7&status=completed_late&completed=2023-04",
      overdue: "/tasks?agency=all&series=7&overdueOn=2023-04-30",
    });
  });

  it("blocker figures link only for the series' office, over the range's months", () => {
    expect(blockersLink(closed.months, { series: 7, status: "all", pillar: "digital_data" }, true)).toBe(
      "/blockers?status=all&series=7&pillar=digital_data&from=2023-01-01&to=2023-12-31",
    );
    expect(blockersLink(closed.months, { series: 7, status: "resolved" }, false)).toBeNull();
    const links = dashboardLinks({ series: 7, range: closed, blockersOffice: true });
    expect(links.blockersInMonth("2023-02")).toBe("/blockers?status=all&series=7&from=2023-02-01&to=2023-02-28");
    expect(links.pillarBlockers(null)).toBeNull();
    expect(Object.keys(links.headline).sort()).toEqual([...HEADLINE_FIGURES].sort());
  });

  it("is exact only when the list reads every filter back", () => {
    expect(isExactListHref(figureHref(closed, 7, { agency: 3 }, "completed_late"))).toBe(true);
    expect(isExactListHref(registerHref({ series: 7, agency: "all" }))).toBe(true);
    expect(isExactListHref("/tasks?agency=all&series=7&status=open")).toBe(true);
    expect(isExactListHref("/tasks?agency=all&series=7&pillar=digital_data")).toBe(true);
    expect(isExactListHref("/tasks?agency=all&series=7&owed=1")).toBe(true);
    expect(isExactListHref("/tasks?agency=all&series=7&owed=yes")).toBe(false);
    expect(isExactListHref("/tasks?agency=all&series=7&pillar=moon")).toBe(false);
    expect(isExactListHref("/tasks?agency=all&assigned=2023-13")).toBe(false);
    expect(isExactListHref("/tasks?agency=all&completedFrom=2023-01-01")).toBe(false);
    expect(isExactListHref("/blockers?series=7&from=2023-01-01&to=2023-01-31")).toBe(true);
    expect(isExactListHref("/blockers?series=7&from=2023-02-30")).toBe(false);
    expect(isExactListHref("/meetings?series=7")).toBe(false);
    expect(isExactListHref("/tasks?agency=4&awaiting=decision")).toBe(true);
    expect(isExactListHref("/tasks?agency=4&awaiting=everyone")).toBe(false);
  });

  it("opens an agency's own lists on exactly their filters", () => {
    const lists = agencyListHrefs(42);
    for (const href of Object.values(lists)) expect(isExactListHref(href), href).toBe(true);
    const read = (href: string) => parseRegisterQuery(new URL(href, "http://x").searchParams);
    expect(read(lists.overdue)).toMatchObject({ agency: 42, role: "either", status: "overdue", awaiting: null });
    expect(read(lists.dueSoon)).toMatchObject({ agency: 42, status: "due_soon" });
    expect(read(lists.open)).toMatchObject({ agency: 42, status: "open" });
    expect(read(lists.awaiting)).toMatchObject({ agency: 42, role: "lead", status: null, awaiting: "decision" });
  });
});

describe("time left before a cut-off", () => {
  it("in whole days, hours and minutes", () => {
    expect(timeLeft("2024-06-18T10:00:00.000Z", "2024-06-15T05:30:00.000Z")).toEqual({ passed: false, days: 3, hours: 4, minutes: 30 });
    expect(timeLeft("2024-06-15T06:00:00.000Z", "2024-06-15T05:59:30.000Z")).toEqual({ passed: false, days: 0, hours: 0, minutes: 0 });
    expect(timeLeft("2024-06-15T05:00:00.000Z", "2024-06-15T05:00:00.000Z").passed).toBe(true);
    expect(timeLeft("2024-06-14T05:00:00.000Z", "2024-06-15T05:00:00.000Z").passed).toBe(true);
  });
});

describe("chart geometry", () => {
  it("ticks are whole, round and reach the maximum", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(1234).at(-1)).toBe(1500);
    for (const max of [1, 5, 9, 11, 99, 101, 4321]) {
      const t = niceTicks(max);
      expect(t[0]).toBe(0);
      expect(t.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(t.every((v) => Number.isInteger(v))).toBe(true);
    }
  });

  it("0 sits on the baseline and the top tick at the top of the plot", () => {
    const f = DEFAULT_FRAME;
    expect(yOf(0, 10, f)).toBe(f.top + plotHeight(f));
    expect(yOf(10, 10, f)).toBe(f.top);
    expect(yOf(5, 0, f)).toBe(f.top + plotHeight(f));
  });

  it("bands tile the plot; grouped bars stay inside their band and stand on the baseline", () => {
    const f = DEFAULT_FRAME;
    const first = band(0, 12, f);
    const last = band(11, 12, f);
    expect(first.x).toBe(f.left);
    expect(last.x + last.width).toBeCloseTo(f.width - f.right);
    const bars = groupedBars(
      [
        [1, 2, 3],
        [0, 4, 1],
      ],
      4,
      f,
    );
    expect(bars).toHaveLength(6);
    for (const b of bars) {
      const { x, width } = band(b.index, 3, f);
      expect(b.x).toBeGreaterThanOrEqual(x);
      expect(b.x + b.width).toBeLessThanOrEqual(x + width + 1e-9);
      expect(b.y + b.height).toBeCloseTo(f.top + plotHeight(f));
    }
    expect(bars.find((b) => b.series === 1 && b.index === 1)!.y).toBe(f.top);
  });

  it("a line passes through the centres of the bands", () => {
    const f = DEFAULT_FRAME;
    const points = linePoints([0, 5, 10], 10, f);
    expect(points.map((p) => p.x)).toEqual([0, 1, 2].map((i) => band(i, 3, f).centre));
    expect(pathOf(points)).toMatch(new RegExp(`^M[\\d.]+ ${yOf(0, 10, f)} L[\\d.]+ [\\d.]+ L[\\d.]+ ${f.top}$`));
  });
});

describe("the scorecard of a set of figures, ranked then sorted", () => {
  const agencies = [
    figures(1, "Sở Y tế", { total: 5, onTime: 3, late: 1, overdue: 1, daysLate: 4, extensions: 2 }),
    figures(2, "Đầm Hà", { total: 4, onTime: 4 }),
    figures(3, "Công an tỉnh", { total: 2, open: 2 }),
    figures(4, "Ba Chẽ", { total: 6, onTime: 2, late: 2, overdue: 2, daysLate: 9 }),
  ];
  const scorecard = (rows: readonly ScorecardFigures[]) => sortScorecard(rankScorecard(rows), "overdue", "desc", "vi");

  it("follows the figures it is given", () => {
    const changed = agencies.map((a) => (a.agencyId === 2 ? { ...a, overdue: 9, total: 13 } : a));
    expect(scorecard(changed)[0].agencyId).toBe(2);
    expect(scorecard(agencies)[0].agencyId).toBe(4);
  });
});
