import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/error-page";
import { MeetingStatusBadge } from "../components/meeting-status-badge";
import type { MeetingRow } from "../features/meetings/meetings.server";
import { listMeetings } from "../features/meetings/meetings.server";
import { requireUser } from "../utils/auth.server";
import { formatDateTime, formatPeriod } from "../utils/dates";
import { getTranslator } from "../utils/i18n.server";
import { can } from "../utils/permissions";
import { useLocale, useT } from "../utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request, user);
  const { upcoming, past } = await listMeetings();
  return {
    title: `${t("meetings.title")} · ${t("app.name")}`,
    upcoming,
    past,
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
  const { upcoming, past, canSchedule } = useLoaderData<typeof loader>();
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
              {t("meetings.past")} <span className="text-sm font-normal text-stone-600">({t("meetings.count", { count: past.length })})</span>
            </h2>
            {past.length > 0 && <MeetingTable rows={past} />}
          </section>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
