/**
 * The dashboard's arithmetic, on plain data: the months of a range, rates,
 * the agency ranking and sorting, links into the task register, the time
 * left before a cut-off, and the geometry of the SVG charts. No Request, no
 * db. Days are `YYYY-MM-DD` and periods `YYYY-MM` in Asia/Ho_Chi_Minh; no
 * function here reads the server's clock or zone.
 */
import type { BlockerStatus, Locale, Pillar } from "../../../db/schema";
import { parseListQuery } from "~/features/blockers/blockers-schemas";
import { parseRegisterQuery } from "~/features/tasks/tasks-schemas";
import type { TrackingStatus } from "~/features/tasks/tasks-rules";

// ---------------------------------------------------------------------------
// Months and the range

export const DEFAULT_MONTHS = 12;
/** A longer range makes the month-end cross join (and the charts) too wide to read. */
export const MAX_MONTHS = 36;

const pad = (n: number) => String(n).padStart(2, "0");

export function periodOf(day: string): string {
  return day.slice(0, 7);
}

export function addMonths(period: string, n: number): string {
  const [y, m] = period.split("-").map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

export function firstDayOf(period: string): string {
  return `${period}-01`;
}

export function lastDayOf(period: string): string {
  const [y, m] = period.split("-").map(Number);
  return `${period}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

/** Every period from `from` to `to`, both included; empty when `from` is later. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) out.push(p);
  return out;
}

export interface MonthPoint {
  period: string;
  firstDay: string;
  lastDay: string;
  /** The day the month's "at month end" figures are read on: its last day, or today for the current month. */
  asOf: string;
}

export interface DashboardRange {
  from: string;
  to: string;
  /** First day a deadline may fall on to count in the range. */
  dayFrom: string;
  /**
   * Last day a deadline may fall on; null when the range reaches the current
   * month, so that everything still owed counts, whatever its deadline.
   */
  dayTo: string | null;
  months: MonthPoint[];
  /** True when the range is the default one (no from/to in the URL). */
  isDefault: boolean;
}

/**
 * The range a dashboard shows: the last 12 months by default; never past the
 * current month, never longer than MAX_MONTHS, `from` and `to` swapped when
 * given in the wrong order.
 */
export function resolveRange(from: string | null, to: string | null, today: string): DashboardRange {
  const current = periodOf(today);
  const clamp = (p: string) => (p > current ? current : p);
  let end = clamp(to ?? current);
  let start = clamp(from ?? addMonths(end, -(DEFAULT_MONTHS - 1)));
  if (start > end) [start, end] = [end, start];
  if (monthsBetween(start, end).length > MAX_MONTHS) start = addMonths(end, -(MAX_MONTHS - 1));
  return {
    from: start,
    to: end,
    dayFrom: firstDayOf(start),
    dayTo: end === current ? null : lastDayOf(end),
    months: monthsBetween(start, end).map((period) => {
      const lastDay = lastDayOf(period);
      return { period, firstDay: firstDayOf(period), lastDay, asOf: lastDay < today ? lastDay : today };
    }),
    isDefault: from === null && to === null,
  };
}

// ---------------------------------------------------------------------------
// Rates

export interface RateInputs {
  onTime: number;
  late: number;
  overdue: number;
}

/**
 * On-time rate: of the tasks that have come due — completed (on time or
 * late) or still open past their deadline — the share completed on time.
 * Null when nothing has come due (no rate, rather than a flattering 100 %).
 */
export function onTimeRate({ onTime, late, overdue }: RateInputs): number | null {
  const due = onTime + late + overdue;
  return due === 0 ? null : onTime / due;
}

/** "66,7%" / "66.7%"; an em dash when there is no rate. */
export function formatPercent(rate: number | null, locale: Locale): string {
  if (rate === null) return "—";
  const value = Math.round(rate * 1000) / 10;
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${locale === "vi" ? text.replace(".", ",") : text}%`;
}

/** "2,5" / "2.5" days; an em dash when there is nothing to average. */
export function formatAverage(value: number | null, locale: Locale): string {
  if (value === null) return "—";
  const text = (Math.round(value * 10) / 10).toFixed(1).replace(/\.0$/, "");
  return locale === "vi" ? text.replace(".", ",") : text;
}

// ---------------------------------------------------------------------------
// The agency scorecard: ranking and sorting

export interface ScorecardFigures extends RateInputs {
  agencyId: number;
  nameVi: string;
  nameEn: string;
  total: number;
  open: number;
  dueSoon: number;
  awaiting: number;
  cancelled: number;
  /** Sum of the days late of the tasks completed late (for the average). */
  daysLate: number;
  extensions: number;
}

export interface ScorecardRow extends ScorecardFigures {
  rate: number | null;
  avgDaysLate: number | null;
  /** 1 for the best; equal figures share a rank; null when nothing has come due. */
  rank: number | null;
}

export const SCORECARD_SORTS = ["rank", "agency", "total", "open", "overdue", "onTime", "late", "rate", "avgDaysLate", "extensions"] as const;
export type ScorecardSort = (typeof SCORECARD_SORTS)[number];
export type SortDir = "asc" | "desc";

/** The direction a column sorts in when first chosen: the best or the most first. */
export function defaultDir(key: ScorecardSort): SortDir {
  return key === "rank" || key === "agency" ? "asc" : "desc";
}

/** Where a header link leads: the other direction on the current column, else the column's default. */
export function nextSort(current: { key: ScorecardSort; dir: SortDir }, key: ScorecardSort): { key: ScorecardSort; dir: SortDir } {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: defaultDir(key) };
}

