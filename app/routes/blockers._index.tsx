import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { BLOCKER_STATUSES, PILLARS } from "../../db/schema";
import { ErrorPage } from "~/components/error-page";
import { FilterDate, FilterSelect } from "~/components/filter-fields";
import { Badge, BlockerStatusBadge } from "~/components/status-badge";
import { parseListQuery } from "~/features/blockers/blockers-schemas";
import { listBlockers, listFilterOptions, type BlockerRow } from "~/features/blockers/blockers.server";
import type { MessageKey } from "~/i18n";
import { requireUser } from "~/utils/auth.server";
import { formatShortDate } from "~/utils/dates";
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

/** The same list with some parameters changed (`null` removes one); the page resets unless given. */
function hrefWith(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const s = params.toString();
  return s ? `/blockers?${s}` : "/blockers";
}

/** The file of the same list: every page of the same filters. */
function exportHref(search: string, format: "csv" | "xlsx"): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  const s = params.toString();
  return s ? `/blockers.${format}?${s}` : `/blockers.${format}`;
}

export default function BlockerList() {
  const t = useT();
  const { query, list, options, agencyName, canDraft } = useLoaderData<typeof loader>();
  const location = useLocation();
  const office = list.view === "office";
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

      <nav aria-label={t("blockers.counts.label")} className="flex flex-wrap gap-2 text-sm">
        <StatusLink href={hrefWith(location.search, { status: "all" })} current={list.status === "all"}>
          {t("blockers.counts.all")} ({list.countAll})
        </StatusLink>
        {BLOCKER_STATUSES.filter((s) => (list.counts[s] ?? 0) > 0 || list.status === s).map((s) => (
          <StatusLink key={s} href={hrefWith(location.search, { status: s })} current={list.status === s}>
            {t(`blockerStatus.${s}`)} ({list.counts[s] ?? 0})
          </StatusLink>
        ))}
      </nav>

      <Form method="get" className="card" aria-labelledby="filter-title">
        <h2 id="filter-title" className="sr-only">
          {t("blockers.filter.title")}
        </h2>
        <div className="flex flex-wrap items-end gap-4">
          <FilterSelect
            className="min-w-48"
            name="status"
            label={t("blockers.filter.status")}
            value={list.status}
            options={[
              { value: "all", label: t("blockers.filter.allStatuses") },
              ...BLOCKER_STATUSES.map((s) => ({ value: s, label: t(`blockerStatus.${s}`) })),
            ]}
          />
          <FilterSelect
            className="min-w-48"
            name="pillar"
            label={t("blockers.filter.pillar")}
            value={query.pillar ?? ""}
            options={[{ value: "", label: t("blockers.filter.allPillars") }, ...PILLARS.map((p) => ({ value: p, label: t(`pillar.${p}`) }))]}
          />
          <FilterDate name="from" label={t("blockers.filter.from")} value={query.from ?? null} />
          <FilterDate name="to" label={t("blockers.filter.to")} value={query.to ?? null} />
          {options.series.length > 1 && (
            <FilterSelect
              className="min-w-48"
              name="series"
              label={t("blockers.filter.series")}
              value={query.series ? String(query.series) : ""}
              options={[{ value: "", label: t("blockers.filter.allSeries") }, ...options.series]}
            />
          )}
          {office && (
            <>
              <FilterSelect
                className="min-w-48"
                name="meeting"
                label={t("blockers.filter.meeting")}
                value={query.meeting ? String(query.meeting) : ""}
                options={[{ value: "", label: t("blockers.filter.allMeetings") }, ...options.meetings]}
              />
              <FilterSelect
                className="min-w-48"
                name="agency"
                label={t("blockers.filter.agency")}
                value={query.agency ? String(query.agency) : ""}
                options={[{ value: "", label: t("blockers.filter.allAgencies") }, ...options.agencies]}
              />
              <label className="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" name="late" value="1" defaultChecked={query.late} className="size-5" />
                {t("blockers.filter.late")}
              </label>
              <label className="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" name="pending" value="1" defaultChecked={query.pending} className="size-5" />
                {t("blockers.filter.pending")}
              </label>
            </>
          )}
          <div className="flex gap-2">
            <button type="submit" className="btn btn-primary">
              {t("blockers.filter.apply")}
            </button>
            {(filtered || query.status) && (
              <Link to="/blockers" className="btn">
                {t("blockers.filter.clear")}
              </Link>
            )}
          </div>
        </div>
      </Form>

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
        <>
          <p className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-stone-700">
            <span aria-live="polite">{t("blockers.shown", { from: list.from, to: list.to, total: list.total })}</span>
            <a className="btn no-print" href={exportHref(location.search, "xlsx")} download>
              {t("registerExport.xlsx")}
            </a>
            <a className="btn no-print" href={exportHref(location.search, "csv")} download>
              {t("registerExport.csv")}
            </a>
          </p>
          <div className="overflow-x-auto rounded border border-stone-300 bg-white">
            <table className="register">
              <thead>
                <tr>
                  <th scope="col">{t("blockers.col.number")}</th>
                  <th scope="col">{t("blockers.col.title")}</th>
                  {list.view !== "agency" && <th scope="col">{t("blockers.col.agency")}</th>}
                  <th scope="col">{t("blockers.col.classification")}</th>
                  <th scope="col">{t("blockers.col.meeting")}</th>
                  <th scope="col">{t("blockers.col.status")}</th>
                  <th scope="col">{t("blockers.col.submittedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <Row key={row.id} row={row} showAgency={list.view !== "agency"} />
                ))}
              </tbody>
            </table>
          </div>
          {list.pages > 1 && (
            <nav aria-label={t("blockers.pagination")} className="flex items-center justify-between gap-3">
              {list.page > 1 ? (
                <Link className="btn" rel="prev" to={hrefWith(location.search, { page: String(list.page - 1) })}>
                  {t("common.previous")}
                </Link>
              ) : (
                <span />
              )}
              <span className="text-sm">{t("common.pageOf", { page: list.page, pages: list.pages })}</span>
              {list.page < list.pages ? (
                <Link className="btn" rel="next" to={hrefWith(location.search, { page: String(list.page + 1) })}>
                  {t("common.next")}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          )}
        </>
      )}
    </div>
  );
}

