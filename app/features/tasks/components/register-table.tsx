/** One page of the register as a table, one task a row, and the links to the other pages and to the exports. */
import { Link } from "@remix-run/react";
import { TaskStatusBadge } from "~/components/status-badge";
import { registerExportSearch, registerPageHref } from "~/features/tasks/task-page-rules";
import { trackingStatus, type TrackingStatus } from "~/features/tasks/tasks-rules";
import type { RegisterPage, RegisterRow } from "~/features/tasks/tasks.server";
import { formatShortDate } from "~/utils/dates";
import { useT } from "~/utils/use-t";

export function RegisterTable({ rows, today }: { rows: RegisterRow[]; today: string }) {
  const t = useT();
  return (
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
          {rows.map((row) => (
            <RegisterLine key={row.id} row={row} today={today} />
          ))}
        </tbody>
      </table>
    </div>
  );
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

/** Which rows of how many are shown, the exports of every page of the same filters, and the previous and next page. */
export function RegisterPagination({ register, search }: { register: Pick<RegisterPage, "from" | "to" | "total" | "page" | "pages">; search: string }) {
  const t = useT();
  return (
    <nav className="flex flex-wrap items-center justify-between gap-3 no-print" aria-label={t("tasks.pagination.label")}>
      <p className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-stone-700">
        {t("tasks.pagination.showing", { from: register.from, to: register.to, total: register.total })}
        <a className="btn" href={`/tasks.xlsx${registerExportSearch(search)}`} download>
          {t("registerExport.xlsx")}
        </a>
        <a className="btn" href={`/tasks.csv${registerExportSearch(search)}`} download>
          {t("registerExport.csv")}
        </a>
      </p>
      {register.pages > 1 && (
        <div className="flex items-center gap-2">
          {register.page > 1 ? (
            <Link className="btn" rel="prev" to={registerPageHref(search, register.page - 1)}>
              {t("common.previous")}
            </Link>
          ) : null}
          <span className="text-sm">{t("common.pageOf", { page: register.page, pages: register.pages })}</span>
          {register.page < register.pages ? (
            <Link className="btn" rel="next" to={registerPageHref(search, register.page + 1)}>
              {t("common.next")}
            </Link>
          ) : null}
        </div>
      )}
    </nav>
  );
}
