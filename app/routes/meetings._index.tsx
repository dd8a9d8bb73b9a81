import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FilterSelect } from "~/components/filter-fields";
import { MeetingStatusBadge } from "~/components/meeting-status-badge";
import type { MeetingRow } from "~/features/meetings/meetings.server";
import { listMeetings, meetingFilterOptions } from "~/features/meetings/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime, formatPeriod } from "~/utils/dates";
import { getTranslator } from "~/utils/i18n.server";
import { can } from "~/utils/permissions";
import { useLocale, useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request, user);
  const url = new URL(request.url);
  // Filters live in the URL so a view can be bookmarked; odd values are ignored, not refused.
  const seriesId = Number(url.searchParams.get("series")) || null;
  const yearParam = url.searchParams.get("year") ?? "";
  const year = /^\d{4}$/.test(yearParam) ? yearParam : null;
  const page = Number(url.searchParams.get("page")) || 1;
  const list = await listMeetings({ seriesId, year, page });
  return {
    title: `${t("meetings.title")} · ${t("app.name")}`,
    ...list,
    filters: { seriesId, year },
    options: await meetingFilterOptions(),
    canSchedule: can(user, "meeting:schedule"),
  };
}

function MeetingTable({ rows }: { rows: MeetingRow[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="overflow-x-auto">
      <table className="register">
        <thead>
          <tr>
            <th scope="col">{t("meetings.col.period")}</th>
            <th scope="col">{t("meetings.col.meeting")}</th>
            <th scope="col">{t("meetings.col.startsAt")}</th>
            <th scope="col">{t("meetings.col.cutoff")}</th>
            <th scope="col">{t("meetings.col.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id}>
              <td className="whitespace-nowrap">{formatPeriod(m.period, locale)}</td>
              <td>
                <Link to={`/meetings/${m.id}`} className="font-medium">
                  {locale === "vi" ? m.title : `${m.seriesNameEn} — ${formatPeriod(m.period, "en")}`}
                </Link>
                <div className="text-xs text-stone-600">{m.place}</div>
              </td>
              <td className="whitespace-nowrap">{formatDateTime(m.startsAt)}</td>
              <td className="whitespace-nowrap">{formatDateTime(m.cutoffAt)}</td>
              <td>
                <MeetingStatusBadge status={m.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Meetings() {
  const t = useT();
  const locale = useLocale();
  const { upcoming, past, pastTotal, page, pages, filters, options, canSchedule } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next}`;
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>{t("meetings.title")}</h1>
        {canSchedule && (
          <Link to="/meetings/new" className="btn btn-primary">
            {t("meetings.schedule")}
          </Link>
        )}
      </div>
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <FilterSelect
          name="series"
          label={t("meetings.field.series")}
          value={String(filters.seriesId ?? "")}
          options={[{ value: "", label: t("common.all") }, ...options.series.map((s) => ({ value: s.id, label: locale === "vi" ? s.name_vi : s.name_en }))]}
        />
        <FilterSelect
          name="year"
          label={t("meetings.year")}
          value={String(filters.year ?? "")}
          options={[{ value: "", label: t("common.all") }, ...options.years.map((y) => ({ value: y, label: y }))]}
        />
        <button type="submit" className="btn">
          {t("common.filter")}
        </button>
      </Form>
      {upcoming.length === 0 && past.length === 0 ? (
        <p className="card text-stone-700">{canSchedule ? t("meetings.emptyOffice") : t("meetings.empty")}</p>
      ) : (
        <>
          <section className="space-y-2">
            <h2>
              {t("meetings.upcoming")} <span className="text-sm font-normal text-stone-600">({t("meetings.count", { count: upcoming.length })})</span>
            </h2>
            {upcoming.length > 0 && <MeetingTable rows={upcoming} />}
          </section>
          <section className="space-y-2">
            <h2>
              {t("meetings.past")} <span className="text-sm font-normal text-stone-600">({t("meetings.count", { count: pastTotal })})</span>
            </h2>
            {past.length > 0 && <MeetingTable rows={past} />}
            {pages > 1 && (
              <nav className="flex items-center gap-3 text-sm" aria-label={t("meetings.past")}>
                {page > 1 && <Link to={pageLink(page - 1)}>{t("common.previous")}</Link>}
                <span>{t("common.pageOf", { page, pages })}</span>
                {page < pages && <Link to={pageLink(page + 1)}>{t("common.next")}</Link>}
              </nav>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
