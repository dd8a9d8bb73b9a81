/** The register in one sentence, and a link per tracking status with its count that filters on it. */
import { Link } from "@remix-run/react";
import { TaskStatusBadge } from "~/components/status-badge";
import { registerHrefWith } from "~/features/tasks/task-page-rules";
import type { TrackingStatus } from "~/features/tasks/tasks-rules";
import type { RegisterQuery } from "~/features/tasks/tasks-schemas";
import { useT } from "~/utils/use-t";

export function RegisterSummary({
  counts,
  statuses,
  query,
  search,
}: {
  counts: Record<TrackingStatus, number>;
  /** The statuses this reader's register can show. */
  statuses: readonly TrackingStatus[];
  query: RegisterQuery;
  search: string;
}) {
  const t = useT();
  const all = statuses.reduce((n, s) => n + counts[s], 0);
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title" className="sr-only">
        {t("tasks.summary.title")}
      </h2>
      <p className="text-stone-800" data-testid="register-summary">
        {t("tasks.summary.sentence", { total: all, overdue: counts.overdue, dueSoon: counts.due_soon })}
        {query.awaiting && ` ${t("tasks.summary.awaitingOnly")}`}
      </p>
      <ul className="mt-2 flex flex-wrap gap-2">
        <li>
          <Link
            to={registerHrefWith(search, { status: null })}
            className={`btn min-h-11 ${query.status === null ? "border-stone-900 ring-1 ring-stone-900" : ""}`}
            aria-current={query.status === null ? "true" : undefined}
          >
            {t("tasks.summary.all")} <span className="font-semibold tabular-nums">{all}</span>
          </Link>
        </li>
        {statuses
          .filter((s) => counts[s] > 0 || query.status === s)
          .map((s) => (
            <li key={s}>
              <Link
                to={registerHrefWith(search, { status: s })}
                className={`btn min-h-11 ${query.status === s ? "border-stone-900 ring-1 ring-stone-900" : ""}`}
                aria-current={query.status === s ? "true" : undefined}
              >
                <TaskStatusBadge status={s} /> <span className="font-semibold tabular-nums">{counts[s]}</span>
              </Link>
            </li>
          ))}
      </ul>
    </section>
  );
}
