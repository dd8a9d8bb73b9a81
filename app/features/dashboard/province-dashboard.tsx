/**
 * The province's dashboard: headline figures, the agency scorecard, the
 * pillars and the month-by-month charts. Every figure that the task
 * register can list exactly is a link to it; the others are plain numbers.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { PILLARS, type BlockerStatus } from "../../../db/schema";
import { Chart } from "~/components/charts";
import { BlockerStatusBadge, TaskStatusBadge } from "~/components/status-badge";
import type { MessageKey } from "~/i18n";
import type { loader } from "~/routes/dashboard";
import { formatPeriod, formatShortDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/use-t";
import type { TrackingStatus } from "~/features/tasks/tasks-rules";
import {
  dashboardLinks,
  formatAverage,
  formatPercent,
  lastDayOf,
  nextSort,
  onTimeRate,
  registerHref,
  shortPeriod,
  type DashboardLinks,
  type ScorecardSort,
} from "./dashboard-rules";

type Data = Extract<SerializeFrom<typeof loader>, { view: "province" }>;

const TONE_BORDER = {
  neutral: "border-l-stone-400",
  open: "border-l-blue-800",
  dueSoon: "border-l-orange-500",
  overdue: "border-l-red-700",
  onTime: "border-l-green-700",
  late: "border-l-amber-600",
  blockers: "border-l-purple-800",
} as const;

export function Tile({
  value,
  label,
  href,
  tone = "neutral",
  testId,
}: {
  value: ReactNode;
  label: string;
  href?: string | null;
  tone?: keyof typeof TONE_BORDER;
  testId?: string;
}) {
  const linked = href && value !== 0;
  const body = (
    <>
      <span className="block text-3xl font-semibold tabular-nums text-stone-900">{value}</span>
      <span className="mt-1 block text-sm text-stone-700">{label}</span>
    </>
  );
  return (
    <div className={`card border-l-4 ${TONE_BORDER[tone]}`} data-testid={testId}>
      {linked ? (
        <Link to={href} className="block text-current no-underline hover:underline">
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}

/**
 * A number, linked to the register when there is an exact link for it and
 * something to see there. It keeps the cell's colour (red for overdue); the
 * underline says it can be opened (styled once, by FIGURES on the table). A
 * plain anchor: a table has a hundred of them, and the register is a page of
 * its own.
 */
function Figure({ value, href, count }: { value: ReactNode; href?: string | null; count: number }) {
  if (!href || count === 0) return <>{value}</>;
  return (
    <a href={href} data-figure="">
      {value}
    </a>
  );
}

function withParams(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const s = params.toString();
  return s ? `/dashboard?${s}` : "/dashboard";
}

/**
 * The figure tables' look, set once on the table rather than on each of its
 * hundreds of cells: numbers right-aligned, row headers plain, figure links
 * in the cell's colour with a quiet underline, and tighter in print.
 */
const FIGURES =
  "register [&_td]:text-right [&_td]:tabular-nums [&_tbody_th]:border-b [&_tbody_th]:border-stone-200 [&_tbody_th]:bg-white [&_tbody_th]:font-medium " +
  "[&_a[data-figure]]:text-current [&_a[data-figure]]:underline [&_a[data-figure]]:decoration-stone-400 [&_a[data-figure]]:underline-offset-2 " +
  "print:text-[9pt] print:[&_td]:px-1.5 print:[&_th]:px-1.5 print:[&_td]:py-1";

const SHOWN_STATUSES: TrackingStatus[] = [
  "in_progress",
  "due_soon",
  "overdue",
  "no_deadline",
  "awaiting_acceptance",
  "completed_on_time",
  "completed_late",
  "cancelled",
];

