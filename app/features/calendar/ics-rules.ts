/**
 * A small iCalendar (RFC 5545) writer: just what the feeds need — VEVENTs
 * with timed (UTC) or all-day dates, escaped text, lines folded at 75 octets,
 * CRLF. Pure functions on plain data; docs/decisions/0013-exceljs.md says why
 * it is hand-written.
 */

const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** An instant (written in UTC, `20230407T010000Z`) or a calendar day (`VALUE=DATE`, `20230430`). */
export type IcsTime = { kind: "utc"; at: string } | { kind: "date"; day: string };

export interface IcsEvent {
  /** Stable across fetches, so a client replaces the event rather than adding a copy. */
  uid: string;
  /** ISO-8601 instant: when this information was last revised. */
  stamp: string;
  start: IcsTime;
  end?: IcsTime;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  /** Grows each time the record changes (its version), so clients take the update. */
  sequence?: number;
  lastModified?: string | null;
  /** Deadlines do not make anyone busy. */
  transparent?: boolean;
  categories?: string[];
}

export interface IcsCalendar {
  prodId: string;
  /** X-WR-CALNAME: the name a client shows for a subscribed feed. */
  name?: string;
  description?: string;
  /** PUBLISH for a one-off file; omitted for a subscribed feed. */
  method?: "PUBLISH";
  /** How often a subscribed client should fetch again, in minutes. */
  refreshMinutes?: number;
  events: IcsEvent[];
}

/**
 * TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon and comma get
 * a backslash, every line break becomes `\n`; other control characters are
 * not allowed in TEXT and are dropped.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n|\r|\n/g, "\n")
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\n/g, "\\n")
  );
}

/** Octets of one code point in UTF-8. */
function utf8Octets(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const char of s) n += utf8Octets(char);
  return n;
}

/**
 * Folds one content line (RFC 5545 §3.1): no line longer than 75 octets,
 * each continuation starting with one space. Splits between code points,
 * never inside a multi-byte UTF-8 character.
 */
export function foldLine(line: string): string {
  if (utf8Length(line) <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  // The first line holds 75 octets; a continuation holds 74 after its leading space.
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = utf8Octets(char);
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** `2023-04-07T01:00:00.000Z` -> `20230407T010000Z`. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`Not an instant: ${iso}`);
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** `2023-04-30` -> `20230430`. */
export function formatDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Not a day: ${day}`);
  return day.replace(/-/g, "");
}

/** The day after a `YYYY-MM-DD` day: the exclusive end of an all-day event. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function timeLine(name: "DTSTART" | "DTEND", time: IcsTime): string {
  return time.kind === "date" ? `${name};VALUE=DATE:${formatDay(time.day)}` : `${name}:${formatUtc(time.at)}`;
}

function eventLines(e: IcsEvent): string[] {
  const lines = ["BEGIN:VEVENT", `UID:${escapeText(e.uid)}`, `DTSTAMP:${formatUtc(e.stamp)}`, timeLine("DTSTART", e.start)];
  // An all-day event without an end lasts its one day; say so explicitly, clients differ.
  const end = e.end ?? (e.start.kind === "date" ? { kind: "date" as const, day: nextDay(e.start.day) } : undefined);
  if (end) lines.push(timeLine("DTEND", end));
  lines.push(`SUMMARY:${escapeText(e.summary)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(",")}`);
  if (e.sequence !== undefined) lines.push(`SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`);
  if (e.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(e.lastModified)}`);
  lines.push(`TRANSP:${e.transparent ? "TRANSPARENT" : "OPAQUE"}`);
  lines.push("END:VEVENT");
  return lines;
}

/** The whole calendar as text: folded lines, each ended by CRLF. */
export function serializeCalendar(cal: IcsCalendar): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${cal.prodId}`, "CALSCALE:GREGORIAN"];
  if (cal.method) lines.push(`METHOD:${cal.method}`);
  if (cal.name) lines.push(`X-WR-CALNAME:${escapeText(cal.name)}`);
  if (cal.description) lines.push(`X-WR-CALDESC:${escapeText(cal.description)}`);
  // Deadlines are days in Vietnam; tell clients which zone the calendar is read in.
  lines.push("X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
  if (cal.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${cal.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${cal.refreshMinutes}M`);
  }
  for (const e of cal.events) lines.push(...eventLines(e));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
