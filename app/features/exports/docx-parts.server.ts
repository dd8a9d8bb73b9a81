/**
 * The pieces every exported Word document is made of: the Decree 30 page
 * (A4, margins, Times New Roman, page numbers in the top margin from page
 * 2 on), body paragraphs, short rules, borderless two-column blocks, and
 * the download response.
 */
import type * as Docx from "docx";
import type { Document, FileChild, IRunOptions, Paragraph, Table, TextRun } from "docx";
import {
  BODY_LINE,
  contentDisposition,
  DRAFT_MARK,
  FIRST_LINE_INDENT,
  FONT,
  HEADING_LINE,
  PAGE,
  SIZE,
  SPACE_AFTER,
  TEXT_WIDTH,
  type FileName,
} from "./docx-rules";

let library: typeof Docx | undefined;

/**
 * docx (about 11 MB in memory) is loaded with the first Word document asked
 * for rather than when the server starts: a province exports a notice or an
 * agenda a few times a month. Every exporter awaits this before building.
 */
export async function loadDocx(): Promise<typeof Docx> {
  library ??= await import("docx");
  return library;
}

/** The loaded library, for the builders (their exporter has awaited loadDocx()). */
export function docx(): typeof Docx {
  if (!library) throw new Error("docx is not loaded yet: await loadDocx() first");
  return library;
}

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

type RunStyle = Pick<IRunOptions, "bold" | "italics" | "size">;

/** Every run names its font and size, so a paragraph pasted into another document keeps them. */
export function run(text: string, style: RunStyle = {}): TextRun {
  const { TextRun } = docx();
  return new TextRun({ text, font: FONT, size: SIZE.body, ...style });
}

/** A body paragraph: justified, first line indented 1.27 cm, 6 pt after, lines 1.2 apart. */
export function bodyParagraph(children: TextRun[] | string): Paragraph {
  const { AlignmentType, Paragraph } = docx();
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { after: SPACE_AFTER, line: BODY_LINE },
    children: typeof children === "string" ? [run(children)] : children,
  });
}

/** A centred line (headings, header block), no space after unless asked. */
export function centred(text: string, style: RunStyle = {}, spacing: { before?: number; after?: number } = {}): Paragraph {
  const { AlignmentType, Paragraph } = docx();
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0, ...spacing }, keepNext: true, children: [run(text, style)] });
}

/**
 * A short solid rule, centred in a space `within` twips wide: an empty
 * paragraph whose top border spans only between its indents.
 */
export function rule(length: number, within: number = TEXT_WIDTH, after = 0): Paragraph {
  const { BorderStyle, Paragraph } = docx();
  const side = Math.max(0, Math.round((within - length) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 60, after, line: 240 },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } },
    keepNext: true,
    children: [run("", { size: 4 })],
  });
}

/** The DỰ THẢO stamp at the top right of a document that is not yet issued. */
export function draftMark(): Paragraph {
  const { AlignmentType, BorderStyle, Paragraph } = docx();
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 120 },
    border: {
      top: { style: BorderStyle.SINGLE, size: 12, color: "000000", space: 2 },
      bottom: { style: BorderStyle.SINGLE, size: 12, color: "000000", space: 2 },
      left: { style: BorderStyle.SINGLE, size: 12, color: "000000", space: 4 },
      right: { style: BorderStyle.SINGLE, size: 12, color: "000000", space: 4 },
    },
    indent: { left: TEXT_WIDTH - 2000 },
    children: [run(DRAFT_MARK, { bold: true })],
  });
}

/** Cell padding of the borderless blocks: a little either side, none above or below. */
const TIGHT = { top: 0, bottom: 0, left: 57, right: 57 };

/** The room for text inside a borderless column `width` twips wide (for centring a rule in it). */
export function columnTextWidth(width: number): number {
  return width - TIGHT.left - TIGHT.right;
}

/** Two columns side by side with no borders: the header block and the recipients/signature block. */
export function twoColumns(widths: [number, number], left: FileChild[], right: FileChild[]): Table {
  const { Table, TableBorders, TableCell, TableLayoutType, TableRow, VerticalAlignTable, WidthType } = docx();
  const cell = (width: number, children: FileChild[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, margins: TIGHT, verticalAlign: VerticalAlignTable.TOP, children: children as Paragraph[] });
  return new Table({
    width: { size: widths[0] + widths[1], type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [cell(widths[0], left), cell(widths[1], right)] })],
  });
}

/** A Decree 30 document: one A4 section, the page number centred in the top margin from the second page on. */
export function officialDocument(meta: { title: string; description: string }, children: FileChild[]): Document {
  const { AlignmentType, Document, Header, PageNumber, Paragraph, TextRun } = docx();
  const pageNumber = new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZE.body })],
  });
  return new Document({
    creator: "Giao ban",
    title: meta.title,
    description: meta.description,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: SIZE.body, language: { value: "vi-VN" } },
          paragraph: { spacing: { before: 0, after: 0, line: HEADING_LINE } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...PAGE.margin, header: PAGE.header, footer: PAGE.footer },
          },
        },
        headers: { first: new Header({ children: [new Paragraph({ children: [] })] }), default: new Header({ children: [pageNumber] }) },
        children,
      },
    ],
  });
}

export interface DocxFile {
  name: FileName;
  bytes: Uint8Array<ArrayBuffer>;
}

export async function packDocx(doc: Document, name: FileName): Promise<DocxFile> {
  return { name, bytes: new Uint8Array(await docx().Packer.toArrayBuffer(doc)) };
}

/** The download: never cached, since a draft changes and is not everyone's to see. */
export function docxResponse(file: DocxFile): Response {
  return new Response(file.bytes, {
    headers: {
      "Content-Type": DOCX_TYPE,
      "Content-Disposition": contentDisposition(file.name),
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