/** Better first: a higher on-time rate, then fewer overdue tasks, then more completed on time. */
function compareMerit(a: ScorecardRow, b: ScorecardRow): number {
  return (b.rate ?? -1) - (a.rate ?? -1) || a.overdue - b.overdue || b.onTime - a.onTime;
}

/**
 * The figures of each agency with its rate, average days late and rank
 * (competition ranking: 1, 2, 2, 4). Agencies with nothing due are not ranked.
 */
export function rankScorecard(rows: readonly ScorecardFigures[]): ScorecardRow[] {
  const full: ScorecardRow[] = rows.map((r) => ({
    ...r,
    rate: onTimeRate(r),
    avgDaysLate: r.late > 0 ? r.daysLate / r.late : null,
    rank: null,
  }));
  const ranked = full.filter((r) => r.rate !== null).sort(compareMerit);
  ranked.forEach((r, i) => {
    r.rank = i > 0 && compareMerit(ranked[i - 1], r) === 0 ? ranked[i - 1].rank : i + 1;
  });
  return full;
}

function sortValue(row: ScorecardRow, key: Exclude<ScorecardSort, "agency">): number | null {
  return row[key];
}

/** Sorted by one column; rows without a value (no rate, no rank) always last; ties by rank, then name. */
export function sortScorecard(rows: readonly ScorecardRow[], key: ScorecardSort, dir: SortDir, locale: Locale): ScorecardRow[] {
  const name = (r: ScorecardRow) => (locale === "vi" ? r.nameVi : r.nameEn);
  const byName = (a: ScorecardRow, b: ScorecardRow) => name(a).localeCompare(name(b), locale);
  const byRank = (a: ScorecardRow, b: ScorecardRow) => (a.rank ?? Infinity) - (b.rank ?? Infinity);
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === "agency") return sign * byName(a, b);
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return sign * (va - vb);
    }
    return byRank(a, b) || byName(a, b);
  });
}

// ---------------------------------------------------------------------------
// Links into the task register

export interface RegisterFilter {
  series: number;
  agency: number | "all";
  role?: "lead";
  status?: TrackingStatus | "open" | "issued";
  pillar?: Pillar | "none";
  from?: string | null;
  to?: string | null;
  /** With `from`: also what is still owed from before it. */
  owed?: boolean;
  extension?: "asked";
  assigned?: string;
  completed?: string;
  overdueOn?: string;
}

