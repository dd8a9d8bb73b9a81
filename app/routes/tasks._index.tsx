import { PILLARS } from "../../db/schema";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FilterDate, FilterSelect } from "~/components/filter-fields";
import { TaskStatusBadge } from "~/components/status-badge";
import { TRACKING_STATUSES, trackingStatus, type TrackingStatus } from "~/features/tasks/tasks-rules";
import { parseRegisterQuery, ROLE_FILTERS, SORTS } from "~/features/tasks/tasks-schemas";
import { listTasks, pendingDecisionsFor, registerOptions, type RegisterRow } from "~/features/tasks/tasks.server";
import type { MessageKey } from "~/i18n";
import { requireUser } from "~/utils/auth.server";
import { formatPeriod, formatShortDate, vnToday } from "~/utils/dates";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // The register lists issued tasks (public to everyone signed in); drafts are scoped in the query.
  requirePermission(user, "task:read", { published: true });
  const locale = await getLocale(request, user);
  const t = await getTranslator(request, user);
  const query = parseRegisterQuery(new URL(request.url).searchParams);
  const today = vnToday();
  const register = await listTasks(user, query, { today, locale });
  const options = await registerOptions(user, locale);
  const pending = await pendingDecisionsFor(user, locale);
  return {
    title: `${t("tasks.register.title")} · ${t("app.name")}`,
    today,
    query,
    register,
    options,
    pending,
    myAgency: user.agencyId !== null ? { id: user.agencyId, name: locale === "vi" ? user.agencyNameVi : user.agencyNameEn } : null,
  };
}

/** The same register with some parameters changed; `null` removes one. Page resets unless given. */
function hrefWith(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  for (const [k, v] of [...params.entries()]) if (v === "") params.delete(k);
  const s = params.toString();
  return s ? `/tasks?${s}` : "/tasks";
}

