/**
 * /dashboard — Tổng hợp. The province's figures for a series and a range
 * (chair, secretary, observer, admin); an agency's own dashboard for its
 * head and staff, who may also open the province's figures read-only with
 * `?view=province` (issued tasks are public to everyone signed in, and the
 * dashboard never counts drafts).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { AgencyDashboard } from "~/features/dashboard/agency-dashboard";
import { ProvinceDashboard } from "~/features/dashboard/province-dashboard";
import { defaultDir, onTimeRate, rankScorecard, resolveRange, sortScorecard, timeLeft } from "~/features/dashboard/dashboard-rules";
import { parseDashboardQuery } from "~/features/dashboard/dashboard-schemas";
import { agencyFigures, provinceFigures, provinceRates, rankAgencies, seriesChoices } from "~/features/dashboard/dashboard.server";
import { requireUser } from "~/utils/auth.server";
import { nowIso, vnToday } from "~/utils/dates";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { can } from "~/utils/permissions";
import { requirePermission } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // The figures are counts of issued tasks, which everyone signed in may read.
  requirePermission(user, "task:read", { published: true });
  const locale = await getLocale(request, user);
  const t = await getTranslator(request, user);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const today = vnToday();
  const title = `${t("dashboard.title")} · ${t("app.name")}`;

  const agencyId = (user.role === "agency_head" || user.role === "agency_staff") && user.agencyId !== null ? user.agencyId : null;
  const { options, defaultId } = await seriesChoices(user);
  const seriesId = query.series !== null && options.some((o) => o.id === query.series) ? query.series : defaultId;
  const seriesOptions = options.map((o) => ({ id: o.id, name: locale === "vi" ? o.nameVi : o.nameEn }));
  const seriesName = seriesOptions.find((o) => o.id === seriesId)?.name ?? "";

  if (agencyId !== null && query.view !== "province") {
    const range = resolveRange(null, null, today);
    // Of the province, only what the agency's rank and the province's rate read.
    const [figures, rates] = await Promise.all([agencyFigures(agencyId, today), seriesId !== null ? provinceRates({ seriesId, range, today }) : null]);
    const ranked = rates ? rankAgencies(rates.agencies) : [];
    const mine = ranked.find((r) => r.agencyId === agencyId) ?? null;
    const provinceRate = rates ? onTimeRate(rates.totals) : null;
    return {
      view: "agency" as const,
      title,
      today,
      agency: { id: agencyId, name: (locale === "vi" ? user.agencyNameVi : user.agencyNameEn) ?? "" },
      figures,
      cutoff: figures.nextMeeting ? timeLeft(figures.nextMeeting.cutoffAt, nowIso()) : null,
      rate: {
        seriesName,
        from: range.from,
        mine: mine?.rate ?? null,
        rank: mine?.rank ?? null,
        rankedCount: ranked.filter((r) => r.rank !== null).length,
        province: provinceRate,
      },
    };
  }

  if (seriesId === null) {
    return { view: "none" as const, title, canAdmin: can(user, "admin:manage") };
  }

  const range = resolveRange(query.from, query.to, today);
  const { agencies, ...figures } = await provinceFigures({ seriesId, range, today });
  const dir = query.dir ?? defaultDir(query.sort);
  // What the scorecard shows, and no more: the page carries its data to the browser too.
  const rows = sortScorecard(rankScorecard(agencies), query.sort, dir, locale).map((r) => ({
    agencyId: r.agencyId,
    name: locale === "vi" ? r.nameVi : r.nameEn,
    rank: r.rank,
    total: r.total,
    open: r.open,
    overdue: r.overdue,
    onTime: r.onTime,
    late: r.late,
    rate: r.rate,
    avgDaysLate: r.avgDaysLate,
    extensions: r.extensions,
  }));
  return {
    view: "province" as const,
    title,
    today,
    isAgencyUser: agencyId !== null,
    series: { id: seriesId, name: seriesName },
    seriesOptions,
    range: { from: range.from, to: range.to, dayFrom: range.dayFrom, dayTo: range.dayTo, isDefault: range.isDefault, months: range.months },
    sort: { key: query.sort, dir },
    figures,
    scorecard: rows,
    // The figures' links are built by the page (dashboard-rules); blocker figures link only for the series' office, who see every blocker.
    blockersOffice: user.seriesRoles.some((r) => r.seriesId === seriesId),
  };
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  if (data.view === "agency") return <AgencyDashboard data={data} />;
  if (data.view === "province") return <ProvinceDashboard data={data} />;
  return <ProvinceDashboard.NoSeries canAdmin={data.canAdmin} />;
}

export type DashboardData = Awaited<ReturnType<typeof loader>>;

export function ErrorBoundary() {
  return <ErrorPage />;
}
