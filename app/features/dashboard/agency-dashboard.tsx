/**
 * An agency's own dashboard: what it owes (nearest deadline first), what is
 * overdue, what waits for the chair, its blockers, the next meeting's
 * cut-off, and its on-time rate against the province's.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { BlockerStatus } from "../../../db/schema";
import { CompareBars } from "~/components/charts";
import { BlockerStatusBadge, TaskStatusBadge } from "~/components/status-badge";
import type { loader } from "~/routes/dashboard";
import { formatDateTime, formatPeriod, formatShortDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/use-t";
import { agencyListHrefs, formatPercent } from "./dashboard-rules";
import { Tile } from "./province-dashboard";

type Data = Extract<SerializeFrom<typeof loader>, { view: "agency" }>;
type Owed = Data["figures"]["overdue"][number];

const BLOCKER_ORDER: BlockerStatus[] = ["draft", "submitted", "returned", "on_agenda", "resolved", "referred", "merged", "declined", "withdrawn"];

export function AgencyDashboard({ data }: { data: Data }) {
  const t = useT();
  const { figures, agency } = data;
  const sum = (s: "overdue" | "due_soon") => figures.counts.lead[s] + figures.counts.coordinating[s];
  const overdueCount = sum("overdue");
  const upcomingCount = figures.owedTotal - overdueCount;
  const blockerCount = Object.values(figures.blockers.byStatus).reduce((n, c) => n + c, 0);
  const lists = agencyListHrefs(agency.id);

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1>{t("dashboard.agency.heading", { agency: agency.name })}</h1>
        <p className="text-stone-700">{t("dashboard.agency.intro", { today: formatShortDate(data.today) })}</p>
        <p className="no-print text-sm">
          <Link to="/dashboard?view=province">{t("dashboard.view.province")}</Link>
        </p>
      </header>

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="agency-headline">
        <Tile value={figures.owedTotal} label={t("dashboard.agency.tile.owed")} tone="open" testId="fig-owed" />
        <Tile value={overdueCount} label={t("dashboard.agency.tile.overdue")} href={lists.overdue} tone="overdue" testId="fig-agency-overdue" />
        <Tile value={sum("due_soon")} label={t("dashboard.agency.tile.dueSoon")} href={lists.dueSoon} tone="dueSoon" testId="fig-agency-due-soon" />
        <Tile value={figures.awaitingTotal} label={t("dashboard.agency.tile.awaiting")} tone="neutral" testId="fig-awaiting" />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <NextMeeting data={data} />
        <RateCard data={data} />
      </div>

      <section aria-labelledby="overdue-title" className="space-y-2">
        <h2 id="overdue-title">{t("dashboard.agency.overdue.title", { count: overdueCount })}</h2>
        {overdueCount === 0 ? (
          <p className="card text-stone-700">{t("dashboard.agency.overdue.none")}</p>
        ) : (
          <OwedTable rows={figures.overdue} testId="agency-overdue" />
        )}
        {figures.overdue.length < overdueCount && <MoreLink to={lists.overdue} text={t("dashboard.agency.overdue.more", { count: overdueCount })} />}
      </section>

      <section aria-labelledby="owed-title" className="space-y-2">
        <h2 id="owed-title">{t("dashboard.agency.owed.title", { count: upcomingCount })}</h2>
        <p className="text-sm text-stone-700">{t("dashboard.agency.owed.hint")}</p>
        {upcomingCount === 0 ? (
          <p className="card text-stone-700">{t("dashboard.agency.owed.none")}</p>
        ) : (
          <OwedTable rows={figures.upcoming} testId="agency-owed" />
        )}
        {figures.upcoming.length < upcomingCount && <MoreLink to={lists.open} text={t("dashboard.agency.owed.more", { count: figures.owedTotal })} />}
      </section>

      <section aria-labelledby="awaiting-title" className="space-y-2">
        <h2 id="awaiting-title">{t("dashboard.agency.awaiting.title", { count: figures.awaitingTotal })}</h2>
        {figures.awaitingTotal === 0 ? (
          <p className="card text-stone-700">{t("dashboard.agency.awaiting.none")}</p>
        ) : (
          <ul className="card divide-y divide-stone-200" data-testid="agency-awaiting">
            {figures.awaitingChair.map((a) => (
              <li key={`${a.kind}-${a.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <span className="badge bg-purple-100 text-purple-900">
                  {a.kind === "extension"
                    ? t("tasks.awaiting.extension", { date: formatShortDate(a.day) })
                    : t("tasks.awaiting.completion", { date: formatShortDate(a.day) })}
                </span>
                <Link to={`/tasks/${a.taskId}#${a.kind === "extension" ? "extensions" : "completion"}`} className="font-medium">
                  {t("tasks.number", { id: a.taskId })} · {a.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
        {figures.awaitingChair.length < figures.awaitingTotal && <MoreLink to={lists.awaiting} text={t("dashboard.agency.awaiting.more")} />}
      </section>

      <section aria-labelledby="agency-blockers-title" className="space-y-2">
        <h2 id="agency-blockers-title">{t("dashboard.agency.blockers.title", { count: blockerCount })}</h2>
        {blockerCount === 0 ? (
          <div className="card">
            <p className="text-stone-700">{t("dashboard.agency.blockers.none")}</p>
            <p className="mt-3">
              <Link to="/blockers/new" className="btn btn-primary">
                {t("dashboard.agency.blockers.new")}
              </Link>
            </p>
          </div>
        ) : (
          <div className="card space-y-3">
            <ul className="flex flex-wrap gap-2">
              {BLOCKER_ORDER.filter((s) => figures.blockers.byStatus[s] > 0).map((s) => (
                <li key={s} className="flex items-center gap-1 rounded border border-stone-300 px-2 py-1">
                  <BlockerStatusBadge status={s} /> <span className="font-semibold tabular-nums">{figures.blockers.byStatus[s]}</span>
                </li>
              ))}
            </ul>
            <h3 className="text-base font-semibold">{t("dashboard.agency.blockers.recent")}</h3>
            <ul className="divide-y divide-stone-200" data-testid="agency-blockers">
              {figures.blockers.recent.map((b) => (
                <li key={b.id} className="py-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <BlockerStatusBadge status={b.status} />
                    <Link to={`/blockers/${b.id}`} className="font-medium">
                      {b.title}
                    </Link>
                    {b.isLate && <span className="text-sm text-orange-900">({t("dashboard.agency.blockers.late")})</span>}
                  </div>
                  {b.submittedAt && <p className="text-sm text-stone-600">{t("dashboard.agency.blockers.sent", { when: formatDateTime(b.submittedAt) })}</p>}
                  {b.outcomeReason && <p className="mt-1 text-sm text-stone-800">{b.outcomeReason}</p>}
                </li>
              ))}
            </ul>
            <p className="flex flex-wrap gap-2 text-sm">
              <Link to="/blockers?status=all" className="btn">
                {t("dashboard.agency.blockers.all")}
              </Link>
              <Link to="/blockers/new" className="btn">
                {t("dashboard.agency.blockers.new")}
              </Link>
            </p>
          </div>
        )}
      </section>
    </div>
  );
}

/** The way from a list cut at its first rows to all of them, in the register. */
function MoreLink({ to, text }: { to: string; text: string }) {
  return (
    <p className="text-sm">
      <Link to={to}>{text}</Link>
    </p>
  );
}

