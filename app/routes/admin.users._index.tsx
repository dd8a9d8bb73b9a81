import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { USER_ROLES } from "../../db/schema";
import { ErrorPage } from "~/components/error-page";
import { FilterSelect } from "~/components/filter-fields";
import { ActiveBadge, ActiveFilterAndButtons, EmptyState, Pagination, RegisterHeading, RegisterSearchField, SavedNotice } from "~/features/admin/admin-ui";
import { parseUserFilters } from "~/features/users/users-schemas";
import { allAgencies, listUsers } from "~/features/users/users.server";
import { requireUser } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const t = await getTranslator(request, user);
  const filters = parseUserFilters(new URL(request.url).searchParams);
  const [{ page, counts }, agencies] = await Promise.all([listUsers(filters), allAgencies()]);
  return {
    title: `${t("admin.users.title")} · ${t("admin.title")} · ${t("app.name")}`,
    filters,
    page,
    counts,
    agencies,
    me: user.id,
  };
}

export default function UserList() {
  const t = useT();
  const locale = useLocale();
  const { filters, page, counts, agencies, me } = useLoaderData<typeof loader>();
  const filtered = filters.q !== "" || filters.role !== null || filters.agencyId !== null || filters.active !== null;
  return (
    <div className="space-y-4">
      <RegisterHeading
        title={t("admin.users.title")}
        summary={t("admin.users.summary", counts)}
        testId="user-counts"
        newTo="/admin/users/new"
        newLabel={t("admin.users.new")}
      />
      <SavedNotice />

      {counts.all === 0 ? (
        <EmptyState>{t("admin.users.empty")}</EmptyState>
      ) : (
        <>
          <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
            <RegisterSearchField defaultValue={filters.q} placeholder={t("admin.users.searchPlaceholder")} />
            <FilterSelect
              name="role"
              id="role"
              label={t("admin.filter.role")}
              value={filters.role ?? ""}
              options={[{ value: "", label: t("common.all") }, ...USER_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
            />
            <FilterSelect
              name="agency"
              id="agency"
              className="max-w-72"
              label={t("admin.filter.agency")}
              value={filters.agencyId === null ? "" : String(filters.agencyId)}
              options={[
                { value: "", label: t("common.all") },
                ...agencies.map((a) => ({ value: a.id, label: `${a.code} — ${locale === "vi" ? a.name_vi : a.name_en}` })),
              ]}
            />
            <ActiveFilterAndButtons active={filters.active} filtered={filtered} clearTo="/admin/users" />
          </Form>

          {page.total === 0 ? (
            <EmptyState>{t("admin.list.noneMatch")}</EmptyState>
          ) : (
            <div className="overflow-x-auto rounded border border-stone-300 bg-white">
              <table className="register" data-testid="user-register">
                <thead>
                  <tr>
                    <th scope="col">{t("admin.user.fullName")}</th>
                    <th scope="col">{t("admin.user.username")}</th>
                    <th scope="col">{t("admin.user.email")}</th>
                    <th scope="col">{t("admin.user.role")}</th>
                    <th scope="col">{t("admin.user.agency")}</th>
                    <th scope="col">{t("common.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((u) => (
                    <tr key={u.id} className={u.active ? "" : "text-stone-500"}>
                      <td>
                        <Link to={`/admin/users/${u.id}`} className="-my-3 inline-block py-3 font-semibold">
                          {u.full_name}
                        </Link>
                        {u.id === me && <span className="ml-1 text-stone-600">{t("admin.you")}</span>}
                        {u.title && <div className="text-xs text-stone-600">{u.title}</div>}
                      </td>
                      <td className="font-mono">{u.username}</td>
                      <td className="break-all">{u.email ?? t("common.none")}</td>
                      <td className="whitespace-nowrap">{t(`role.${u.role}`)}</td>
                      <td className="whitespace-nowrap">
                        {u.agency_id ? (
                          <Link to={`/admin/agencies/${u.agency_id}`} title={(locale === "vi" ? u.agency_name_vi : u.agency_name_en) ?? ""}>
                            {u.agency_code}
                          </Link>
                        ) : (
                          t("common.none")
                        )}
                      </td>
                      <td>
                        <ActiveBadge active={u.active} />
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
