import { describe, expect, it } from "vitest";
import {
  agendaFileName,
  agendaLines,
  agendaLineText,
  agendaTotalLine,
  asciiFold,
  bridgePointsLine,
  conclusionLead,
  contentDisposition,
  issuingBodyLines,
  lines,
  meetingTimeLine,
  mmToTwips,
  noticeFileName,
  officialUpper,
  PAGE,
  subPoint,
  TEXT_WIDTH,
  twipsToMm,
  type AgendaSourceItem,
} from "./docx-rules";

describe("the Decree 30 page", () => {
  it("is A4 with margins inside the decree's ranges", () => {
    expect(PAGE.width).toBe(11906);
    expect(PAGE.height).toBe(16838);
    const mm = (t: number) => twipsToMm(t);
    expect(mm(PAGE.margin.top)).toBeGreaterThanOrEqual(20);
    expect(mm(PAGE.margin.top)).toBeLessThanOrEqual(25);
    expect(mm(PAGE.margin.bottom)).toBeGreaterThanOrEqual(20);
    expect(mm(PAGE.margin.bottom)).toBeLessThanOrEqual(25);
    expect(mm(PAGE.margin.left)).toBeGreaterThanOrEqual(30);
    expect(mm(PAGE.margin.left)).toBeLessThanOrEqual(35);
    expect(mm(PAGE.margin.right)).toBeGreaterThanOrEqual(15);
    expect(mm(PAGE.margin.right)).toBeLessThanOrEqual(20);
    expect(TEXT_WIDTH).toBe(PAGE.width - PAGE.margin.left - PAGE.margin.right);
  });

  it("rounds millimetres up to whole twips, so a minimum is never undercut", () => {
    expect(mmToTwips(15)).toBe(851);
    expect(mmToTwips(20)).toBe(1134);
    expect(mmToTwips(30)).toBe(1701);
    expect(mmToTwips(25.4)).toBe(1440);
  });
});

