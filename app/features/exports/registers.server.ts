/**
 * The task and blocker registers as downloads. The rows come from the very
 * list functions the pages use (`listTasks`, `listBlockers`), with the same
 * filters, scope and order — only the page size differs — so a file never
 * holds a row its reader could not see on screen.
 */
import { sql } from "kysely";
import type { Locale } from "../../../db/schema";
import { translator } from "~/i18n";
import { formatDateTime, vnToday } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { BlockerListQuery } from "~/features/blockers/blockers-schemas";
import { listBlockers, type BlockerRow, type Viewer } from "~/features/blockers/blockers.server";
import type { RegisterQuery } from "~/features/tasks/tasks-schemas";
import { listTasks } from "~/features/tasks/tasks.server";
import type { Actor } from "~/utils/permissions";
import { BLOCKER_COLUMNS, EXPORT_ROW_CAP, sheetValue, TASK_COLUMNS, toCsv, type BlockerExportRow, type Column, type ExportContext } from "./registers-rules";

export type ExportFormat = "csv" | "xlsx";

export interface ExportFile {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  filename: string;
  /** The filters matched more rows than the cap; only the first ones are in the file. */
  truncated: boolean;
}

interface ExportOptions {
  locale: Locale;
  format: ExportFormat;
  /** Defaults to now; tests pin it. */
  now?: Date;
  /** Defaults to EXPORT_ROW_CAP; tests lower it. */
  cap?: number;
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV_TYPE = "text/csv; charset=utf-8";

/** The task register with the page's filters, every page of it. */
export async function exportTaskRegister(actor: Actor, query: RegisterQuery, options: ExportOptions): Promise<ExportFile> {
  const now = options.now ?? new Date();
  const today = vnToday(now);
  const cap = options.cap ?? EXPORT_ROW_CAP;
  const register = await listTasks(actor, { ...query, page: 1 }, { today, locale: options.locale, pageSize: cap });
  const ctx: ExportContext = { t: translator(options.locale), today, locale: options.locale };
  return writeFile(TASK_COLUMNS, register.rows, ctx, {
    format: options.format,
    now,
    total: register.total,
    truncated: register.total > register.rows.length,
    title: "registerExport.tasks.title",
    sheet: "registerExport.tasks.sheet",
    filename: `so-theo-doi-nhiem-vu-${today}`,
  });
}

/** Rows are fetched in pages of this size: each page's follow-up lookups stay well inside SQLite's limits. */
const BLOCKER_BATCH = 5_000;

/** The blocker list with the page's filters (its default status included), every page of it, with outcomes. */
export async function exportBlockerRegister(viewer: Viewer, query: BlockerListQuery, options: ExportOptions): Promise<ExportFile> {
  const now = options.now ?? new Date();
  const today = vnToday(now);
  const cap = options.cap ?? EXPORT_ROW_CAP;
  const batch = Math.min(BLOCKER_BATCH, cap);
  const rows: BlockerRow[] = [];
  const first = await listBlockers(viewer, { ...query, page: 1 }, { pageSize: batch });
  rows.push(...first.rows);
  for (let page = 2; page <= first.pages && rows.length < cap; page++) {
    rows.push(...(await listBlockers(viewer, { ...query, page }, { pageSize: batch })).rows);
  }
  const kept = rows.slice(0, cap);
  const ctx: ExportContext = { t: translator(options.locale), today, locale: options.locale };
  return writeFile(BLOCKER_COLUMNS, await withRegisterFields(kept, options.locale), ctx, {
    format: options.format,
    now,
    total: first.total,
    truncated: first.total > kept.length,
    title: "registerExport.blockers.title",
    sheet: "registerExport.blockers.sheet",
    filename: `kho-khan-vuong-mac-${today}`,
  });
}

/**
 * The proposal and the agency asked for help, which the list page does not
 * show. Looked up by the ids the scoped list returned, so nothing new becomes
 * visible.
 */
async function withRegisterFields(rows: BlockerRow[], locale: Locale): Promise<BlockerExportRow[]> {
  if (rows.length === 0) return [];
  const extra = await getDb()
    .selectFrom("blockers")
    .leftJoin("agencies as help", "help.id", "blockers.help_agency_id")
    .where(sql<boolean>`blockers.id IN (SELECT value FROM json_each(${JSON.stringify(rows.map((r) => r.id))}))`)
    .select(["blockers.id", "blockers.proposal", "help.name_vi", "help.name_en"])
    .execute();
  const byId = new Map(extra.map((e) => [e.id, e]));
  return rows.map((r) => {
    const e = byId.get(r.id);
    const help = e ? (locale === "vi" ? e.name_vi : e.name_en) : null;
    return { ...r, proposal: e?.proposal ?? "", helpAgency: help ?? null };
  });
}

interface FileMeta {
  format: ExportFormat;
  now: Date;
  total: number;
  truncated: boolean;
  title: "registerExport.tasks.title" | "registerExport.blockers.title";
  sheet: "registerExport.tasks.sheet" | "registerExport.blockers.sheet";
  filename: string;
}

async function writeFile<Row>(columns: ReadonlyArray<Column<Row>>, rows: readonly Row[], ctx: ExportContext, meta: FileMeta): Promise<ExportFile> {
  if (meta.format === "csv") {
    return { body: toCsv(columns, rows, ctx), contentType: CSV_TYPE, filename: `${meta.filename}.csv`, truncated: meta.truncated };
  }
  return { body: await toXlsx(columns, rows, ctx, meta), contentType: XLSX_TYPE, filename: `${meta.filename}.xlsx`, truncated: meta.truncated };
}

const NUMBER_FORMAT: Partial<Record<Column<unknown>["kind"], string>> = {
  number: "0",
  date: "dd/mm/yyyy",
  datetime: "dd/mm/yyyy hh:mm",
};

/** Row 1 the title, row 2 when and how many, row 3 the frozen header with its filter, then the rows. */
const HEADER_ROW = 3;

export async function toXlsx<Row>(
  columns: ReadonlyArray<Column<Row>>,
  rows: readonly Row[],
  ctx: ExportContext,
  meta: Pick<FileMeta, "now" | "total" | "truncated" | "title" | "sheet">,
): Promise<Uint8Array<ArrayBuffer>> {
  const { t } = ctx;
  // Loaded on first use: exceljs is about 28 MB a server would otherwise carry for an occasional export.
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = t("app.name");
  wb.created = meta.now;
  const ws = wb.addWorksheet(t(meta.sheet), {
    views: [{ state: "frozen", xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  ws.columns = columns.map((c) => ({
    width: c.width,
    style: {
      numFmt: NUMBER_FORMAT[c.kind],
      alignment: { vertical: "top", wrapText: c.kind === "longtext" },
    },
  }));

  const last = columns.length;
  const title = ws.getRow(1);
  title.getCell(1).value = t(meta.title);
  title.getCell(1).font = { bold: true, size: 14 };
  title.getCell(1).alignment = { vertical: "middle" };
  title.height = 24;
  ws.mergeCells(1, 1, 1, last);
  const info = [t("registerExport.exportedAt", { when: formatDateTime(meta.now), count: meta.total })];
  if (meta.truncated) info.push(t("registerExport.truncated", { count: rows.length }));
  ws.getRow(2).getCell(1).value = info.join(" ");
  ws.getRow(2).getCell(1).font = { italic: true, color: meta.truncated ? { argb: "FFB91C1C" } : { argb: "FF44403C" } };
  ws.getRow(2).getCell(1).alignment = { vertical: "top", wrapText: false };
  ws.mergeCells(2, 1, 2, last);

  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = t(c.header);
    cell.font = { bold: true };
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E5E4" } };
    cell.border = { bottom: { style: "thin" } };
  });
  header.height = 32;

  for (const row of rows) {
    ws.addRow(columns.map((c) => sheetValue(c.kind, c.value(row, ctx))));
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + rows.length, column: last } };

  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** The download as a response: never cached, always saved as a file. */
export function downloadResponse(file: ExportFile): Response {
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${file.filename}"`,
    "Cache-Control": "private, no-store",
  });
  if (file.truncated) headers.set("X-Export-Truncated", "1");
  return new Response(file.body, { headers });
}
