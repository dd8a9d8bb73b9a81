/** The list's filters: a GET form, so the filtered list is an address to share and works without JavaScript. */
import { Form, Link } from "@remix-run/react";
import { BLOCKER_STATUSES, PILLARS } from "../../../../db/schema";
import { FilterDate, FilterSelect } from "~/components/filter-fields";
import type { BlockerList, ListFilterOptions } from "~/features/blockers/blockers-list.server";
import type { BlockerListQuery } from "~/features/blockers/blockers-schemas";
import { useT } from "~/utils/use-t";

export function ListFilters({
  query,
  status,
  view,
  options,
  filtered,
}: {
  query: BlockerListQuery;
  status: BlockerList["status"];
  view: BlockerList["view"];
  options: ListFilterOptions;
  filtered: boolean;
}) {
  const t = useT();
  const office = view === "office";
  return (
    <Form method="get" className="card" aria-labelledby="filter-title">
      <h2 id="filter-title" className="sr-only">
        {t("blockers.filter.title")}
      </h2>
      <div className="flex flex-wrap items-end gap-4">
        <FilterSelect
          className="min-w-48"
          name="status"
          label={t("blockers.filter.status")}
          value={status}
          options={[{ value: "all", label: t("blockers.filter.allStatuses") }, ...BLOCKER_STATUSES.map((s) => ({ value: s, label: t(`blockerStatus.${s}`) }))]}
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
  );
}
