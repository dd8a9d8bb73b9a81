/**
 * The registers as files: one column definition per register, read by both
 * the CSV and the Excel writer so the two never drift apart. Pure: rows in,
 * typed cell values out; the SQL lives in the feature that owns each list.
 */
import type { MessageKey, Translate } from "~/i18n";
import { formatDateTime, formatPeriod, formatShortDate } from "~/utils/dates";
import type { BlockerRow } from "~/features/blockers/blockers.server";
import { trackingStatus } from "~/features/tasks/tasks-rules";
import type { RegisterRow } from "~/features/tasks/tasks.server";

/** At most this many rows leave in one file; the page says so when a filter matches more. */
export const EXPORT_ROW_CAP = 50_000;

/**
 * How a column's values are typed: `date` is a `YYYY-MM-DD` day in Vietnam,
 * `datetime` an ISO instant shown in Vietnam time; `longtext` wraps in Excel.
 */
export type ColumnKind = "number" | "text" | "longtext" | "date" | "datetime";

export interface ExportContext {
  t: Translate;
  /** Today in Vietnam, `YYYY-MM-DD`: the tracking status depends on it. */
  today: string;
  locale: "vi" | "en";
}

export interface Column<Row> {
  header: MessageKey;
  kind: ColumnKind;
  /** Width in Excel's characters. */
  width: number;
  value: (row: Row, ctx: ExportContext) => string | number | null;
}

export type TaskExportRow = RegisterRow;

export const TASK_COLUMNS: ReadonlyArray<Column<TaskExportRow>> = [
  { header: "tasks.col.number", kind: "number", width: 7, value: (r) => r.id },
  { header: "tasks.col.title", kind: "longtext", width: 50, value: (r) => r.title },
  { header: "tasks.col.lead", kind: "text", width: 30, value: (r) => r.leadAgency },
  { header: "tasks.col.coordinating", kind: "longtext", width: 32, value: (r) => r.coordinators.map((c) => c.name).join("; ") },
  { header: "tasks.facts.deadline", kind: "date", width: 14, value: (r) => r.deadline },
  { header: "tasks.facts.originalDeadline", kind: "date", width: 14, value: (r) => r.originalDeadline },
  {
    header: "tasks.col.status",
    kind: "text",
    width: 24,
    value: (r, { t, today }) => t(`taskStatus.${trackingStatus({ status: r.status, deadline: r.deadline, completedOn: r.completedOn }, today)}` as MessageKey),
  },
  { header: "registerExport.col.extensionPending", kind: "text", width: 12, value: (r, { t }) => (r.hasPendingExtension ? t("common.yes") : null) },
  { header: "tasks.facts.completedOn", kind: "date", width: 14, value: (r) => (r.status === "completed" ? r.completedOn : null) },
  { header: "tasks.col.origin", kind: "longtext", width: 36, value: (r) => r.meeting?.title ?? null },
  {
    header: "registerExport.col.period",
    kind: "text",
    width: 16,
    value: (r, { locale }) => (r.meeting?.period ? formatPeriod(r.meeting.period, locale) : null),
  },
];

/** A blocker as listed, with the two fields a register adds to the list page. */
export type BlockerExportRow = BlockerRow & { helpAgency: string | null; proposal: string };

/** Why a blocker stands where it does, as the list page writes it. */
export function blockerOutcome(row: BlockerRow, t: Translate): string | null {
  if (row.status === "merged" && row.mergedIntoId) return t("blockers.outcome.merged", { id: row.mergedIntoId });
  if (row.referral) {
    const deadline = row.referral.deadline ? formatShortDate(row.referral.deadline) : t("common.none");
    return t("blockers.outcome.referred", { agency: row.referral.agencyName, deadline });
  }
  if (row.outcomeReason && (row.status === "returned" || row.status === "declined" || row.status === "on_agenda")) {
    return t("blockers.outcome.reason", { reason: row.outcomeReason });
  }
  return null;
}