export default function TaskRegister() {
  const t = useT();
  const locale = useLocale();
  const { today, query, register, options, pending, myAgency } = useLoaderData<typeof loader>();
  const location = useLocation();
  const statuses = TRACKING_STATUSES.filter((s) => s !== "not_issued" || options.showNotIssued);
  const all = statuses.reduce((n, s) => n + register.counts[s], 0);
  const scopeAgency =
    register.scope.agencyId === null ? null : (options.agencies.find((a) => a.value === String(register.scope.agencyId))?.label ?? myAgency?.name ?? "");
  // A period from a shared link stays selectable even when no task of this viewer's list has it.
  const periods = query.period && !options.periods.includes(query.period) ? [query.period, ...options.periods] : options.periods;
  const filtered = location.search.replace(/^\?/, "").length > 0;

  return (
    <div className="space-y-5">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1>{t("tasks.register.title")}</h1>
          <p className="mt-1 text-stone-700">
            {register.scope.isDefault && register.scope.agencyId !== null
              ? t("tasks.register.mine", { agency: scopeAgency ?? "" })
              : scopeAgency
                ? t(`tasks.register.scope.${register.scope.role}` as MessageKey, { agency: scopeAgency })
                : t("tasks.register.scope.all")}
          </p>
        </div>
        {register.scope.isDefault && register.scope.agencyId !== null && (
          <Link to={hrefWith(location.search, { agency: "all" })} className="btn">
            {t("tasks.register.seeAll")}
          </Link>
        )}
      </header>

      {pending.total > 0 && (
        <section className="card border-l-4 border-l-purple-700" aria-labelledby="awaiting-title">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="awaiting-title">{t("tasks.awaiting.title", { count: pending.total })}</h2>
            <Link to="/tasks?awaiting=chair&agency=all">{t("tasks.awaiting.filter")}</Link>
          </div>
          <ul className="mt-2 divide-y divide-stone-200">
            {pending.items.map((p) => (
              <li key={`${p.kind}-${p.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <span className="badge bg-purple-100 text-purple-900">
                  {p.kind === "extension"
                    ? t("tasks.awaiting.extension", { date: formatShortDate(p.day) })
                    : t("tasks.awaiting.completion", { date: formatShortDate(p.day) })}
                </span>
                <Link to={`/tasks/${p.taskId}#${p.kind === "extension" ? "extensions" : "completion"}`} className="font-medium">
                  {t("tasks.number", { id: p.taskId })} · {p.title}
                </Link>
                <span className="text-sm text-stone-600">{p.leadAgency}</span>
              </li>
            ))}
          </ul>
          {pending.total > pending.items.length && (
            <p className="mt-2 text-sm">
              <Link to="/tasks?awaiting=chair&agency=all">{t("tasks.awaiting.more", { count: pending.total - pending.items.length })}</Link>
            </p>
          )}
        </section>
      )}

      <Form method="get" action="/tasks" key={location.search} className="card no-print" aria-label={t("tasks.filter.label")}>
        <div className="grid gap-x-4 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="sm:col-span-2">
            <label htmlFor="q" className="label">
              {t("tasks.filter.q")}
            </label>
            <input id="q" name="q" type="search" className="input" defaultValue={query.q} placeholder={t("tasks.filter.qHint")} />
          </div>
          <FilterSelect
            name="agency"
            id="agency"
            label={t("tasks.filter.agency")}
            value={register.scope.agencyId === null ? "all" : String(register.scope.agencyId)}
            options={[{ value: "all", label: t("tasks.filter.allAgencies") }, ...options.agencies]}
          />
          <FilterSelect
            name="role"
            id="role"
            label={t("tasks.filter.role")}
            value={query.role}
            options={ROLE_FILTERS.map((r) => ({ value: r, label: t(`tasks.filter.role.${r}` as MessageKey) }))}
          />
          <FilterSelect
            name="status"
            id="status"
            label={t("tasks.filter.status")}
            value={query.status ?? ""}
            options={[
              { value: "", label: t("common.all") },
              { value: "open", label: t("tasks.filter.open") },
              { value: "issued", label: t("tasks.filter.issued") },
              ...statuses.map((s) => ({ value: s, label: t(`taskStatus.${s}` as MessageKey) })),
            ]}
          />
          <FilterSelect
            name="pillar"
            id="pillar"
            label={t("tasks.filter.pillar")}
            value={query.pillar ?? ""}
            options={[
              { value: "", label: t("common.all") },
              ...PILLARS.map((p) => ({ value: p, label: t(`pillar.${p}` as MessageKey) })),
              { value: "none", label: t("tasks.filter.pillarNone") },
            ]}
          />
          <FilterDate name="from" id="from" label={t("tasks.filter.from")} value={query.from ?? null} />
          <FilterDate name="to" id="to" label={t("tasks.filter.to")} value={query.to ?? null} />
          <FilterSelect
            name="series"
            id="series"
            label={t("tasks.filter.series")}
            value={query.series ? String(query.series) : ""}
            options={[{ value: "", label: t("common.all") }, ...options.series]}
          />
          <FilterSelect
            name="period"
            id="period"
            label={t("tasks.filter.period")}
            value={query.period ?? ""}
            options={[{ value: "", label: t("common.all") }, ...periods.map((p) => ({ value: p, label: formatPeriod(p, locale) }))]}
          />
          <FilterSelect
            name="sort"
            id="sort"
            label={t("tasks.filter.sort")}
            value={query.sort}
            options={SORTS.map((s) => ({ value: s, label: t(`tasks.sort.${s === "-deadline" ? "deadlineDesc" : s}` as MessageKey) }))}
          />
        </div>
        {query.awaiting && <input type="hidden" name="awaiting" value={query.awaiting} />}
        <ExtraFilters />
        <div className="mt-4 flex flex-wrap gap-2">
          <button type="submit" className="btn btn-primary">
            {t("common.filter")}
          </button>
          {filtered && (
            <Link to="/tasks" className="btn">
              {t("tasks.filter.reset")}
            </Link>
          )}
        </div>
      </Form>

      <section aria-labelledby="summary-title">
        <h2 id="summary-title" className="sr-only">
          {t("tasks.summary.title")}
        </h2>
        <p className="text-stone-800" data-testid="register-summary">
          {t("tasks.summary.sentence", { total: all, overdue: register.counts.overdue, dueSoon: register.counts.due_soon })}
          {query.awaiting && ` ${t("tasks.summary.awaitingOnly")}`}
        </p>
        <ul className="mt-2 flex flex-wrap gap-2">
          <li>
            <Link
              to={hrefWith(location.search, { status: null })}
              className={`btn min-h-11 ${query.status === null ? "border-stone-900 ring-1 ring-stone-900" : ""}`}
              aria-current={query.status === null ? "true" : undefined}
            >
              {t("tasks.summary.all")} <span className="font-semibold tabular-nums">{all}</span>
            </Link>
          </li>
          {statuses
            .filter((s) => register.counts[s] > 0 || query.status === s)
            .map((s) => (
              <li key={s}>
                <Link
                  to={hrefWith(location.search, { status: s })}
                  className={`btn min-h-11 ${query.status === s ? "border-stone-900 ring-1 ring-stone-900" : ""}`}
                  aria-current={query.status === s ? "true" : undefined}
                >
                  <TaskStatusBadge status={s} /> <span className="font-semibold tabular-nums">{register.counts[s]}</span>
                </Link>
              </li>
            ))}
        </ul>
      </section>

      {register.rows.length === 0 ? (
        <EmptyRegister isDefault={register.scope.isDefault && register.scope.agencyId !== null} filtered={filtered} />
      ) : (
        <>
          <div className="overflow-x-auto rounded border border-stone-300 bg-white">
            <table className="register">
              <caption className="sr-only">{t("tasks.register.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("tasks.col.number")}</th>
                  <th scope="col">{t("tasks.col.title")}</th>
                  <th scope="col">{t("tasks.col.lead")}</th>
                  <th scope="col">{t("tasks.col.coordinating")}</th>
                  <th scope="col">{t("tasks.col.deadline")}</th>
                  <th scope="col">{t("tasks.col.status")}</th>
                  <th scope="col" className="hidden lg:table-cell">
                    {t("tasks.col.origin")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {register.rows.map((row) => (
                  <RegisterLine key={row.id} row={row} today={today} />
                ))}
              </tbody>
            </table>
          </div>
          <nav className="flex flex-wrap items-center justify-between gap-3 no-print" aria-label={t("tasks.pagination.label")}>
            <p className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-stone-700">
              {t("tasks.pagination.showing", { from: register.from, to: register.to, total: register.total })}
              <a className="btn" href={`/tasks.xlsx${exportSearch(location.search)}`} download>
                {t("registerExport.xlsx")}
              </a>
              <a className="btn" href={`/tasks.csv${exportSearch(location.search)}`} download>
                {t("registerExport.csv")}
              </a>
            </p>
            {register.pages > 1 && (
              <div className="flex items-center gap-2">
                {register.page > 1 ? (
                  <Link className="btn" rel="prev" to={pageHref(location.search, register.page - 1)}>
                    {t("common.previous")}
                  </Link>
                ) : null}
                <span className="text-sm">{t("common.pageOf", { page: register.page, pages: register.pages })}</span>
                {register.page < register.pages ? (
                  <Link className="btn" rel="next" to={pageHref(location.search, register.page + 1)}>
                    {t("common.next")}
                  </Link>
                ) : null}
              </div>
            )}
          </nav>
        </>
      )}
    </div>
  );
}

/** The export takes every page of the same filters. */
function exportSearch(search: string): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  const s = params.toString();
  return s ? `?${s}` : "";
}

function pageHref(search: string, page: number): string {
  const params = new URLSearchParams(search);
  if (page <= 1) params.delete("page");
  else params.set("page", String(page));
  const s = params.toString();
  return s ? `/tasks?${s}` : "/tasks";
}

function RegisterLine({ row, today }: { row: RegisterRow; today: string }) {
  const t = useT();
  const status: TrackingStatus = trackingStatus({ status: row.status, deadline: row.deadline, completedOn: row.completedOn }, today);
  return (
    <tr data-task-id={row.id}>
      <td className="tabular-nums">{row.id}</td>
      <td className="min-w-48">
        <Link to={`/tasks/${row.id}`} className="font-medium">
          {row.title}
        </Link>
      </td>
      <td className="min-w-32">{row.leadAgency}</td>
      <td className="min-w-32">
        {row.coordinators.length === 0 ? (
          <span className="text-stone-500">{t("common.none")}</span>
        ) : (
          <ul>
            {row.coordinators.map((c) => (
              <li key={c.id}>{c.name}</li>
            ))}
          </ul>
        )}
      </td>
      <td className="min-w-28 tabular-nums">
        {row.deadline ? (
          <span className="whitespace-nowrap">{formatShortDate(row.deadline)}</span>
        ) : (
          <span className="text-stone-500">{t("tasks.noDeadline")}</span>
        )}
        {row.originalDeadline && row.originalDeadline !== row.deadline && (
          <div className="text-xs text-stone-600">{t("tasks.deadline.original", { date: formatShortDate(row.originalDeadline) })}</div>
        )}
        {row.hasPendingExtension && <div className="text-xs text-purple-800">{t("tasks.deadline.extensionPending")}</div>}
      </td>
      <td className="min-w-32">
        <TaskStatusBadge status={status} />
        {row.completedOn && row.status === "completed" && (
          <div className="mt-1 text-xs text-stone-600">{t("tasks.completedOn", { date: formatShortDate(row.completedOn) })}</div>
        )}
      </td>
      <td className="hidden min-w-40 lg:table-cell">
        {row.meeting ? <Link to={`/meetings/${row.meeting.id}`}>{row.meeting.title}</Link> : <span className="text-stone-500">{t("common.none")}</span>}
      </td>
    </tr>
  );
}

function EmptyRegister({ isDefault, filtered }: { isDefault: boolean; filtered: boolean }) {
  const t = useT();
  return (
    <section className="card text-center" data-testid="register-empty">
      <h2>{t("tasks.empty.title")}</h2>
      <p className="mx-auto mt-2 max-w-2xl text-stone-700">
        {isDefault ? t("tasks.empty.mine") : filtered ? t("tasks.empty.filtered") : t("tasks.empty.none")}
      </p>
      <p className="mt-4 flex flex-wrap justify-center gap-2">
        {isDefault && (
          <Link to="/tasks?agency=all" className="btn">
            {t("tasks.register.seeAll")}
          </Link>
        )}
        {filtered && (
          <Link to="/tasks" className="btn">
            {t("tasks.filter.reset")}
          </Link>
        )}
        <Link to="/meetings" className="btn">
          {t("tasks.empty.meetings")}
        </Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

/**
 * The conditions a dashboard figure's link adds and the form has no field
 * for: kept through the form as hidden fields, shown so the reader knows why
 * the list is what it is, each with a link that drops it.
 */
function ExtraFilters() {
  const t = useT();
  const locale = useLocale();
  const { query } = useLoaderData<typeof loader>();
  const location = useLocation();
  const extras: Array<{ key: string; value: string; label: string }> = [];
  if (query.owed && query.from) extras.push({ key: "owed", value: "1", label: t("tasks.filter.owed") });
  if (query.extension) extras.push({ key: "extension", value: query.extension, label: t("tasks.filter.extensionAsked") });
  if (query.assigned)
    extras.push({ key: "assigned", value: query.assigned, label: t("tasks.filter.assigned", { month: formatPeriod(query.assigned, locale) }) });
  if (query.completed)
    extras.push({ key: "completed", value: query.completed, label: t("tasks.filter.completed", { month: formatPeriod(query.completed, locale) }) });
  if (query.overdueOn)
    extras.push({ key: "overdueOn", value: query.overdueOn, label: t("tasks.filter.overdueOn", { date: formatShortDate(query.overdueOn) }) });
  if (extras.length === 0) return null;
  return (
    <div className="mt-3" data-testid="extra-filters">
      <p className="text-sm font-medium text-stone-800">{t("tasks.filter.extra")}</p>
      <ul className="mt-1 flex flex-wrap gap-2">
        {extras.map((e) => (
          <li key={e.key} className="flex items-center gap-2 rounded border border-stone-400 bg-stone-50 px-2 py-1 text-sm">
            <input type="hidden" name={e.key} value={e.value} />
            <span>{e.label}</span>
            <Link to={hrefWith(location.search, { [e.key]: null })} aria-label={t("tasks.filter.dropExtra", { filter: e.label })}>
              {t("tasks.filter.drop")}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
