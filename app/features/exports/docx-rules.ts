/**
 * The text and the page of the official documents exported as Word (DOCX)
 * and printed (the agenda's print page shares the agenda lines). Pure: no
 * Request, no db, no `docx` — the builders in docx-*.server.ts lay these
 * out. The documents are always in Vietnamese (Decree 30/2020/NĐ-CP).
 */
import { TZDate } from "@date-fns/tz";
import type { AgendaItemKind } from "../../../db/schema";
import { formatLongDate, VN_TZ } from "~/utils/dates";
import { pointLabel } from "~/features/notices/notices-rules";

/** Twips (1/20 pt) per millimetre. */
const TWIPS_PER_MM = 1440 / 25.4;

/** Millimetres as twips, rounded up so a margin never falls below the decree's minimum. */
export function mmToTwips(mm: number): number {
  return Math.ceil(mm * TWIPS_PER_MM - 1e-9);
}

export function twipsToMm(twips: number): number {
  return twips / TWIPS_PER_MM;
}

/**
 * A4 portrait with Decree 30 margins: top and bottom 20 mm (20–25), left
 * 30 mm (30–35), right 15 mm (15–20) — the same as the in-app paper.
 */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: mmToTwips(20), bottom: mmToTwips(20), left: mmToTwips(30), right: mmToTwips(15) },
  /** Where the page number sits in the top margin (from the top edge). */
  header: mmToTwips(10),
  footer: mmToTwips(10),
} as const;

/** The width between the margins, in twips. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

/** Font sizes in half-points, as Word stores them (`w:sz`). */
export const SIZE = {
  body: 28, // 14 pt
  headerCaps: 26, // 13 pt: issuing body, "CỘNG HÒA …"
  number: 26, // 13 pt: "Số: 45/TB-UBND"
  recipientsLabel: 24, // 12 pt: "Nơi nhận:"
  recipients: 22, // 11 pt
  table: 26, // 13 pt: the agenda table
} as const;

/** First-line indent of body paragraphs: 1.27 cm. */
export const FIRST_LINE_INDENT = 720;
/** Space after a body paragraph: 6 pt. */
export const SPACE_AFTER = 120;
/**
 * Line spacing in 240ths of a line (the decree allows single to 1.5): 1.2
 * for the body, 1.1 for headings and the header block, so that stacked
 * Vietnamese marks (Ủ, Ễ) never touch the line above.
 */
export const BODY_LINE = 288;
export const HEADING_LINE = 264;

export const FONT = "Times New Roman";

/** Uppercase the way the decree writes titles, with Vietnamese casing rules. */
export function officialUpper(text: string): string {
  return text.toLocaleUpperCase("vi");
}

/** The lines of a multi-line field (recipients, signer authority), trimmed, blank ones dropped. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** "Thông báo" → "Thong bao": Vietnamese letters without their marks, for an ASCII file name. */
export function asciiFold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