function StatusLink({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  return (
    <Link
      to={href}
      aria-current={current ? "page" : undefined}
      className={`inline-flex min-h-11 items-center rounded border px-3 no-underline hover:no-underline ${
        current ? "border-stone-800 bg-stone-800 text-white" : "border-stone-300 bg-white text-stone-800 hover:bg-stone-100"
      }`}
    >
      {children}
    </Link>
  );
}

function Row({ row, showAgency }: { row: BlockerRow; showAgency: boolean }) {
  const t = useT();
  return (
    <tr data-testid={`blocker-${row.id}`}>
      <td className="font-mono">{row.id}</td>
      <td className="max-w-md">
        <Link to={`/blockers/${row.id}`} className="font-medium">
          {row.title}
        </Link>
      </td>
      {showAgency && <td>{row.agencyName}</td>}
      <td className="whitespace-nowrap">
        {t(`pillar.${row.pillar}` as MessageKey)}
        <br />
        <span className="text-stone-600">{t(`severity.${row.severity}` as MessageKey)}</span>
      </td>
      <td>{row.meetingTitle ?? <span className="text-stone-600">{t("blockers.noMeeting")}</span>}</td>
      <td className="space-y-1">
        <div className="flex flex-wrap gap-1">
          <BlockerStatusBadge status={row.status} />
          {row.isLate && <Badge label={t("blockers.late")} tone="warn" />}
          {row.pendingDecision && <Badge label={t("blockers.pendingBadge", { decision: t(`blockers.decision.${row.pendingDecision}`) })} tone="warn" />}
        </div>
        <Outcome row={row} />
      </td>
      <td className="whitespace-nowrap">{row.submittedAt ? formatShortDate(row.submittedAt) : t("common.none")}</td>
    </tr>
  );
}

/** Why a blocker stands where it does, in one line the agency can act on. */
function Outcome({ row }: { row: BlockerRow }) {
  const t = useT();
  if (row.status === "merged" && row.mergedIntoId) {
    return (
      <p className="text-sm">
        <Link to={`/blockers/${row.mergedIntoId}`}>{t("blockers.outcome.merged", { id: row.mergedIntoId })}</Link>
      </p>
    );
  }
  if (row.referral) {
    const deadline = row.referral.deadline ? formatShortDate(row.referral.deadline) : t("common.none");
    return (
      <p className="text-sm">
        <Link to={`/tasks/${row.referral.taskId}`}>{t("blockers.outcome.referred", { agency: row.referral.agencyName, deadline })}</Link>
      </p>
    );
  }
  if (row.outcomeReason && (row.status === "returned" || row.status === "declined" || row.status === "on_agenda")) {
    return <p className="text-sm text-stone-700">{t("blockers.outcome.reason", { reason: row.outcomeReason })}</p>;
  }
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
