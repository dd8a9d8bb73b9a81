import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, formatDay, formatUtc, nextDay, serializeCalendar, type IcsEvent } from "./ics-rules";

const octets = (s: string) => new TextEncoder().encode(s).length;

const meeting: IcsEvent = {
  uid: "meeting-12@giaoban",
  stamp: "2023-04-01T03:00:00.000Z",
  start: { kind: "utc", at: "2023-04-07T01:00:00.000Z" },
  end: { kind: "utc", at: "2023-04-07T04:00:00.000Z" },
  summary: "Giao ban chuyển đổi số tháng 4/2023",
  location: "Phòng họp số 1, Trụ sở UBND tỉnh; điểm cầu Đầm Hà",
  description: "Dòng một\nDòng hai, có dấu phẩy; và chấm phẩy \\ gạch chéo",
  sequence: 3,
};

describe("escapeText", () => {
  it("escapes backslash, semicolon and comma, and writes line breaks as \\n", () => {
    expect(escapeText("a\\b;c,d")).toBe("a\\\\b\\;c\\,d");
    expect(escapeText("một\r\nhai\nba\rbốn")).toBe("một\\nhai\\nba\\nbốn");
    expect(escapeText("Sở Tài nguyên và Môi trường; phối hợp, Đầm Hà")).toBe("Sở Tài nguyên và Môi trường\\; phối hợp\\, Đầm Hà");
  });

  it("drops control characters that TEXT may not hold, keeps tabs", () => {
    expect(escapeText("a\u0000b\u0007c\td")).toBe("abc\td");
  });

  it("escapes a backslash before adding its own", () => {
    expect(escapeText("\\,")).toBe("\\\\\\,");
    expect(escapeText("\\n")).toBe("\\\\n");
  });
});

describe("foldLine", () => {
  it("leaves a line of 75 octets alone", () => {
    const line = "X".repeat(75);
    expect(foldLine(line)).toBe(line);
  });

  it("folds at 75 octets, continuations starting with one space", () => {
    const folded = foldLine("D".repeat(200));
    const lines = folded.split("\r\n");
    expect(lines[0]).toHaveLength(75);
    for (const l of lines.slice(1)) {
      expect(l.startsWith(" ")).toBe(true);
      expect(octets(l)).toBeLessThanOrEqual(75);
    }
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join("")).toBe("D".repeat(200));
  });

  it("never splits a Vietnamese multi-byte character, and unfolds to the same text", () => {
    // "ệ" is 3 octets in UTF-8, "đ" 2: line breaks land between characters at varying offsets.
    const text = "DESCRIPTION:" + "Nghiệm thu hệ thống điều hành đô thị thông minh, đường truyền số liệu chuyên dùng. ".repeat(6);
    const folded = foldLine(text);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      // A split inside a character would leave a replacement character after a byte-level round trip.
      expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(l))).toBe(l);
    }
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join("")).toBe(text);
    // A line full of 3-octet characters fills up to 75 octets (25 characters) exactly.
    const wide = foldLine("ệ".repeat(60)).split("\r\n");
    expect(octets(wide[0])).toBe(75);
    expect(octets(wide[1])).toBe(1 + 72);
  });

  it("keeps a 4-octet character (outside the BMP) whole", () => {
    const lines = foldLine("A" + "😀".repeat(30)).split("\r\n");
    for (const l of lines) expect(l).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(octets(lines[0])).toBeLessThanOrEqual(75);
  });
});

describe("dates", () => {
  it("writes instants in UTC and days as DATE", () => {
    expect(formatUtc("2023-04-07T01:00:00.000Z")).toBe("20230407T010000Z");
    expect(formatDay("2023-04-30")).toBe("20230430");
    expect(nextDay("2023-04-30")).toBe("2023-05-01");
    expect(nextDay("2023-12-31")).toBe("2024-01-01");
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
  });
});

describe("serializeCalendar", () => {
  const text = serializeCalendar({
    prodId: "-//Giao ban//VI",
    name: "Giao ban, lịch của tôi",
    refreshMinutes: 60,
    events: [
      meeting,
      {
        uid: "task-345-deadline@giaoban",
        stamp: "2023-04-08T00:00:00.000Z",
        start: { kind: "date", day: "2023-04-30" },
        summary: "Hạn: Cập nhật cơ sở dữ liệu đất đai",
        transparent: true,
      },
    ],
  });

  it("ends every line with CRLF and has no bare LF", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
  });

  it("writes meetings in UTC and deadlines as all-day dates ending the next day", () => {
    expect(text).toContain("\r\nDTSTART:20230407T010000Z\r\n");
    expect(text).toContain("\r\nDTEND:20230407T040000Z\r\n");
    expect(text).toContain("\r\nDTSTART;VALUE=DATE:20230430\r\nDTEND;VALUE=DATE:20230501\r\n");
    expect(text).toContain("\r\nTRANSP:TRANSPARENT\r\n");
  });

  it("is read back by an iCalendar parser with the same text", () => {
    const cal = new ICAL.Component(ICAL.parse(text));
    // X- properties default to TEXT (RFC 5545 §3.8.8.2) and are escaped; ical.js leaves unknown ones raw.
    expect(cal.getFirstPropertyValue("x-wr-calname")).toBe("Giao ban\\, lịch của tôi");
    const [first, second] = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(first.uid).toBe("meeting-12@giaoban");
    expect(first.location).toBe(meeting.location);
    expect(first.description).toBe(meeting.description);
    expect(first.startDate.toJSDate().toISOString()).toBe("2023-04-07T01:00:00.000Z");
    expect(second.startDate.isDate).toBe(true);
    expect(second.startDate.toString()).toBe("2023-04-30");
    expect(second.endDate.toString()).toBe("2023-05-01");
  });
});