export function ProvinceDashboard({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const { figures, range, series } = data;
  const all = dashboardLinks({ series: series.id, range, blockersOffice: data.blockersOffice });
  const links = all.headline;
  const totals = figures.totals;
  const rate = onTimeRate({ onTime: totals.completed_on_time, late: totals.completed_late, overdue: totals.overdue });
  const due = totals.completed_on_time + totals.completed_late + totals.overdue;
  const scope = range.dayTo
    ? t("dashboard.scope.closed", { from: formatShortDate(range.dayFrom), to: formatShortDate(range.dayTo), today: formatShortDate(data.today) })
    : t("dashboard.scope.open", { from: formatShortDate(range.dayFrom), today: formatShortDate(data.today) });

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1>{t("dashboard.province.heading", { series: series.name })}</h1>
        <p className="font-medium text-stone-800" data-testid="dashboard-period">
          {t("dashboard.period", { from: formatPeriod(range.from, locale), to: formatPeriod(range.to, locale) })}
        </p>
        <p className="max-w-4xl text-stone-700">
          {scope} {t("dashboard.scope.drafts")}
        </p>
        {data.isAgencyUser && (
          <p className="no-print text-sm">
            {t("dashboard.view.readOnly")} <Link to="/dashboard">{t("dashboard.view.agency")}</Link>
          </p>
        )}
      </header>

      <RangeForm data={data} />

      <section aria-labelledby="tasks-title" className="space-y-3">
        <h2 id="tasks-title">{t("dashboard.tasks.title")}</h2>
        {totals.total === 0 ? (
          <EmptyRange data={data} />
        ) : (
          <>
            <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7" data-testid="headline">
              <Tile value={totals.total} label={t("dashboard.tile.total")} href={links.total} testId="fig-total" />
              <Tile value={totals.open} label={t("dashboard.tile.open")} href={links.open} tone="open" testId="fig-open" />
              <Tile value={totals.due_soon} label={t("dashboard.tile.dueSoon")} href={links.due_soon} tone="dueSoon" testId="fig-due-soon" />
              <Tile value={totals.overdue} label={t("dashboard.tile.overdue")} href={links.overdue} tone="overdue" testId="fig-overdue" />
              <Tile value={totals.completed_on_time} label={t("dashboard.tile.onTime")} href={links.completed_on_time} tone="onTime" testId="fig-on-time" />
              <Tile value={totals.completed_late} label={t("dashboard.tile.late")} href={links.completed_late} tone="late" testId="fig-late" />
              <Tile value={formatPercent(rate, locale)} label={t("dashboard.tile.rate")} testId="fig-rate" />
            </div>
            <p className="text-sm text-stone-700">
              {rate === null ? t("dashboard.rate.none") : t("dashboard.rate.hint", { onTime: totals.completed_on_time, due })}
            </p>
            <div>
              <h3 className="text-base font-semibold">{t("dashboard.breakdown.title")}</h3>
              <p className="text-sm text-stone-700">{t("dashboard.breakdown.hint")}</p>
              <ul className="mt-2 flex flex-wrap gap-2" data-testid="breakdown">
                {SHOWN_STATUSES.filter((s) => totals[s as keyof typeof totals] > 0).map((s) => {
                  const count = totals[s as keyof typeof totals];
                  const content = (
                    <>
                      <TaskStatusBadge status={s} /> <span className="font-semibold tabular-nums">{count}</span>
                    </>
                  );
                  const href = links[s as keyof typeof links];
                  return (
                    <li key={s}>
                      {href ? (
                        <Link to={href} className="btn min-h-11" title={t("dashboard.link.register", { count })}>
                          {content}
                        </Link>
                      ) : (
                        <span className="btn min-h-11 cursor-default">{content}</span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </div>
          </>
        )}
      </section>

      <BlockersSection data={data} links={all} />
      <Scorecard data={data} links={all} />
      <Pillars data={data} links={all} />
      <Trends data={data} links={all} />
    </div>
  );
}

function RangeForm({ data }: { data: Data }) {
  const t = useT();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  return (
    <Form method="get" action="/dashboard" key={location.search} className="card no-print" aria-label={t("dashboard.filter.label")}>
      {params.get("view") && <input type="hidden" name="view" value={params.get("view") ?? ""} />}
      {params.get("sort") && <input type="hidden" name="sort" value={params.get("sort") ?? ""} />}
      {params.get("dir") && <input type="hidden" name="dir" value={params.get("dir") ?? ""} />}
      <div className="grid gap-x-4 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <label htmlFor="series" className="label">
            {t("dashboard.filter.series")}
          </label>
          <select id="series" name="series" className="input" defaultValue={String(data.series.id)}>
            {data.seriesOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="label">
            {t("dashboard.filter.from")}
          </label>
          <input
            id="from"
            name="from"
            type="month"
            className="input"
            defaultValue={data.range.from}
            max={data.today.slice(0, 7)}
            pattern="\d{4}-\d{2}"
            placeholder="2023-04"
            aria-describedby="month-hint"
          />
        </div>
        <div>
          <label htmlFor="to" className="label">
            {t("dashboard.filter.to")}
          </label>
          <input
            id="to"
            name="to"
            type="month"
            className="input"
            defaultValue={data.range.to}
            max={data.today.slice(0, 7)}
            pattern="\d{4}-\d{2}"
            placeholder="2023-04"
            aria-describedby="month-hint"
          />
        </div>
      </div>
      <p id="month-hint" className="mt-1 text-xs text-stone-600">
        {t("dashboard.filter.monthHint")}
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="submit" className="btn btn-primary">
          {t("dashboard.filter.submit")}
        </button>
        {!data.range.isDefault && (
          <Link to={withParams(location.search, { from: null, to: null })} className="btn">
            {t("dashboard.filter.reset")}
          </Link>
        )}
      </div>
    </Form>
  );
}

function EmptyRange({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const span = data.figures.span;
  return (
    <div className="card" data-testid="dashboard-empty">
      {span ? (
        <>
          <p>{t("dashboard.empty.range")}</p>
          <p className="mt-1 text-stone-700">{t("dashboard.empty.span", { from: formatPeriod(span.from, locale), to: formatPeriod(span.to, locale) })}</p>
          <p className="mt-3">
            <Link
              className="btn"
              to={withParams(location.search, { from: span.from, to: span.to > data.today.slice(0, 7) ? data.today.slice(0, 7) : span.to })}
            >
              {t("dashboard.empty.showSpan")}
            </Link>
          </p>
        </>
      ) : (
        <p>{t("dashboard.empty.noTasks")}</p>
      )}
    </div>
  );
}

const BLOCKER_ORDER: BlockerStatus[] = ["submitted", "returned", "on_agenda", "resolved", "referred", "merged", "declined", "withdrawn"];

function BlockersSection({ data, links }: { data: Data; links: DashboardLinks }) {
  const t = useT();
  const locale = useLocale();
  const { blockers, carriedOver } = data.figures;
  return (
    <section aria-labelledby="blockers-title" className="space-y-3">
      <h2 id="blockers-title">{t("dashboard.blockers.title")}</h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Tile value={blockers.received} label={t("dashboard.tile.received")} href={links.blockers("all")} tone="blockers" testId="fig-received" />
        <Tile value={blockers.byStatus.on_agenda} label={t("dashboard.tile.onAgenda")} href={links.blockers("on_agenda")} tone="open" testId="fig-on-agenda" />
        <Tile value={blockers.byStatus.resolved} label={t("dashboard.tile.resolved")} href={links.blockers("resolved")} tone="onTime" testId="fig-resolved" />
        <Tile value={carriedOver.count} label={t("dashboard.tile.carried")} tone={carriedOver.count > 0 ? "late" : "neutral"} testId="fig-carried" />
      </div>
      <div className="grid gap-3 lg:grid-cols-2">
        <div className="card">
          <h3 className="text-base font-semibold">{t("dashboard.blockers.outcomes")}</h3>
          {blockers.received === 0 ? (
            <p className="mt-2 text-stone-700">{t("dashboard.blockers.none")}</p>
          ) : (
            <ul className="mt-2 flex flex-wrap gap-2">
              {BLOCKER_ORDER.filter((s) => blockers.byStatus[s] > 0).map((s) => {
                const content = (
                  <>
                    <BlockerStatusBadge status={s} /> <span className="font-semibold tabular-nums">{blockers.byStatus[s]}</span>
                  </>
                );
                const href = links.blockers(s);
                return (
                  <li key={s}>
                    {href ? (
                      <Link to={href} className="btn min-h-11" title={t("dashboard.link.blockers", { count: blockers.byStatus[s] })}>
                        {content}
                      </Link>
                    ) : (
                      <span className="flex items-center gap-1 rounded border border-stone-300 px-2 py-1">{content}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <div className="card">
          <h3 className="text-base font-semibold">{t("dashboard.carried.title")}</h3>
          {carriedOver.count === 0 ? (
            <p className="mt-2 text-stone-700">{t("dashboard.carried.none")}</p>
          ) : (
            <ul className="mt-2 divide-y divide-stone-200" data-testid="carried">
              {carriedOver.items.map((i) => (
                <li key={i.id} className="py-1.5">
                  <Link to={`/meetings/${i.meetingId}`} className="font-medium">
                    {i.title}
                  </Link>
                  <span className="block text-sm text-stone-700">
                    {formatPeriod(i.period, locale)} · {t("dashboard.carried.item", { count: i.carryCount })}
                  </span>
                </li>
              ))}
              {carriedOver.count > carriedOver.items.length && (
                <li className="py-1.5 text-sm text-stone-700">{t("dashboard.carried.more", { count: carriedOver.count - carriedOver.items.length })}</li>
              )}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

const COLUMNS: Array<{ key: ScorecardSort; label: MessageKey; numeric: boolean }> = [
  { key: "rank", label: "dashboard.col.rank", numeric: true },
  { key: "agency", label: "dashboard.col.agency", numeric: false },
  { key: "total", label: "dashboard.col.total", numeric: true },
  { key: "open", label: "dashboard.col.open", numeric: true },
  { key: "overdue", label: "dashboard.col.overdue", numeric: true },
  { key: "onTime", label: "dashboard.col.onTime", numeric: true },
  { key: "late", label: "dashboard.col.late", numeric: true },
  { key: "rate", label: "dashboard.col.rate", numeric: true },
  { key: "avgDaysLate", label: "dashboard.col.avgDaysLate", numeric: true },
  { key: "extensions", label: "dashboard.col.extensions", numeric: true },
];

function Scorecard({ data, links: all }: { data: Data; links: DashboardLinks }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const { sort, scorecard, figures } = data;
  const links = all.headline;
  const totals = figures.totals;
  const provinceRate = onTimeRate({ onTime: totals.completed_on_time, late: totals.completed_late, overdue: totals.overdue });
  return (
    <section aria-labelledby="scorecard-title" className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="scorecard-title">{t("dashboard.scorecard.title")}</h2>
        <span className="text-sm text-stone-700">{t("dashboard.scorecard.count", { count: scorecard.length })}</span>
      </div>
      <p className="max-w-4xl text-sm text-stone-700">{t("dashboard.scorecard.hint")}</p>
      {scorecard.length === 0 ? (
        <p className="card text-stone-700">{t("dashboard.scorecard.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded border border-stone-300 bg-white print:overflow-visible">
          <table className={FIGURES} data-testid="scorecard">
            <caption className="sr-only">{t("dashboard.scorecard.title")}</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => {
                  const active = sort.key === c.key;
                  const next = nextSort(sort, c.key);
                  const label = t(c.label);
                  return (
                    <th
                      key={c.key}
                      scope="col"
                      className={c.numeric ? "text-right" : ""}
                      aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
                    >
                      <Link
                        to={withParams(location.search, { sort: next.key, dir: next.dir })}
                        className="text-stone-900"
                        title={t("dashboard.sort.by", { column: label })}
                        data-sort={c.key}
                      >
                        {label}
                        {active && (
                          <>
                            <span aria-hidden="true"> {sort.dir === "asc" ? "▲" : "▼"}</span>
                            <span className="sr-only"> ({t(sort.dir === "asc" ? "dashboard.sort.asc" : "dashboard.sort.desc")})</span>
                          </>
                        )}
                      </Link>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {scorecard.map((r) => {
                const row = all.agency(r.agencyId);
                return (
                  <tr key={r.agencyId} data-agency-id={r.agencyId}>
                    <td>{r.rank ?? t("common.none")}</td>
                    <th scope="row" className="min-w-48">
                      <a
                        href={registerHref({ series: data.series.id, agency: r.agencyId, role: "lead" })}
                        title={t("dashboard.scorecard.agencyLink", { agency: r.name })}
                      >
                        {r.name}
                      </a>
                    </th>
                    <td>
                      <Figure value={r.total} href={row.total} count={r.total} />
                    </td>
                    <td>
                      <Figure value={r.open} href={row.open} count={r.open} />
                    </td>
                    <td className={r.overdue > 0 ? "font-semibold text-red-800" : undefined}>
                      <Figure value={r.overdue} href={row.overdue} count={r.overdue} />
                    </td>
                    <td>
                      <Figure value={r.onTime} href={row.completed_on_time} count={r.onTime} />
                    </td>
                    <td>
                      <Figure value={r.late} href={row.completed_late} count={r.late} />
                    </td>
                    <td className="font-medium">{formatPercent(r.rate, locale)}</td>
                    <td>
                      <Figure value={formatAverage(r.avgDaysLate, locale)} href={row.completed_late} count={r.late} />
                    </td>
                    <td>
                      <Figure value={r.extensions} href={row.extensions} count={r.extensions} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr className="bg-stone-100 font-semibold">
                <td />
                <th scope="row" className="border-b-0 px-3 py-2 text-left">
                  {t("dashboard.scorecard.province")}
                </th>
                <td>
                  <Figure value={totals.total} href={links.total} count={totals.total} />
                </td>
                <td>
                  <Figure value={totals.open} href={links.open} count={totals.open} />
                </td>
                <td>
                  <Figure value={totals.overdue} href={links.overdue} count={totals.overdue} />
                </td>
                <td>
                  <Figure value={totals.completed_on_time} href={links.completed_on_time} count={totals.completed_on_time} />
                </td>
                <td>
                  <Figure value={totals.completed_late} href={links.completed_late} count={totals.completed_late} />
                </td>
                <td>{formatPercent(provinceRate, locale)}</td>
                <td>{formatAverage(totals.completed_late > 0 ? totals.daysLate / totals.completed_late : null, locale)}</td>
                <td>
                  <Figure value={totals.extensions} href={links.extensions} count={totals.extensions} />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

function Pillars({ data, links }: { data: Data; links: DashboardLinks }) {
  const t = useT();
  const pillars = [...data.figures.pillars].sort(
    (a, b) => (a.pillar === null ? PILLARS.length : PILLARS.indexOf(a.pillar)) - (b.pillar === null ? PILLARS.length : PILLARS.indexOf(b.pillar)),
  );
  return (
    <section aria-labelledby="pillar-title" className="space-y-2">
      <h2 id="pillar-title">{t("dashboard.pillar.title")}</h2>
      <div className="overflow-x-auto rounded border border-stone-300 bg-white print:overflow-visible">
        <table className={FIGURES} data-testid="pillars">
          <caption className="sr-only">{t("dashboard.pillar.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.pillar.col")}</th>
              <th scope="col" className="text-right">
                {t("dashboard.pillar.tasks")}
              </th>
              <th scope="col" className="text-right">
                {t("dashboard.col.open")}
              </th>
              <th scope="col" className="text-right">
                {t("dashboard.col.overdue")}
              </th>
              <th scope="col" className="text-right">
                {t("dashboard.col.onTime")}
              </th>
              <th scope="col" className="text-right">
                {t("dashboard.col.late")}
              </th>
              <th scope="col" className="text-right">
                {t("dashboard.pillar.blockers")}
              </th>
            </tr>
          </thead>
          <tbody>
            {pillars.map((p) => {
              const line = links.pillar(p.pillar);
              return (
                <tr key={p.pillar ?? "none"} data-pillar={p.pillar ?? "none"}>
                  <th scope="row">{p.pillar ? t(`pillar.${p.pillar}` as MessageKey) : t("dashboard.pillar.none")}</th>
                  <td>
                    <Figure value={p.tasks.total} href={line.total} count={p.tasks.total} />
                  </td>
                  <td>
                    <Figure value={p.tasks.open} href={line.open} count={p.tasks.open} />
                  </td>
                  <td className={p.tasks.overdue > 0 ? "font-semibold text-red-800" : undefined}>
                    <Figure value={p.tasks.overdue} href={line.overdue} count={p.tasks.overdue} />
                  </td>
                  <td>
                    <Figure value={p.tasks.onTime} href={line.completed_on_time} count={p.tasks.onTime} />
                  </td>
                  <td>
                    <Figure value={p.tasks.late} href={line.completed_late} count={p.tasks.late} />
                  </td>
                  <td>
                    <Figure value={p.blockers} href={links.pillarBlockers(p.pillar)} count={p.blockers} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Trends({ data, links }: { data: Data; links: DashboardLinks }) {
  const t = useT();
  const trend = data.figures.trend;
  const categories = trend.map((p) => shortPeriod(p.period));
  const common = {
    categories,
    xLabel: t("dashboard.axis.month"),
    tableLabel: t("dashboard.trend.table"),
    categoryHeading: t("dashboard.axis.month"),
  };
  const last = trend[trend.length - 1];
  const months = trend.map((p) => links.month(p));
  const TASK_FIGURES = ["assigned", "onTime", "late"] as const;
  return (
    <section aria-labelledby="trend-title" className="space-y-3">
      <h2 id="trend-title">{t("dashboard.trend.title")}</h2>
      <div className="grid gap-4 xl:grid-cols-2">
        <Chart
          {...common}
          kind="bars"
          testId="chart-tasks"
          title={t("dashboard.trend.tasks.title")}
          description={t("dashboard.trend.tasks.desc")}
          yLabel={t("dashboard.axis.tasks")}
          series={[
            { label: t("dashboard.trend.assigned"), tone: "assigned", values: trend.map((p) => p.assigned) },
            { label: t("dashboard.trend.onTime"), tone: "onTime", values: trend.map((p) => p.onTime) },
            { label: t("dashboard.trend.late"), tone: "late", values: trend.map((p) => p.late) },
          ]}
          cell={(s, i, value) => <Figure value={value} href={months[i][TASK_FIGURES[s]]} count={value} />}
        />
        <Chart
          {...common}
          kind="line"
          testId="chart-overdue"
          title={t("dashboard.trend.overdue.title")}
          description={`${t("dashboard.trend.overdue.desc")}${last && last.asOf < lastDayOf(last.period) ? ` ${t("dashboard.trend.overdue.current", { date: formatShortDate(last.asOf) })}` : ""}`}
          yLabel={t("dashboard.axis.tasks")}
          series={[{ label: t("dashboard.trend.overdue"), tone: "overdue", values: trend.map((p) => p.overdue) }]}
          cell={(_, i, value) => <Figure value={value} href={months[i].overdue} count={value} />}
        />
        <Chart
          {...common}
          kind="bars"
          testId="chart-blockers"
          title={t("dashboard.trend.blockers.title")}
          description={t("dashboard.trend.blockers.desc")}
          yLabel={t("dashboard.axis.blockers")}
          series={[{ label: t("dashboard.trend.received"), tone: "blockers", values: trend.map((p) => p.blockersReceived) }]}
          cell={(_, i, value) => <Figure value={value} href={links.blockersInMonth(trend[i].period)} count={value} />}
        />
      </div>
    </section>
  );
}

function NoSeries({ canAdmin }: { canAdmin: boolean }) {
  const t = useT();
  return (
    <div className="space-y-4">
      <h1>{t("dashboard.title")}</h1>
      <div className="card" data-testid="dashboard-empty">
        <p>{t("dashboard.empty.noSeries")}</p>
        {canAdmin && (
          <p className="mt-3">
            <Link to="/admin/series/new" className="btn btn-primary">
              {t("dashboard.empty.createSeries")}
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
ProvinceDashboard.NoSeries = NoSeries;
