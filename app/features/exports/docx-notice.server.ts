/**
 * The conclusion notice as a Word document, laid out as Decree 30/2020/NĐ-CP
 * asks and worded exactly as the notice page (notices-rules.ts writes both).
 */
import type { Document, FileChild } from "docx";
import type { Notice } from "../../../db/schema";
import { noticeNumber, placeDateLine, type NoticeText } from "~/features/notices/notices-rules";
import { noticeText } from "~/features/notices/notices.server";
import {
  bodyParagraph,
  centred,
  columnTextWidth,
  docx,
  draftMark,
  loadDocx,
  officialDocument,
  packDocx,
  rule,
  run,
  twoColumns,
  type DocxFile,
} from "./docx-parts.server";
import { conclusionLead, issuingBodyLines, lines, NOTICE_HEADINGS as H, noticeFileName, officialUpper, SIZE, subPoint, TEXT_WIDTH } from "./docx-rules";

/** Header columns: the issuing body on the left, the national title on the right (wide enough for it on one line at 13 pt). */
const HEADER_LEFT = 3600;
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;
/** Recipients on the left, the signature on the right. */
const FOOT_LEFT = 4400;
const FOOT_RIGHT = TEXT_WIDTH - FOOT_LEFT;

function header(p: NoticeText): FileChild {
  const left = [
    ...issuingBodyLines(p.issuingBody).map((l) => centred(l, { bold: true, size: SIZE.headerCaps })),
    rule(1200, columnTextWidth(HEADER_LEFT)),
    centred(noticeNumber(p.number, p.symbol), { size: SIZE.number }, { before: 120 }),
  ];
  const right = [
    centred(H.republic, { bold: true, size: SIZE.headerCaps }),
    centred(H.motto, { bold: true, size: SIZE.body }),
    rule(3400, columnTextWidth(HEADER_RIGHT)),
    centred(placeDateLine(p.place, p.issuedOn, p.thisYear), { italics: true, size: SIZE.body }, { before: 120 }),
  ];
  return twoColumns([HEADER_LEFT, HEADER_RIGHT], left, right);
}

function body(p: NoticeText): FileChild[] {
  const out: FileChild[] = [bodyParagraph(p.opening)];
  if (p.conclusions.length === 0) out.push(bodyParagraph([run(H.noConclusions, { italics: true })]));
  p.conclusions.forEach((c, n) => {
    const [first = "", ...rest] = lines(c.body);
    out.push(bodyParagraph([run(conclusionLead(n + 1, c.itemTitle), { bold: true }), run(first ? ` ${first}` : "")]));
    for (const line of rest) out.push(bodyParagraph(line));
    c.assignments.forEach((sentence, k) => out.push(bodyParagraph(subPoint(k) + sentence)));
  });
  out.push(bodyParagraph(p.closing));
  return out;
}

function foot(p: NoticeText): FileChild {
  const { AlignmentType, Paragraph } = docx();
  const left = [
    new Paragraph({ children: [run(H.recipients, { bold: true, italics: true, size: SIZE.recipientsLabel })] }),
    ...lines(p.recipients).map((l) => new Paragraph({ children: [run(l, { size: SIZE.recipients })] })),
  ];
  const right = [
    ...lines(p.signerAuthority).map((l) => centred(officialUpper(l), { bold: true })),
    ...lines(p.signerTitle).map((l) => centred(officialUpper(l), { bold: true })),
    // Room for the signature and the seal.
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 1700 }, children: [run(p.signerName, { bold: true })] }),
  ];
  return twoColumns([FOOT_LEFT, FOOT_RIGHT], left, right);
}

/** The notice as a Word document (after loadDocx()); a notice not yet issued carries the DỰ THẢO stamp. */
export function noticeDocument(p: NoticeText): Document {
  const { Paragraph } = docx();
  return officialDocument({ title: `${H.type} ${noticeNumber(p.number, p.symbol)}`, description: p.summary }, [
    ...(p.draft ? [draftMark()] : []),
    header(p),
    centred(H.type, { bold: true }, { before: 360 }),
    centred(p.summary, { bold: true }),
    rule(2000, TEXT_WIDTH, 240),
    ...body(p),
    new Paragraph({ children: [] }),
    foot(p),
  ]);
}

export async function noticeDocx(meeting: { id: number; seriesId: number; period: string }, notice: Notice): Promise<DocxFile> {
  const props = await noticeText(meeting, notice);
  await loadDocx();
  return packDocx(noticeDocument(props), noticeFileName({ number: notice.number, year: notice.year, symbol: notice.symbol, period: meeting.period }));
}