/** A register URL with exactly these filters, in a stable order. */
export function registerHref(f: RegisterFilter): string {
  const params = new URLSearchParams();
  params.set("agency", String(f.agency));
  if (f.role) params.set("role", f.role);
  params.set("series", String(f.series));
  if (f.status) params.set("status", f.status);
  if (f.pillar) params.set("pillar", f.pillar);
  if (f.from) params.set("from", f.from);
  if (f.to) params.set("to", f.to);
  if (f.owed) params.set("owed", "1");
  if (f.extension) params.set("extension", f.extension);
  if (f.assigned) params.set("assigned", f.assigned);
  if (f.completed) params.set("completed", f.completed);
  if (f.overdueOn) params.set("overdueOn", f.overdueOn);
  return `/tasks?${params.toString()}`;
}

/** Statuses that are still owed: the range bounds them by their deadline from above only. */
const OWED: ReadonlySet<TrackingStatus> = new Set(["no_deadline", "in_progress", "due_soon", "overdue", "awaiting_acceptance"]);

/** What a group of figures is limited to besides the series and the range: one lead agency, or one pillar. */
export interface Slice {
  agency?: number;
  pillar?: Pillar | "none";
}

/** A task figure of the dashboard: the tasks of one tracking status, those still owed, all in scope, or those that asked an extension. */
export type TaskFigure = TrackingStatus | "open" | "total" | "extensions";

/**
 * The register filtered to exactly the tasks one figure counts. The
 * dashboard's scope is: issued tasks of the series whose deadline falls in
 * the range, plus those still owed whose deadline fell before it (or that
 * have none, while the range reaches today). So a closed status is bounded
 * by the range on both sides, an owed one (and "open") only by its end, and
 * "total" and "extensions" are the whole scope (`owed=1`).
 */
export function figureHref(range: Pick<DashboardRange, "dayFrom" | "dayTo">, series: number, slice: Slice, figure: TaskFigure): string {
  const base: RegisterFilter = {
    series,
    agency: slice.agency ?? "all",
    role: slice.agency === undefined ? undefined : "lead",
    pillar: slice.pillar,
  };
  if (figure === "total" || figure === "extensions") {
    return registerHref({
      ...base,
      status: figure === "total" ? "issued" : undefined,
      extension: figure === "extensions" ? "asked" : undefined,
      from: range.dayFrom,
      to: range.dayTo,
      owed: true,
    });
  }
  const owed = figure === "open" || OWED.has(figure);
  return registerHref({ ...base, status: figure, from: owed ? null : range.dayFrom, to: range.dayTo });
}

/** The exact register links of these figures; a figure whose link the register would not read back exactly gets none. */
export function figureLinks<K extends TaskFigure>(
  range: Pick<DashboardRange, "dayFrom" | "dayTo">,
  series: number,
  slice: Slice,
  figures: readonly K[],
): Partial<Record<K, string>> {
  // A scorecard draws hundreds of these per view, the same ones until the range changes.
  const key = `${series}|${range.dayFrom}|${range.dayTo}|${slice.agency ?? ""}|${slice.pillar ?? ""}|${figures.join(",")}`;
  const known = linkSets.get(key);
  if (known) return known as Partial<Record<K, string>>;
  const out: Partial<Record<K, string>> = {};
  for (const f of figures) {
    const href = figureHref(range, series, slice, f);
    if (isExactListHref(href)) out[f] = href;
  }
  if (linkSets.size >= 5_000) linkSets.clear();
  linkSets.set(key, out);
  return out;
}
const linkSets = new Map<string, Partial<Record<TaskFigure, string>>>();

/** One month of the trend: tasks assigned in it, completed in it on time and late, and overdue on its as-of day. */
export function monthLinks(
  series: number,
  month: Pick<MonthPoint, "period" | "asOf">,
): { assigned?: string; onTime?: string; late?: string; overdue?: string } {
  const { period } = month;
  const links = {
    assigned: registerHref({ series, agency: "all", assigned: period }),
    onTime: registerHref({ series, agency: "all", status: "completed_on_time", completed: period }),
    late: registerHref({ series, agency: "all", status: "completed_late", completed: period }),
    overdue: registerHref({ series, agency: "all", overdueOn: month.asOf }),
  };
  return Object.fromEntries(Object.entries(links).filter(([, href]) => isExactListHref(href)));
}

export interface BlockersFilter {
  series: number;
  status: BlockerStatus | "all";
  pillar?: Pillar;
  /** Submitted from this day to that one (Vietnam), both included. */
  from: string;
  to: string;
}