export const BLOCKER_COLUMNS: ReadonlyArray<Column<BlockerExportRow>> = [
  { header: "blockers.col.number", kind: "number", width: 7, value: (r) => r.id },
  { header: "blockers.col.title", kind: "longtext", width: 50, value: (r) => r.title },
  { header: "blockers.col.agency", kind: "text", width: 30, value: (r) => r.agencyName },
  { header: "registerExport.col.pillar", kind: "text", width: 18, value: (r, { t }) => t(`pillar.${r.pillar}` as MessageKey) },
  { header: "registerExport.col.severity", kind: "text", width: 16, value: (r, { t }) => t(`severity.${r.severity}` as MessageKey) },
  { header: "blockers.col.meeting", kind: "longtext", width: 36, value: (r) => r.meetingTitle },
  { header: "registerExport.col.status", kind: "text", width: 26, value: (r, { t }) => t(`blockerStatus.${r.status}` as MessageKey) },
  { header: "registerExport.col.late", kind: "text", width: 10, value: (r, { t }) => (r.isLate ? t("common.yes") : null) },
  { header: "blockers.col.submittedAt", kind: "datetime", width: 18, value: (r) => r.submittedAt },
  { header: "registerExport.col.helpAgency", kind: "text", width: 30, value: (r) => r.helpAgency },
  { header: "registerExport.col.proposal", kind: "longtext", width: 50, value: (r) => r.proposal || null },
  { header: "registerExport.col.outcome", kind: "longtext", width: 40, value: (r, { t }) => blockerOutcome(r, t) },
  { header: "registerExport.col.referralTask", kind: "number", width: 12, value: (r) => r.referral?.taskId ?? null },
  { header: "registerExport.col.referralDeadline", kind: "date", width: 14, value: (r) => r.referral?.deadline ?? null },
];

// ---------------------------------------------------------------------------
// CSV

/**
 * A CSV cell: quoted when it holds a separator, a quote or a line break;
 * text that a spreadsheet would run as a formula gets a leading apostrophe.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** How a typed value reads in a CSV file: days as 30/04/2023, instants as 30/04/2023 08:30 in Vietnam. */
function csvText(kind: ColumnKind, value: string | number | null): string | number | null {
  if (value === null || value === "") return null;
  if (kind === "date") return formatShortDate(String(value));
  if (kind === "datetime") {
    const [time, day] = formatDateTime(String(value)).split(" ");
    return `${day} ${time}`;
  }
  return value;
}

/** UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF line ends, a header line. */
export function toCsv<Row>(columns: ReadonlyArray<Column<Row>>, rows: readonly Row[], ctx: ExportContext): string {
  const lines = [columns.map((c) => csvCell(ctx.t(c.header)))];
  for (const row of rows) lines.push(columns.map((c) => csvCell(csvText(c.kind, c.value(row, ctx)))));
  return "\uFEFF" + lines.map((l) => l.join(",")).join("\r\n") + "\r\n";
}

// ---------------------------------------------------------------------------
// Values for a spreadsheet cell

/** A `YYYY-MM-DD` day as the Date Excel stores for it (midnight UTC: a whole serial number, no zone). */
export function dayToExcelDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** An instant as Vietnam's wall-clock time, the way Excel (which has no zones) should show it. */
export function instantToExcelDate(iso: string): Date {
  const VN_OFFSET_MS = 7 * 60 * 60 * 1000; // Vietnam keeps UTC+7 all year, no summer time.
  return new Date(new Date(iso).getTime() + VN_OFFSET_MS);
}

/** The typed value of a cell for a spreadsheet: numbers as numbers, days and instants as dates. */
export function sheetValue(kind: ColumnKind, value: string | number | null): string | number | Date | null {
  if (value === null || value === "") return null;
  switch (kind) {
    case "number":
      return typeof value === "number" ? value : Number(value);
    case "date":
      return dayToExcelDate(String(value));
    case "datetime":
      return instantToExcelDate(String(value));
    case "text":
    case "longtext":
      return String(value);
  }
}
