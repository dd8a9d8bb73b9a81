import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { csvCell, dayToExcelDate, instantToExcelDate, sheetValue, toCsv, type Column } from "./registers-rules";

describe("csvCell", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell("Sở Tài nguyên và Môi trường")).toBe("Sở Tài nguyên và Môi trường");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell("a; b")).toBe('"a; b"');
    expect(csvCell('nói "nhanh"')).toBe('"nói ""nhanh"""');
    expect(csvCell("dòng 1\r\ndòng 2")).toBe('"dòng 1\r\ndòng 2"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("keeps a spreadsheet from running text as a formula", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+84 203")).toBe("'+84 203");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@SUM")).toBe("'@SUM");
  });
});

describe("toCsv", () => {
  const columns: Column<{ n: number; day: string | null; at: string; text: string }>[] = [
    { header: "tasks.col.number", kind: "number", width: 5, value: (r) => r.n },
    { header: "tasks.col.deadline", kind: "date", width: 5, value: (r) => r.day },
    { header: "blockers.col.submittedAt", kind: "datetime", width: 5, value: (r) => r.at },
    { header: "tasks.col.title", kind: "longtext", width: 5, value: (r) => r.text },
  ];
  it("writes a BOM, the header in the reader's language, days and Vietnam times, CRLF", () => {
    const csv = toCsv(
      columns,
      [
        { n: 7, day: "2023-04-30", at: "2023-04-02T17:30:00.000Z", text: "Đầm Hà, Quảng Ninh" },
        { n: 8, day: null, at: "", text: "" },
      ],
      {
        t: translator("vi"),
        today: "2023-05-01",
        locale: "vi",
      },
    );
    expect(csv).toBe('\uFEFFSố,Thời hạn,Ngày gửi,Nhiệm vụ\r\n7,30/04/2023,03/04/2023 00:30,"Đầm Hà, Quảng Ninh"\r\n8,,,\r\n');
  });
});

describe("spreadsheet values", () => {
  it("stores a day as midnight UTC (a whole Excel serial) and an instant as Vietnam's wall clock", () => {
    expect(dayToExcelDate("2023-04-30").toISOString()).toBe("2023-04-30T00:00:00.000Z");
    expect(instantToExcelDate("2023-04-30T17:30:00.000Z").toISOString()).toBe("2023-05-01T00:30:00.000Z");
    expect(sheetValue("number", 12)).toBe(12);
    expect(sheetValue("date", null)).toBeNull();
    expect(sheetValue("text", "")).toBeNull();
    expect(sheetValue("date", "2023-02-01")).toBeInstanceOf(Date);
  });
});