function OwedTable({ rows, testId }: { rows: Owed[]; testId: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="overflow-x-auto rounded border border-stone-300 bg-white">
      <table className="register" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.agency.col.task")}</th>
            <th scope="col">{t("dashboard.agency.col.role")}</th>
            <th scope="col">{t("dashboard.agency.col.lead")}</th>
            <th scope="col">{t("dashboard.agency.col.deadline")}</th>
            <th scope="col">{t("dashboard.agency.col.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-task-id={r.id}>
              <td className="min-w-64">
                <Link to={`/tasks/${r.id}`} className="font-medium">
                  {t("tasks.number", { id: r.id })} · {r.title}
                </Link>
              </td>
              <td>{t(r.role === "lead" ? "dashboard.agency.role.lead" : "dashboard.agency.role.coordinating")}</td>
              <td className="min-w-32">{locale === "vi" ? r.leadVi : r.leadEn}</td>
              <td className="whitespace-nowrap tabular-nums">
                {r.deadline ? formatShortDate(r.deadline) : <span className="text-stone-500">{t("tasks.noDeadline")}</span>}
                {r.originalDeadline && r.deadline && r.originalDeadline !== r.deadline && (
                  <div className="text-xs text-stone-600">{t("dashboard.agency.extended", { date: formatShortDate(r.originalDeadline) })}</div>
                )}
                {r.pendingExtension && <div className="text-xs text-purple-800">{t("dashboard.agency.pendingExtension")}</div>}
              </td>
              <td className="whitespace-nowrap">
                <TaskStatusBadge status={r.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NextMeeting({ data }: { data: Data }) {
  const t = useT();
  const m = data.figures.nextMeeting;
  const left = data.cutoff;
  return (
    <section className="card border-l-4 border-l-blue-800" aria-labelledby="next-meeting-title" data-testid="agency-next-meeting">
      <h2 id="next-meeting-title">{t("dashboard.agency.meeting.title")}</h2>
      {m && left ? (
        <div className="mt-2 space-y-1">
          <p>
            <Link to={`/meetings/${m.id}`} className="font-medium">
              {m.title}
            </Link>
          </p>
          <p className="text-stone-700">{t("dashboard.agency.meeting.when", { when: formatDateTime(m.startsAt) })}</p>
          <p className="text-stone-700">{t("dashboard.agency.meeting.cutoff", { when: formatDateTime(m.cutoffAt) })}</p>
          <p
            className={`text-lg font-semibold ${left.passed ? "text-stone-700" : left.days < 3 ? "text-orange-800" : "text-stone-900"}`}
            data-testid="cutoff-left"
          >
            {left.passed
              ? t("dashboard.agency.meeting.passed")
              : left.days > 0
                ? t("dashboard.agency.meeting.left", { days: left.days, hours: left.hours })
                : t("dashboard.agency.meeting.leftHours", { hours: left.hours, minutes: left.minutes })}
          </p>
        </div>
      ) : (
        <p className="mt-2 text-stone-700">{t("dashboard.agency.meeting.none")}</p>
      )}
    </section>
  );
}

function RateCard({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const { rate } = data;
  const mine = formatPercent(rate.mine, locale);
  const province = formatPercent(rate.province, locale);
  return (
    <section className="card" aria-labelledby="rate-title" data-testid="agency-rate">
      <h2 id="rate-title">{t("dashboard.agency.rate.title")}</h2>
      <p className="text-sm text-stone-700">{t("dashboard.agency.rate.scope", { series: rate.seriesName, from: formatPeriod(rate.from, locale) })}</p>
      <div className="mt-3">
        <CompareBars
          title={t("dashboard.agency.rate.compare", { mine, province })}
          items={[
            { label: t("dashboard.agency.rate.mine"), value: rate.mine, text: mine, tone: "onTime" },
            { label: t("dashboard.agency.rate.province"), value: rate.province, text: province, tone: "neutral" },
          ]}
        />
      </div>
      <p className="mt-2 text-sm text-stone-800">
        {rate.rank !== null ? t("dashboard.agency.rate.rank", { rank: rate.rank, of: rate.rankedCount }) : t("dashboard.agency.rate.unranked")}
      </p>
    </section>
  );
}
