/**
 * The meeting's agenda (chương trình họp) as a Word document: a plain
 * official heading, when and where, then the items in order as a table.
 * The print page (meetings_.$meetingId.agenda.print.tsx) lists the same
 * lines (docx-rules.ts agendaLines).
 */
import type { Document, Paragraph, Table, TableCell, TableRow } from "docx";
import { listAgenda, type AgendaRow } from "~/features/agenda/agenda.server";
import type { getMeeting } from "~/features/meetings/meetings.server";
import { bodyParagraph, centred, docx, draftMark, loadDocx, officialDocument, packDocx, rule, run, type DocxFile } from "./docx-parts.server";
import {
  AGENDA_HEADINGS as H,
  agendaFileName,
  agendaLines,
  agendaTotalLine,
  bridgePointsLine,
  meetingTimeLine,
  placeLine,
  SIZE,
  TEXT_WIDTH,
  type AgendaLine,
} from "./docx-rules";

export interface AgendaDocumentInput {
  title: string;
  period: string;
  startsAt: string;
  place: string;
  bridgePoints: string[];
  items: ReadonlyArray<Pick<AgendaRow, "title" | "kind" | "carryCount" | "presenterVi" | "minutes" | "removed" | "reasons">>;
  /** Not yet published: the office's working copy. */
  draft: boolean;
}

/** No. | item | presenter | minutes, in twips. */
const COLUMNS = [700, TEXT_WIDTH - 700 - 2500 - 1500, 2500, 1500] as const;
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

function cell(width: number, children: Paragraph[]): TableCell {
  const { TableCell, VerticalAlignTable, WidthType } = docx();
  return new TableCell({ width: { size: width, type: WidthType.DXA }, margins: CELL_MARGINS, verticalAlign: VerticalAlignTable.TOP, children });
}

function cellText(text: string, opts: { bold?: boolean; centre?: boolean } = {}): Paragraph {
  const { AlignmentType, Paragraph } = docx();
  return new Paragraph({
    alignment: opts.centre ? AlignmentType.CENTER : AlignmentType.LEFT,
    children: [run(text, { bold: opts.bold, size: SIZE.table })],
  });
}

function itemRow(line: AgendaLine): TableRow {
  const { Paragraph, TableRow } = docx();
  const title = new Paragraph({
    children: [run(line.title, { size: SIZE.table }), ...line.marks.map((m) => run(` (${m.text})`, { italics: true, bold: m.alert, size: SIZE.table }))],
  });
  return new TableRow({
    cantSplit: true,
    children: [
      cell(COLUMNS[0], [cellText(String(line.no), { centre: true })]),
      cell(COLUMNS[1], [title]),
      cell(COLUMNS[2], [cellText(line.presenter)]),
      cell(COLUMNS[3], [cellText(line.minutes === null ? "" : String(line.minutes), { centre: true })]),
    ],
  });
}

function itemsTable(items: AgendaLine[]): Table {
  const { Table, TableLayoutType, TableRow, WidthType } = docx();
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [H.no, H.item, H.presenter, H.minutes].map((text, i) => cell(COLUMNS[i], [cellText(text, { bold: true, centre: true })])),
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [...COLUMNS],
    layout: TableLayoutType.FIXED,
    rows: [head, ...items.map(itemRow)],
  });
}

/** The agenda as a Word document (after loadDocx()). */
export function agendaDocument(a: AgendaDocumentInput): Document {
  const { Paragraph } = docx();
  const items = agendaLines(a.items);
  const bridges = bridgePointsLine(a.bridgePoints);
  return officialDocument({ title: `${H.title} — ${a.title}`, description: a.title }, [
    ...(a.draft ? [draftMark()] : []),
    centred(H.title, { bold: true }),
    centred(a.title, { bold: true }),
    rule(2000, TEXT_WIDTH, 240),
    bodyParagraph(meetingTimeLine(a.startsAt)),
    bodyParagraph(placeLine(a.place)),
    ...(bridges ? [bodyParagraph(bridges)] : []),
    ...(items.length
      ? [itemsTable(items), new Paragraph({ spacing: { before: 120 }, children: [run(agendaTotalLine(items), { italics: true })] })]
      : [bodyParagraph([run(H.empty, { italics: true })])]),
  ]);
}

/** The meeting and its agenda as the documents need them (the Word file and the print page). */
export async function loadAgendaDocument(meeting: NonNullable<Awaited<ReturnType<typeof getMeeting>>>, draft: boolean): Promise<AgendaDocumentInput> {
  return {
    title: meeting.title,
    period: meeting.period,
    startsAt: meeting.startsAt,
    place: meeting.place,
    bridgePoints: meeting.bridgePoints.map((b) => b.label),
    items: await listAgenda(meeting.id),
    draft,
  };
}

export async function agendaDocx(a: AgendaDocumentInput): Promise<DocxFile> {
  await loadDocx();
  return packDocx(agendaDocument(a), agendaFileName(a.period, a.draft));
}