/** The blockers list with exactly these filters, in a stable order. */
export function blockersHref(f: BlockersFilter): string {
  const params = new URLSearchParams({ status: f.status, series: String(f.series) });
  if (f.pillar) params.set("pillar", f.pillar);
  params.set("from", f.from);
  params.set("to", f.to);
  return `/blockers?${params.toString()}`;
}

/**
 * The blockers list link of a blocker figure (received in some months; of
 * one status or pillar), or null when it would not be exact. Only the
 * series' office sees every blocker received: for anyone else the list
 * holds fewer, so their figures stay plain numbers.
 */
export function blockersLink(months: readonly MonthPoint[], f: Omit<BlockersFilter, "from" | "to">, office: boolean): string | null {
  if (!office || months.length === 0) return null;
  const href = blockersHref({ ...f, from: months[0].firstDay, to: months[months.length - 1].lastDay });
  return isExactListHref(href) ? href : null;
}

/** The figures of the headline, of a scorecard row and of a pillar line that link to the register. */
export const HEADLINE_FIGURES = [
  "total",
  "open",
  "no_deadline",
  "in_progress",
  "due_soon",
  "overdue",
  "awaiting_acceptance",
  "completed_on_time",
  "completed_late",
  "cancelled",
  "extensions",
] as const satisfies readonly TaskFigure[];
export const ROW_FIGURES = ["total", "open", "overdue", "completed_on_time", "completed_late", "extensions"] as const satisfies readonly TaskFigure[];
export const PILLAR_FIGURES = ["total", "open", "overdue", "completed_on_time", "completed_late"] as const satisfies readonly TaskFigure[];

/**
 * Every link of one province dashboard, built where it is drawn (a
 * scorecard of 120 agencies has 700 of them: they are not sent as data).
 */
export function dashboardLinks(input: { series: number; range: Pick<DashboardRange, "dayFrom" | "dayTo" | "months">; blockersOffice: boolean }) {
  const { series, range, blockersOffice } = input;
  return {
    headline: figureLinks(range, series, {}, HEADLINE_FIGURES),
    agency: (agency: number) => figureLinks(range, series, { agency }, ROW_FIGURES),
    pillar: (pillar: Pillar | null) => figureLinks(range, series, { pillar: pillar ?? "none" }, PILLAR_FIGURES),
    pillarBlockers: (pillar: Pillar | null) => (pillar ? blockersLink(range.months, { series, status: "all", pillar }, blockersOffice) : null),
    blockers: (status: BlockerStatus | "all") => blockersLink(range.months, { series, status }, blockersOffice),
    month: (month: Pick<MonthPoint, "period" | "asOf">) => monthLinks(series, month),
    blockersInMonth: (period: string) =>
      blockersLink(
        range.months.filter((m) => m.period === period),
        { series, status: "all" },
        blockersOffice,
      ),
  };
}
export type DashboardLinks = ReturnType<typeof dashboardLinks>;

/**
 * The register behind an agency's own dashboard, in every series: its
 * overdue and due-soon tasks (lead or coordinating), all it still owes,
 * and what it leads that waits for a chair's decision.
 */
export function agencyListHrefs(agencyId: number) {
  const mine = `/tasks?agency=${agencyId}`;
  return {
    mine,
    overdue: `${mine}&status=overdue`,
    dueSoon: `${mine}&status=due_soon`,
    open: `${mine}&status=open`,
    awaiting: `${mine}&role=lead&awaiting=decision`,
  };
}

/**
 * True when the list reads back every filter of the link unchanged, so it
 * shows exactly the figure's rows. A filter the list does not know (yet) is
 * dropped by its lenient parser, and the link is then not offered: a plain
 * number is honest, a link to a longer list is not.
 */
