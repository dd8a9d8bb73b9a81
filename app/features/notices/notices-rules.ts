/**
 * The conclusion notice (Thông báo kết luận) as Decree 30/2020/NĐ-CP lays
 * it out. Pure text assembly: the page, the print view and later the DOCX
 * all read the same structure.
 */
import { formatLongDate, formatShortDate } from "../../utils/dates";

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
  const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return [...lines(standing), ...unique.map((n) => `- ${n};`), ...lines(archive)].join("\n");
}
