import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import {
  addDaysToDay,
  daysUntil,
  formatDateTime,
  formatLongDate,
  formatPeriod,
  formatShortDate,
  isValidDay,
  vnDayOf,
  vnLocalToIso,
  vnToday,
  VN_TZ,
  vnWallClock,
} from "./dates";

describe("dates in Asia/Ho_Chi_Minh", () => {
  it("the day changes at midnight in Vietnam, not at the server's midnight", () => {
    // 16:59 UTC on 30 April is 23:59 in Vietnam; 17:00 UTC is already 1 May there.
    expect(vnToday(new Date("2023-04-30T16:59:59Z"))).toBe("2023-04-30");
    expect(vnToday(new Date("2023-04-30T17:00:00Z"))).toBe("2023-05-01");
    expect(vnDayOf("2023-04-06T18:00:00.000Z")).toBe("2023-04-07");
  });

  it("turns a local date and time into the UTC instant", () => {
    expect(vnLocalToIso("2023-04-07", "08:30")).toBe("2023-04-07T01:30:00.000Z");
    expect(vnLocalToIso("2023-01-01", "00:00")).toBe("2022-12-31T17:00:00.000Z");
  });

  it("writes dates as officials do, with the Decree 30 leading zeros", () => {
    expect(formatLongDate("2023-04-07")).toBe("ngày 07 tháng 4 năm 2023");
    expect(formatLongDate("2023-01-15")).toBe("ngày 15 tháng 01 năm 2023");
    expect(formatLongDate("2023-02-03")).toBe("ngày 03 tháng 02 năm 2023");
    expect(formatLongDate("2023-12-31")).toBe("ngày 31 tháng 12 năm 2023");
    expect(formatLongDate("2023-04-07", "en")).toBe("7 April 2023");
    expect(formatShortDate("2023-04-07")).toBe("07/04/2023");
    expect(formatShortDate("2023-04-06T18:00:00.000Z")).toBe("07/04/2023");
    expect(formatDateTime("2023-04-07T01:30:00.000Z")).toBe("08:30 07/04/2023");
    expect(formatPeriod("2023-04")).toBe("tháng 4/2023");
    expect(formatPeriod("2023-04", "en")).toBe("April 2023");
  });

  it("accepts only real calendar days", () => {
    expect(isValidDay("2023-04-30")).toBe(true);
    expect(isValidDay("2024-02-29")).toBe(true);
    for (const bad of ["2023-02-29", "2023-02-30", "2023-13-01", "2023-4-1", "30/04/2023", "", "2023-04-31"]) {
      expect(isValidDay(bad)).toBe(false);
    }
  });

  it("counts calendar days between deadlines", () => {
    expect(daysUntil("2023-04-30", "2023-04-27")).toBe(3);
    expect(daysUntil("2023-04-30", "2023-05-01")).toBe(-1);
    expect(addDaysToDay("2023-02-27", 2)).toBe("2023-03-01");
  });

  it("does not depend on the process time zone", () => {
    // The test command also runs this file under TZ=America/Los_Angeles (see package.json).
    expect(vnToday(new Date("2023-05-01T00:30:00+07:00"))).toBe("2023-05-01");
    expect(formatLongDate(new Date("2023-04-07T00:10:00+07:00"))).toBe("ngày 07 tháng 4 năm 2023");
  });

  it("reads Vietnam's wall clock without the time-zone data exactly as the time-zone data does", () => {
    const hour = 60 * 60 * 1000;
    const instants: number[] = [];
    // Every 31 h 13 min from 1976 to 2100 (crosses every hour of the day and both sides of each midnight), and the edges.
    for (let t = Date.UTC(1976, 0, 1); t < Date.UTC(2100, 0, 1); t += 31 * hour + 13 * 60 * 1000) instants.push(t);
    instants.push(Date.UTC(1976, 0, 1), Date.UTC(2023, 3, 30, 16, 59, 59, 999), Date.UTC(2023, 3, 30, 17), Date.UTC(8999, 11, 31, 23));
    for (const t of instants) {
      const wall = vnWallClock(t)!;
      const z = new TZDate(t, VN_TZ);
      const parts = [z.getFullYear(), z.getMonth(), z.getDate(), z.getHours(), z.getMinutes()];
      expect([wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes()], new Date(t).toISOString()).toEqual(
        parts,
      );
    }
    // Before 1976 (UTC+8 until June 1975), and for a date that is not one, the time-zone data answers.
    expect(vnWallClock(Date.UTC(1975, 0, 1))).toBeNull();
    expect(vnToday(new Date("1970-01-01T16:30:00Z"))).toBe("1970-01-02");
    expect(formatDateTime("1970-01-01T01:30:00Z")).toBe("09:30 01/01/1970");
    expect(vnWallClock(Number.NaN)).toBeNull();
  });
});
