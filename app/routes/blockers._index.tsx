import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { parseListQuery } from "~/features/blockers/blockers-schemas";
import { listBlockers, listFilterOptions } from "~/features/blockers/blockers.server";
import { BlockerTable } from "~/features/blockers/components/blocker-table";
import { ListFilters } from "~/features/blockers/components/list-filters";
import { StatusCounts } from "~/features/blockers/components/status-counts";
import { requireUser } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { can } from "~/utils/permissions";
import { requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Everyone signed in may read published blockers; the rest is scoped in the query.
  requirePermission(user, "blocker:read", { published: true });
  const t = await getTranslator(request, user);
  const query = parseListQuery(new URL(request.url).searchParams);
  const [list, options] = await Promise.all([listBlockers(user, query), listFilterOptions(user)]);
  return {
    title: `${t("blockers.title")} · ${t("app.name")}`,
    query,
    list,
    options,
    agencyName: user.locale === "vi" ? user.agencyNameVi : user.agencyNameEn,
    canDraft: can(user, "blocker:draft", { agencyId: user.agencyId ?? undefined }),
  };
}

export default function BlockerList() {
  const t = useT();
  const { query, list, options, agencyName, canDraft } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const filtered = Boolean(query.series || query.meeting || query.agency || query.pillar || query.from || query.to || query.late || query.pending);

  return (
    <div className="space-y-5">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1>{t("blockers.title")}</h1>
          <p className="mt-1 text-stone-700">
            {list.view === "agency" ? t("blockers.intro.agency", { agency: agencyName ?? "" }) : t(`blockers.intro.${list.view}`)}
          </p>
        </div>
        {canDraft && (
          <Link to="/blockers/new" className="btn btn-primary">
            {t("blockers.new")}
          </Link>
        )}
      </header>

      {list.pendingForMe > 0 && !query.pending && (
        <p className="card flex flex-wrap items-center justify-between gap-3 border-l-4 border-l-orange-600">
          <span>{t("blockers.pending.notice", { count: list.pendingForMe })}</span>
          <Link to="/blockers?pending=1&status=all" className="btn">
            {t("blockers.pending.view")}
          </Link>
        </p>
      )}

      <StatusCounts list={list} search={search} />
      <ListFilters query={query} status={list.status} view={list.view} options={options} filtered={filtered} />

      {list.rows.length === 0 ? (
        <section className="card text-stone-700" data-testid="blockers-empty">
          <p>{filtered ? t("blockers.empty.filtered") : t(`blockers.empty.${list.view}`)}</p>
          {canDraft && !filtered && (
            <p className="mt-3">
              <Link to="/blockers/new" className="btn btn-primary">
                {t("blockers.new")}
              </Link>
            </p>
          )}
        </section>
      ) : (
        <BlockerTable list={list} search={search} />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
