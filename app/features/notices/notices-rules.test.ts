import { describe, expect, it } from "vitest";
import { assignmentSentence, defaultRecipients, noticeNumber, placeDateLine, placeFromIssuingBody } from "./notices-rules";

describe("notice text", () => {
  it("numbers as Decree 30 writes them", () => {
    expect(noticeNumber(45, "TB-UBND")).toBe("Số: 45/TB-UBND");
    expect(noticeNumber(3, "TB-UBND")).toBe("Số: 03/TB-UBND");
    expect(noticeNumber(null, "TB-UBND")).toBe("Số:      /TB-UBND");
  });

  it("writes assignments the way officials write them", () => {
    expect(
      assignmentSentence({
        title: "Tham mưu UBND tỉnh triển khai kế hoạch chuyển đổi số dữ liệu đất đai",
        leadName: "Sở Tài nguyên và Môi trường",
        coordinatorNames: ["Sở Thông tin và Truyền thông", "Sở Tài chính"],
        deadline: "2023-06-30",
      }),
    ).toBe(
      "Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở Thông tin và Truyền thông, Sở Tài chính tham mưu UBND tỉnh triển khai kế hoạch chuyển đổi số dữ liệu đất đai; thời hạn: 30/06/2023.",
    );
    expect(assignmentSentence({ title: "Báo cáo kết quả", leadName: "Công an tỉnh", coordinatorNames: [], deadline: null })).toBe(
      "Giao Công an tỉnh chủ trì báo cáo kết quả.",
    );
  });

  it("derives the place from the issuing body and writes the date line", () => {
    expect(placeFromIssuingBody("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH")).toBe("Quảng Ninh");
    expect(placeDateLine("Quảng Ninh", "2023-04-07", "2026")).toBe("Quảng Ninh, ngày 07 tháng 4 năm 2023");
    expect(placeDateLine("Quảng Ninh", null, "2026")).toBe("Quảng Ninh, ngày      tháng      năm 2026");
  });

  it("lists each concerned agency once, sorted, between the standing recipients and the archive", () => {
    const r = defaultRecipients(["Sở Tài chính", "Công an tỉnh", "Sở Tài chính"]).split("\n");
    expect(r[0]).toBe("- Chủ tịch, các PCT UBND tỉnh;");
    expect(r).toContain("- Công an tỉnh;");
    expect(r.filter((l) => l === "- Sở Tài chính;")).toHaveLength(1);
    expect(r.at(-1)).toBe("- Lưu: VT, TH.");
  });

  it("starts from the series' own standing recipients and archive line", () => {
    expect(defaultRecipients(["Công an tỉnh"], "- Thường trực Tỉnh ủy;\n\n- Chủ tịch UBND tỉnh;", "- Lưu: VT, KSTT.")).toBe(
      "- Thường trực Tỉnh ủy;\n- Chủ tịch UBND tỉnh;\n- Công an tỉnh;\n- Lưu: VT, KSTT.",
    );
  });
});
