/**
 * The conclusion notice (Thông báo kết luận) as Decree 30/2020/NĐ-CP lays
 * it out. Pure text assembly: the page, the print view and later the DOCX
 * all read the same structure.
 */
import { formatLongDate, formatShortDate } from "~/utils/dates";

export interface NoticeTask {
  title: string;
  leadName: string;
  coordinatorNames: string[];
  deadline: string | null;
}

/**
 * A numbered conclusion of the notice, with its assignments as the
 * document words them (`assignmentSentence`): the sentences, not the tasks,
 * are what the page sends and the Word file writes, and a notice of a
 * thousand tasks costs a page view far less as text.
 */
export interface NoticeConclusion {
  itemTitle: string;
  body: string;
  assignments: string[];
}

/**
 * The letters of the points under a numbered paragraph, as Decree
 * 30/2020/NĐ-CP orders them: the Vietnamese alphabet (with "đ", without f,
 * j, w, z). Past "y" they start again with a number: "a1", "b1" …
 */
const POINT_LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"];

/** "a)", "b)" … "đ)" … "y)", "a1)" for the point at index `k` (from 0). */
export function pointLabel(k: number): string {
  const round = Math.floor(k / POINT_LETTERS.length);
  return `${POINT_LETTERS[k % POINT_LETTERS.length]}${round === 0 ? "" : round})`;
}

/**
 * A stretch of one conclusion on a page of the notice as the screen shows
 * it: its number and title; its body on the page where it starts (null on
 * the next, "continued"); and the points from index `firstPoint`.
 */
export interface NoticePart {
  number: number;
  itemTitle: string;
  body: string | null;
  firstPoint: number;
  assignments: string[];
}

/**
 * How many assignments a screen page of the notice holds. A real notice
 * (20–60 tasks) is one page; a meeting that assigns a thousand tasks is
 * read page by page on screen, and whole in the print view and Word file.
 */
export const NOTICE_PAGE_POINTS = 60;

/**
 * The notice cut into screen pages of about `perPage` assignments (a
 * conclusion without any counts as one). A conclusion that does not fit
 * what is left of a page starts the next; one longer than a page is cut,
 * its next parts marked as continued. Always at least one page.
 */
export function noticePages(conclusions: NoticeConclusion[], perPage: number = NOTICE_PAGE_POINTS): NoticePart[][] {
  perPage = Math.max(1, perPage);
  const pages: NoticePart[][] = [[]];
  let room = perPage;
  conclusions.forEach((c, index) => {
    const size = Math.max(1, c.assignments.length);
    if (size > room && room < perPage) {
      pages.push([]);
      room = perPage;
    }
    let k = 0;
    do {
      if (room <= 0) {
        pages.push([]);
        room = perPage;
      }
      const take = Math.min(room, c.assignments.length - k);
      pages[pages.length - 1].push({
        number: index + 1,
        itemTitle: c.itemTitle,
        body: k === 0 ? c.body : null,
        firstPoint: k,
        assignments: c.assignments.slice(k, k + take),
      });
      k += take;
      room -= Math.max(1, take);
    } while (k < c.assignments.length);
  });
  return pages;
}

/** The notice's whole text, as the Word file and the print view take it. */
export interface NoticeText {
  issuingBody: string;
  place: string;
  number: number | null;
  symbol: string;
  issuedOn: string | null;
  summary: string;
  opening: string;
  conclusions: NoticeConclusion[];
  closing: string;
  recipients: string;
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
  draft: boolean;
  /** This year in Vietnam: a draft's date line leaves day and month blank in it. */
  thisYear: string;
}

/** The notice's text but its conclusions (a screen page sends its own parts of them). */
export function withoutConclusions({ conclusions: _sentApart, ...rest }: NoticeText): Omit<NoticeText, "conclusions"> {
  return rest;
}

/** The screen page asked for (`?page=`): a whole number within 1…pages; past the end, the last; anything else, the first. */
export function screenPage(asked: string | null, pages: number): number {
  if (!asked || !/^\d+$/.test(asked)) return 1;
  return Math.min(Math.max(1, Number(asked)), Math.max(1, pages));
}

/** "Số: 45/TB-UBND"; before issue the number is left blank, as on a paper draft. */
export function noticeNumber(number: number | null, symbol: string): string {
  return number === null ? `Số:      /${symbol}` : `Số: ${String(number).padStart(2, "0")}/${symbol}`;
}

/** "Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với …; thời hạn: 30/6/2023." */
export function assignmentSentence(task: NoticeTask): string {
  const coord = task.coordinatorNames.length ? `, phối hợp với ${task.coordinatorNames.join(", ")}` : "";
  const deadline = task.deadline ? `; thời hạn: ${formatShortDate(task.deadline)}` : "";
  const title = task.title.charAt(0).toLocaleLowerCase("vi") + task.title.slice(1);
  return `Giao ${task.leadName} chủ trì${coord} ${title}${deadline}.`;
}

/**
 * The place-and-date line, in italics on the document: "Quảng Ninh, ngày 07
 * tháng 4 năm 2023". Before issue, day and month are left blank in `year`
 * (this year in Vietnam, given by the loader: a page renders only its data).
 */
export function placeDateLine(place: string, day: string | null, year: string): string {
  return day ? `${place}, ${formatLongDate(day)}` : `${place}, ngày      tháng      năm ${year}`;
}

/** The province name from the issuing body: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" → "Quảng Ninh". */
export function placeFromIssuingBody(issuingBody: string): string {
  const m = /TỈNH\s+(.+)$/iu.exec(issuingBody.trim()) ?? /THÀNH PHỐ\s+(.+)$/iu.exec(issuingBody.trim());
  if (!m) return issuingBody;
  return m[1]
    .toLocaleLowerCase("vi")
    .split(/\s+/)
    .map((w) => w.charAt(0).toLocaleUpperCase("vi") + w.slice(1))
    .join(" ");
}

export const DEFAULT_STANDING = "- Chủ tịch, các PCT UBND tỉnh;\n- Như thành phần mời dự;";
export const DEFAULT_ARCHIVE = "- Lưu: VT, TH.";
export const DEFAULT_SIGNER_AUTHORITY = "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG";
export const DEFAULT_SIGNER_TITLE = "PHÓ CHÁNH VĂN PHÒNG";

/** Recipients: the series' standing ones, then every agency the notice assigns work to, then the archive line. */
export function defaultRecipients(agencyNames: string[], standing: string = DEFAULT_STANDING, archive: string = DEFAULT_ARCHIVE): string {
  const unique = [...new Set(agencyNames)].sort((a, b) => a.localeCompare(b, "vi"));
  const lines = (text: string) =>
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  return [...lines(standing), ...unique.map((n) => `- ${n};`), ...lines(archive)].join("\n");
}