export function isExactListHref(href: string): boolean {
  const known = exactness.get(href);
  if (known !== undefined) return known;
  const url = new URL(href, "http://x");
  const parse = url.pathname === "/tasks" ? parseRegisterQuery : url.pathname === "/blockers" ? parseListQuery : null;
  let exact = parse !== null;
  if (parse) {
    const q = parse(url.searchParams) as Record<string, unknown>;
    for (const [key, value] of url.searchParams) {
      const read = q[key];
      // A flag reads back as true ("owed=1"); anything else as the very value ("awaiting=decision").
      const same = typeof read === "boolean" ? read : read !== undefined && read !== null && String(read) === value;
      if (!same) exact = false;
    }
  }
  // The answer depends on the link alone; a page has hundreds of them, asked again on every view.
  if (exactness.size >= 10_000) exactness.clear();
  exactness.set(href, exact);
  return exact;
}
const exactness = new Map<string, boolean>();

// ---------------------------------------------------------------------------
// Time left before a cut-off

export interface TimeLeft {
  passed: boolean;
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes from `now` until `until` (ISO instants); `passed` once it is over. */
export function timeLeft(until: string, now: string): TimeLeft {
  const ms = new Date(until).getTime() - new Date(now).getTime();
  if (!(ms > 0)) return { passed: true, days: 0, hours: 0, minutes: 0 };
  const minutesTotal = Math.floor(ms / 60_000);
  return {
    passed: false,
    days: Math.floor(minutesTotal / 1440),
    hours: Math.floor((minutesTotal % 1440) / 60),
    minutes: minutesTotal % 60,
  };
}

// ---------------------------------------------------------------------------
// Chart geometry (SVG user units)

export interface Frame {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Sized so that 13-unit text reads at about 13 px where a chart is drawn (half a wide screen, or a tablet). */
export const DEFAULT_FRAME: Frame = { width: 600, height: 300, top: 18, right: 12, bottom: 58, left: 52 };

export const plotWidth = (f: Frame) => f.width - f.left - f.right;
export const plotHeight = (f: Frame) => f.height - f.top - f.bottom;

/**
 * Whole-number ticks from 0 to a round maximum at or above `max`, with a
 * step of 1, 2 or 5 times a power of ten, about `target` of them (counts are
 * whole, so the step is never below 1).
 */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v));
  return ticks;
}

/** The y of a value on a scale from 0 (bottom of the plot) to `top`. */
export function yOf(value: number, top: number, f: Frame): number {
  const h = plotHeight(f);
  return f.top + h - (top > 0 ? (value / top) * h : 0);
}

/** The band of the i-th of n categories across the plot, and its centre. */
export function band(i: number, n: number, f: Frame): { x: number; width: number; centre: number } {
  const width = plotWidth(f) / Math.max(1, n);
  const x = f.left + i * width;
  return { x, width, centre: x + width / 2 };
}

export interface Bar {
  series: number;
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

/** Grouped bars: for each category, one bar per series side by side, with a gap between categories. */
export function groupedBars(values: readonly (readonly number[])[], top: number, f: Frame): Bar[] {
  const n = values[0]?.length ?? 0;
  const bars: Bar[] = [];
  for (let i = 0; i < n; i++) {
    const b = band(i, n, f);
    const inner = b.width * 0.8;
    const w = inner / Math.max(1, values.length);
    values.forEach((serie, s) => {
      const y = yOf(serie[i], top, f);
      bars.push({ series: s, index: i, x: b.x + b.width * 0.1 + s * w, y, width: w, height: f.top + plotHeight(f) - y, value: serie[i] });
    });
  }
  return bars;
}

/** The points of a line through the centres of the bands, and its SVG path. */
export function linePoints(values: readonly number[], top: number, f: Frame): Array<{ x: number; y: number; value: number }> {
  return values.map((value, i) => ({ x: band(i, values.length, f).centre, y: yOf(value, top, f), value }));
}

export function pathOf(points: ReadonlyArray<{ x: number; y: number }>): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" ");
}

export const round = (n: number) => Math.round(n * 10) / 10;

/** Which category labels to print under the axis so that they do not overlap (every k-th, the last always). */
export function labelEvery(n: number, f: Frame, labelWidth = 56): number {
  return Math.max(1, Math.ceil((n * labelWidth) / plotWidth(f)));
}

/** "4/2023": a month as printed under a chart's axis, the same in both languages. */
export function shortPeriod(period: string): string {
  const [y, m] = period.split("-");
  return `${Number(m)}/${y}`;
}
