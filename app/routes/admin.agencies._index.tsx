import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FilterSelect } from "~/components/filter-fields";
import { ActiveBadge, ActiveFilterAndButtons, EmptyState, Pagination, RegisterHeading, RegisterSearchField, SavedNotice } from "~/features/admin/admin-ui";
import { parseAgencyFilters } from "~/features/agencies/agencies-schemas";
import { listAgencies } from "~/features/agencies/agencies.server";
import { AGENCY_KINDS } from "../../db/schema";
import { requireUser } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const t = await getTranslator(request, user);
  const filters = parseAgencyFilters(new URL(request.url).searchParams);
  const { page, counts } = await listAgencies(filters);
  return { title: `${t("admin.agencies.title")} · ${t("admin.title")} · ${t("app.name")}`, filters, page, counts };
}

export default function AgencyList() {
  const t = useT();
  const locale = useLocale();
  const { filters, page, counts } = useLoaderData<typeof loader>();
  const filtered = filters.q !== "" || filters.kind !== null || filters.active !== null;
  return (
    <div className="space-y-4">
      <RegisterHeading
        title={t("admin.agencies.title")}
        summary={t("admin.agencies.summary", counts)}
        testId="agency-counts"
        newTo="/admin/agencies/new"
        newLabel={t("admin.agencies.new")}
      />
      <SavedNotice />

      {counts.all === 0 ? (
        <EmptyState>{t("admin.agencies.empty")}</EmptyState>
      ) : (
        <>
          <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
            <RegisterSearchField defaultValue={filters.q} placeholder={t("admin.agencies.searchPlaceholder")} />
            <FilterSelect
              name="kind"
              id="kind"
              label={t("admin.filter.kind")}
              value={filters.kind ?? ""}
              options={[{ value: "", label: t("common.all") }, ...AGENCY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))]}
            />
            <ActiveFilterAndButtons active={filters.active} filtered={filtered} clearTo="/admin/agencies" />
          </Form>

          {page.total === 0 ? (
            <EmptyState>{t("admin.list.noneMatch")}</EmptyState>
          ) : (
            <div className="overflow-x-auto rounded border border-stone-300 bg-white">
              <table className="register" data-testid="agency-register">
                <thead>
                  <tr>
                    <th scope="col">{t("admin.field.code")}</th>
                    <th scope="col">{t("admin.field.nameVi")}</th>
                    <th scope="col">{t("admin.field.nameEn")}</th>
                    <th scope="col">{t("admin.agency.kind")}</th>
                    <th scope="col">{t("admin.agency.parent")}</th>
                    <th scope="col" className="text-right">
                      {t("admin.agency.users")}
                    </th>
                    <th scope="col">{t("common.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((a) => (
                    <tr key={a.id} className={a.active ? "" : "text-stone-500"}>
                      <td className="whitespace-nowrap font-mono">
                        <Link to={`/admin/agencies/${a.id}`} className="-my-3 inline-block py-3 font-semibold">
                          {a.code}
                        </Link>
                      </td>
                      <td lang="vi">{a.name_vi}</td>
                      <td lang="en">{a.name_en}</td>
                      <td className="whitespace-nowrap">{t(`kind.${a.kind}`)}</td>
                      <td>
                        {a.parent_id ? (
                          <Link to={`/admin/agencies/${a.parent_id}`} title={locale === "vi" ? (a.parent_name_vi ?? "") : (a.parent_name_en ?? "")}>
                            {a.parent_code}
                          </Link>
                        ) : (
                          t("common.none")
                        )}
                      </td>
                      <td className="text-right tabular-nums">{a.user_count}</td>
                      <td>
                        <ActiveBadge active={a.active} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} />
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
