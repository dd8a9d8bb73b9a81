/** One page of the blocker list: how many, the files of the same list, the rows and the way to the other pages. */
import { Link } from "@remix-run/react";
import { Badge, BlockerStatusBadge } from "~/components/status-badge";
import type { BlockerList, BlockerRow } from "~/features/blockers/blockers-list.server";
import type { MessageKey } from "~/i18n";
import { formatShortDate } from "~/utils/dates";
import { useT } from "~/utils/use-t";
import { exportHref, listHref } from "./list-links";

export function BlockerTable({ list, search }: { list: BlockerList; search: string }) {
  const t = useT();
  const showAgency = list.view !== "agency";
  return (
    <>
      <p className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-stone-700">
        <span aria-live="polite">{t("blockers.shown", { from: list.from, to: list.to, total: list.total })}</span>
        <a className="btn no-print" href={exportHref(search, "xlsx")} download>
          {t("registerExport.xlsx")}
        </a>
        <a className="btn no-print" href={exportHref(search, "csv")} download>
          {t("registerExport.csv")}
        </a>
      </p>
      <div className="overflow-x-auto rounded border border-stone-300 bg-white">
        <table className="register">
          <thead>
            <tr>
              <th scope="col">{t("blockers.col.number")}</th>
              <th scope="col">{t("blockers.col.title")}</th>
              {showAgency && <th scope="col">{t("blockers.col.agency")}</th>}
              <th scope="col">{t("blockers.col.classification")}</th>
              <th scope="col">{t("blockers.col.meeting")}</th>
              <th scope="col">{t("blockers.col.status")}</th>
              <th scope="col">{t("blockers.col.submittedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((row) => (
              <Row key={row.id} row={row} showAgency={showAgency} />
            ))}
          </tbody>
        </table>
      </div>
      {list.pages > 1 && <Pages page={list.page} pages={list.pages} search={search} />}
    </>
  );
}

function Pages({ page, pages, search }: { page: number; pages: number; search: string }) {
  const t = useT();
  return (
    <nav aria-label={t("blockers.pagination")} className="flex items-center justify-between gap-3">
      {page > 1 ? (
        <Link className="btn" rel="prev" to={listHref(search, { page: String(page - 1) })}>
          {t("common.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm">{t("common.pageOf", { page, pages })}</span>
      {page < pages ? (
        <Link className="btn" rel="next" to={listHref(search, { page: String(page + 1) })}>
          {t("common.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
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
