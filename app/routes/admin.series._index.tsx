import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ActiveBadge, EmptyState, SavedNotice } from "~/features/admin/admin-ui";
import { listSeries } from "~/features/series/series.server";
import { requireUser } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const t = await getTranslator(request, user);
  return { title: `${t("admin.series.title")} · ${t("admin.title")} · ${t("app.name")}`, series: await listSeries() };
}

export default function SeriesList() {
  const t = useT();
  const locale = useLocale();
  const { series } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1>{t("admin.series.title")}</h1>
          <p className="text-sm text-stone-700">{t("admin.series.summary", { all: series.length })}</p>
        </div>
        <Link to="/admin/series/new" className="btn btn-primary">
          {t("admin.series.new")}
        </Link>
      </div>
      <SavedNotice />
      {series.length === 0 ? (
        <EmptyState>{t("admin.series.empty")}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded border border-stone-300 bg-white">
          <table className="register" data-testid="series-register">
            <thead>
              <tr>
                <th scope="col">{t("admin.field.code")}</th>
                <th scope="col">{t(locale === "vi" ? "admin.field.nameVi" : "admin.field.nameEn")}</th>
                <th scope="col">{t("admin.series.issuingBody")}</th>
                <th scope="col">{t("admin.series.noticeSymbol")}</th>
                <th scope="col">{t("admin.series.chairs")}</th>
                <th scope="col" className="text-right">
                  {t("admin.series.secretaries")}
                </th>
                <th scope="col" className="text-right">
                  {t("admin.series.agencies")}
                </th>
                <th scope="col" className="text-right">
                  {t("admin.series.meetings")}
                </th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.id}>
                  <td className="font-mono">
                    <Link to={`/admin/series/${s.id}`} className="-my-3 inline-block py-3 font-semibold">
                      {s.code}
                    </Link>
                  </td>
                  <td>{locale === "vi" ? s.name_vi : s.name_en}</td>
                  <td lang="vi">{s.issuing_body}</td>
                  <td className="font-mono">{s.notice_symbol}</td>
                  <td>{s.chairs.length ? s.chairs.join(", ") : <span className="font-medium text-red-800">{t("admin.series.noChair")}</span>}</td>
                  <td className="text-right tabular-nums">{s.secretary_count}</td>
                  <td className="text-right tabular-nums">{s.agency_count}</td>
                  <td className="text-right tabular-nums">{s.meeting_count}</td>
                  <td>
                    <ActiveBadge active={s.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
