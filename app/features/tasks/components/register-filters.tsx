/** The register's filter form: a GET form, so a filtered register is a link that can be shared. */
import { Form, Link } from "@remix-run/react";
import { PILLARS } from "../../../../db/schema";
import { FilterDate, FilterSelect } from "~/components/filter-fields";
import { periodChoices, registerHrefWith, registerIsFiltered } from "~/features/tasks/task-page-rules";
import type { TrackingStatus } from "~/features/tasks/tasks-rules";
import { ROLE_FILTERS, SORTS, type RegisterQuery } from "~/features/tasks/tasks-schemas";
import type { RegisterOptions, RegisterScope } from "~/features/tasks/tasks.server";
import type { MessageKey } from "~/i18n";
import { formatPeriod, formatShortDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/use-t";

export function RegisterFilters({
  query,
  scope,
  options,
  statuses,
  search,
}: {
  query: RegisterQuery;
  scope: RegisterScope;
  options: RegisterOptions;
  /** The statuses this reader's register can show. */
  statuses: readonly TrackingStatus[];
  /** The register's current query string, which the form and its links start from. */
  search: string;
}) {
  const t = useT();
  const locale = useLocale();
  const periods = periodChoices(query.period, options.periods);
  const filtered = registerIsFiltered(search);
  return (
    // Keyed by the query: following a link that changes the filters resets what was typed.
    <Form method="get" action="/tasks" key={search} className="card no-print" aria-label={t("tasks.filter.label")}>
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
          value={scope.agencyId === null ? "all" : String(scope.agencyId)}
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
      <ExtraFilters query={query} search={search} />
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
  );
}

/**
 * The conditions a dashboard figure's link adds and the form has no field
 * for: kept through the form as hidden fields, shown so the reader knows why
 * the list is what it is, each with a link that drops it.
 */
function ExtraFilters({ query, search }: { query: RegisterQuery; search: string }) {
  const t = useT();
  const locale = useLocale();
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
            <Link to={registerHrefWith(search, { [e.key]: null })} aria-label={t("tasks.filter.dropExtra", { filter: e.label })}>
              {t("tasks.filter.drop")}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
