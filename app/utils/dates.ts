/**
 * Calendar maths in Asia/Ho_Chi_Minh, whatever the server's zone.
 * Deadlines are `YYYY-MM-DD` strings meaning a day in Vietnam: a task due
 * 2023-04-30 is overdue from 2023-05-01 00:00 local time.
 */
import { TZDate } from "@date-fns/tz";
// One module each rather than the package's index, which loads all of
// date-fns (~11 MB more of the server's memory).
import { addDays } from "date-fns/addDays";
import { differenceInCalendarDays } from "date-fns/differenceInCalendarDays";
import { format } from "date-fns/format";
import { parseISO } from "date-fns/parseISO";
import type { Locale } from "../../db/schema";

export const VN_TZ = "Asia/Ho_Chi_Minh";

/**
 * Vietnam has kept UTC+7, with no summer time, since 13 June 1975: for an
 * instant from 1976 on, the wall clock there is the UTC clock seven hours
 * later, with no time-zone lookup (a TZDate per date cost a page of dates
 * a tenth of a millisecond and more). Earlier instants, and any the
 * time-zone data might one day disagree on (dates.test.ts compares the
 * two), go through TZDate.
 */
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const FIXED_OFFSET_FROM = Date.UTC(1976, 0, 1);
const FIXED_OFFSET_UNTIL = Date.UTC(9000, 0, 1);

/** The instant's wall clock in Vietnam, read with the getUTC… methods; null outside the fixed-offset years. */
export function vnWallClock(ms: number): Date | null {
  return ms >= FIXED_OFFSET_FROM && ms < FIXED_OFFSET_UNTIL ? new Date(ms + VN_OFFSET_MS) : null;
}

export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

/** Today's date in Vietnam as `YYYY-MM-DD`. */
export function vnToday(now: Date = new Date()): string {
  const wall = vnWallClock(now.getTime());
  if (wall) return wall.toISOString().slice(0, 10);
  return format(new TZDate(now.getTime(), VN_TZ), "yyyy-MM-dd");
}

/** The `YYYY-MM-DD` day in Vietnam that an instant falls on. */
export function vnDayOf(instant: string | Date): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  return vnToday(d);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day: rejects 2023-02-30 and 2023-13-01. */
export function isValidDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Days from `today` until `deadline` (negative when past). Both `YYYY-MM-DD`. */
export function daysUntil(deadline: string, today: string): number {
  return differenceInCalendarDays(parseISO(deadline), parseISO(today));
}

export function addDaysToDay(day: string, days: number): string {
  return format(addDays(parseISO(day), days), "yyyy-MM-dd");
}

/** A local date and time in Vietnam (`2023-04-07`, `08:30`) as a UTC ISO instant. */
export function vnLocalToIso(day: string, time: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, VN_TZ).getTime()).toISOString();
}

function dayParts(value: string | Date): { d: number; m: number; y: number } {
  if (typeof value === "string" && ISO_DAY.test(value)) {
    const [y, m, d] = value.split("-").map(Number);
    return { y, m, d };
  }
  const ms = (typeof value === "string" ? new Date(value) : value).getTime();
  const wall = vnWallClock(ms);
  if (wall) return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
  const z = new TZDate(ms, VN_TZ);
  return { y: z.getFullYear(), m: z.getMonth() + 1, d: z.getDate() };
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The way an official writes a date in a document: "ngày 07 tháng 4 năm 2023".
 * Days below 10 and the months January and February take a leading zero
 * (Decree 30/2020/NĐ-CP).
 */
export function formatLongDate(value: string | Date, locale: Locale = "vi"): string {
  const { d, m, y } = dayParts(value);
  if (locale === "en") {
    const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    return `${d} ${months[m - 1]} ${y}`;
  }
  const month = m <= 2 ? pad(m) : String(m);
  return `ngày ${pad(d)} tháng ${month} năm ${y}`;
}

/** 07/04/2023 — the short form, the same in both languages (day first). */
export function formatShortDate(value: string | Date): string {
  const { d, m, y } = dayParts(value);
  return `${pad(d)}/${pad(m)}/${y}`;
}

/** 08:30 07/04/2023 in Vietnam time. */
export function formatDateTime(value: string | Date): string {
  const ms = (typeof value === "string" ? new Date(value) : value).getTime();
  const wall = vnWallClock(ms);
  if (wall) return `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())} ${formatShortDate(value)}`;
  const z = new TZDate(ms, VN_TZ);
  return `${pad(z.getHours())}:${pad(z.getMinutes())} ${formatShortDate(value)}`;
}

/** "tháng 4/2023" / "April 2023" for a `YYYY-MM` period. */
export function formatPeriod(period: string, locale: Locale = "vi"): string {
  const [y, m] = period.split("-").map(Number);
  if (locale === "en") return `${formatLongDate(`${period}-01`, "en").split(" ").slice(1).join(" ")}`;
  return `tháng ${m}/${y}`;
}