describe("document text", () => {
  it("uppercases with Vietnamese marks intact", () => {
    expect(officialUpper("tl. chủ tịch")).toBe("TL. CHỦ TỊCH");
    expect(officialUpper("phó chánh văn phòng")).toBe("PHÓ CHÁNH VĂN PHÒNG");
  });

  it("breaks the issuing body after ỦY BAN NHÂN DÂN, as the decree's models do", () => {
    expect(issuingBodyLines("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH")).toEqual(["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NINH"]);
    expect(issuingBodyLines("Ủy ban nhân dân  thành phố Hạ Long")).toEqual(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẠ LONG"]);
    expect(issuingBodyLines("VĂN PHÒNG UBND TỈNH")).toEqual(["VĂN PHÒNG UBND TỈNH"]);
  });

  it("splits multi-line fields and drops blank lines", () => {
    expect(lines("TL. CHỦ TỊCH\r\n\n  KT. CHÁNH VĂN PHÒNG  \n")).toEqual(["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"]);
  });

  it("numbers conclusions and their sub-points", () => {
    expect(conclusionLead(2, "Về dữ liệu đất đai")).toBe("2. Về dữ liệu đất đai:");
    expect([0, 1, 2].map(subPoint)).toEqual(["a) ", "b) ", "c) "]);
  });
});

describe("file names", () => {
  it("folds Vietnamese to ASCII, đ included", () => {
    expect(asciiFold("Thông báo đất đai Đầm Hà")).toBe("Thong bao dat dai Dam Ha");
  });

  it("names an issued notice by its number, symbol and year", () => {
    expect(noticeFileName({ number: 45, year: 2023, symbol: "TB-UBND", period: "2023-04" })).toEqual({
      ascii: "Thong-bao-45-TB-UBND-2023.docx",
      utf8: "Thông-báo-45-TB-UBND-2023.docx",
    });
    expect(noticeFileName({ number: 3, year: 2024, symbol: "TB-UBND", period: "2024-01" }).ascii).toBe("Thong-bao-03-TB-UBND-2024.docx");
  });

  it("names a draft by the meeting's period (it has no number yet)", () => {
    expect(noticeFileName({ number: null, year: null, symbol: "TB-UBND", period: "2023-04" }).ascii).toBe("Du-thao-Thong-bao-TB-UBND-2023-04.docx");
    expect(agendaFileName("2023-04", false).ascii).toBe("Chuong-trinh-hop-2023-04.docx");
    expect(agendaFileName("2023-04", true).utf8).toBe("Dự-thảo-Chương-trình-họp-2023-04.docx");
  });

  it("never lets a symbol with a slash or a quote into the header", () => {
    const name = noticeFileName({ number: 7, year: 2023, symbol: 'TB/"UBND"', period: "2023-04" });
    expect(name.ascii).toBe("Thong-bao-07-TB-UBND-2023.docx");
  });

  it("writes an attachment with an ASCII filename and the UTF-8 filename*", () => {
    const header = contentDisposition({ ascii: "Thong-bao-45-TB-UBND-2023.docx", utf8: "Thông-báo-45-TB-UBND-2023.docx" });
    expect(header).toBe(`attachment; filename="Thong-bao-45-TB-UBND-2023.docx"; filename*=UTF-8''Th%C3%B4ng-b%C3%A1o-45-TB-UBND-2023.docx`);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(contentDisposition({ ascii: "a.docx", utf8: "(a)'*.docx" })).toContain("filename*=UTF-8''%28a%29%27%2A.docx");
  });
});

describe("the agenda document", () => {
  const item = (over: Partial<AgendaSourceItem>): AgendaSourceItem => ({
    title: "Nội dung",
    kind: "report",
    carryCount: 0,
    presenterVi: "Sở Thông tin và Truyền thông",
    minutes: 10,
    removed: false,
    reasons: [],
    ...over,
  });

  it("lists the items in order, leaves out removed ones and numbers the rest", () => {
    const out = agendaLines([item({ title: "A" }), item({ title: "B", removed: true }), item({ title: "C", presenterVi: null, minutes: null })]);
    expect(out.map((l) => [l.no, l.title, l.presenter, l.minutes])).toEqual([
      [1, "A", "Sở Thông tin và Truyền thông", 10],
      [2, "C", "", null],
    ]);
  });

  it("marks carried-over items with their count and overdue tasks", () => {
    const [carried, overdue, both, due] = agendaLines([
      item({ title: "Dữ liệu đất đai", kind: "carried_over", carryCount: 2, reasons: ["not_reached"] }),
      item({ title: "Rà soát nhiệm vụ", kind: "follow_up_task", carryCount: 1, reasons: ["overdue"] }),
      item({ title: "Cấp mã số vùng trồng", kind: "carried_over", carryCount: 1, reasons: ["not_reached", "overdue"] }),
      item({ title: "Báo cáo", kind: "follow_up_task", reasons: ["due"] }),
    ]);
    expect(agendaLineText(carried)).toBe("Dữ liệu đất đai (chuyển tiếp lần 2)");
    expect(agendaLineText(overdue)).toBe("Rà soát nhiệm vụ (quá hạn)");
    expect(overdue.marks).toEqual([{ text: "quá hạn", alert: true }]);
    expect(agendaLineText(both)).toBe("Cấp mã số vùng trồng (chuyển tiếp lần 1) (quá hạn)");
    expect(agendaLineText(due)).toBe("Báo cáo");
  });

  it("never writes 'chuyển tiếp lần 0' for a carried-over item recorded without its count", () => {
    expect(agendaLineText(agendaLines([item({ title: "DTI", kind: "carried_over", carryCount: 0 })])[0])).toBe("DTI (chuyển tiếp lần 1)");
  });

  it("totals the items and the minutes", () => {
    expect(agendaTotalLine(agendaLines([item({ minutes: 15 }), item({ minutes: null }), item({ minutes: 30 })]))).toBe("Tổng cộng: 3 nội dung, 45 phút.");
  });

  it("writes when and where in Vietnam time, whatever the server's zone", () => {
    // 01:00 UTC is 08:00 in Hà Nội.
    expect(meetingTimeLine("2023-04-07T01:00:00.000Z")).toBe("Thời gian: 08 giờ 00, ngày 07 tháng 4 năm 2023");
    // 18:30 UTC on the 6th is already the 7th in Vietnam.
    expect(meetingTimeLine("2023-02-06T18:30:00.000Z")).toBe("Thời gian: 01 giờ 30, ngày 07 tháng 02 năm 2023");
    expect(bridgePointsLine(["Điểm cầu UBND huyện Đầm Hà", "Điểm cầu UBND huyện Cô Tô"])).toBe(
      "Các điểm cầu: Điểm cầu UBND huyện Đầm Hà; Điểm cầu UBND huyện Cô Tô.",
    );
    expect(bridgePointsLine([])).toBeNull();
  });
});