/** Words joined by hyphens, nothing a file system or a header could choke on. */
function slug(text: string): string {
  return text
    .replace(/[\\/:*?"<>|\s]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

export interface FileName {
  /** For `filename=`: ASCII only. */
  ascii: string;
  /** For `filename*=`: the Vietnamese name. */
  utf8: string;
}

function fileName(vietnamese: string, extension: string): FileName {
  const utf8 = `${slug(vietnamese.normalize("NFC"))}.${extension}`;
  const ascii = `${slug(asciiFold(vietnamese).replace(/[^\x20-\x7e]/g, ""))}.${extension}`;
  return { ascii, utf8 };
}

/**
 * "Thong-bao-45-TB-UBND-2023.docx" once issued; a draft has no number yet,
 * so it is named by the meeting's period: "Du-thao-Thong-bao-TB-UBND-2023-04.docx".
 */
export function noticeFileName(n: { number: number | null; year: number | null; symbol: string; period: string }): FileName {
  if (n.number === null || n.year === null) return fileName(`Dự thảo Thông báo ${n.symbol} ${n.period}`, "docx");
  return fileName(`Thông báo ${String(n.number).padStart(2, "0")} ${n.symbol} ${n.year}`, "docx");
}

/** "Chuong-trinh-hop-2023-04.docx". */
export function agendaFileName(period: string, draft: boolean): FileName {
  return fileName(`${draft ? "Dự thảo " : ""}Chương trình họp ${period}`, "docx");
}

/** RFC 6266 / 5987: an ASCII `filename` for old clients and the UTF-8 `filename*`. */
export function contentDisposition(name: FileName): string {
  const encoded = encodeURIComponent(name.utf8).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${name.ascii.replace(/["\\]/g, "")}"; filename*=UTF-8''${encoded}`;
}

export const DRAFT_MARK = "DỰ THẢO";

// ——— The agenda ———

/** "Thời gian: 08 giờ 00, ngày 07 tháng 4 năm 2023" (Vietnam time). */
export function meetingTimeLine(startsAt: string): string {
  const z = new TZDate(new Date(startsAt).getTime(), VN_TZ);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `Thời gian: ${pad(z.getHours())} giờ ${pad(z.getMinutes())}, ${formatLongDate(startsAt)}`;
}

export function placeLine(place: string): string {
  return `Địa điểm: ${place}`;
}

/** "Các điểm cầu: A; B; C." — or nothing when the meeting has none. */
export function bridgePointsLine(labels: string[]): string | null {
  return labels.length ? `Các điểm cầu: ${labels.join("; ")}.` : null;
}

export interface AgendaSourceItem {
  title: string;
  kind: AgendaItemKind;
  carryCount: number;
  presenterVi: string | null;
  minutes: number | null;
  removed: boolean;
  reasons: readonly string[];
}

/** Shown after an item's title in brackets: "(chuyển tiếp lần 2)", "(quá hạn)"; an alert is set in bold. */
export interface AgendaMark {
  text: string;
  alert: boolean;
}

export interface AgendaLine {
  no: number;
  title: string;
  marks: AgendaMark[];
  presenter: string;
  minutes: number | null;
}

/** The agenda as the document lists it: removed items left out, numbered in order, carried-over and overdue items marked. */
export function agendaLines(items: readonly AgendaSourceItem[]): AgendaLine[] {
  return items
    .filter((i) => !i.removed)
    .map((i, n) => ({
      no: n + 1,
      title: i.title,
      marks: [
        // A carried-over item has been carried at least once, whatever an old record says (the demo's seed stores 0).
        ...(i.kind === "carried_over" ? [{ text: `chuyển tiếp lần ${Math.max(1, i.carryCount)}`, alert: false }] : []),
        ...(i.reasons.includes("overdue") ? [{ text: "quá hạn", alert: true }] : []),
      ],
      presenter: i.presenterVi ?? "",
      minutes: i.minutes,
    }));
}

/** "Tiêu đề (chuyển tiếp lần 2) (quá hạn)". */
export function agendaLineText(line: AgendaLine): string {
  return [line.title, ...line.marks.map((m) => `(${m.text})`)].join(" ");
}

/** "Tổng cộng: 6 nội dung, 95 phút." */
export function agendaTotalLine(lines: readonly AgendaLine[]): string {
  const minutes = lines.reduce((sum, l) => sum + (l.minutes ?? 0), 0);
  return `Tổng cộng: ${lines.length} nội dung, ${minutes} phút.`;
}

export const AGENDA_HEADINGS = {
  title: "CHƯƠNG TRÌNH HỌP",
  no: "TT",
  item: "Nội dung",
  presenter: "Đơn vị trình bày",
  minutes: "Thời lượng (phút)",
  empty: "(Chưa có nội dung)",
} as const;

// ——— The notice ———

/**
 * The issuing body as the header prints it: "ỦY BAN NHÂN DÂN" on one line and
 * the locality on the next ("TỈNH QUẢNG NINH"), as the decree's models do.
 */
export function issuingBodyLines(issuingBody: string): string[] {
  const upper = officialUpper(issuingBody.trim().replace(/\s+/g, " "));
  const m = /^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(.+)$/u.exec(upper);
  return m ? [m[1], m[2]] : [upper];
}

/** "1. Tiêu đề nội dung:" — the lead of a numbered conclusion, in bold on the document. */
export function conclusionLead(n: number, itemTitle: string): string {
  return `${n}. ${itemTitle}:`;
}

/** "a) ", "b) " … "đ) " … for the assignments under a conclusion (`pointLabel`). */
export function subPoint(k: number): string {
  return `${pointLabel(k)} `;
}

export const NOTICE_HEADINGS = {
  republic: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
  motto: "Độc lập - Tự do - Hạnh phúc",
  type: "THÔNG BÁO",
  recipients: "Nơi nhận:",
  noConclusions: "(Chưa có kết luận)",
} as const;
