import { describe, expect, it } from "vitest";
import {
  assignmentSentence,
  defaultRecipients,
  noticeNumber,
  noticePages,
  placeDateLine,
  placeFromIssuingBody,
  pointLabel,
  screenPage,
  type NoticeConclusion,
  type NoticePart,
} from "./notices-rules";

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

describe("points under a conclusion", () => {
  it("are lettered in the Vietnamese alphabet, then numbered past y", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(pointLabel)).toEqual(["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]);
    expect(pointLabel(22)).toBe("y)");
    expect(pointLabel(23)).toBe("a1)");
    expect(pointLabel(47)).toBe("b2)");
    const labels = Array.from({ length: 200 }, (_, k) => pointLabel(k));
    expect(new Set(labels).size).toBe(200);
  });
});

describe("the notice's screen pages", () => {
  const conclusion = (n: number, points: number): NoticeConclusion => ({
    itemTitle: `Nội dung ${n}`,
    body: `Kết luận ${n}`,
    assignments: Array.from({ length: points }, (_, k) => `Giao việc ${n}.${k}`),
  });
  /** Every part's points, in order, with the conclusion number and letter index they are shown under. */
  const shown = (pages: NoticePart[][]) => pages.flat().flatMap((p) => p.assignments.map((a, k) => `${p.number}:${p.firstPoint + k}:${a}`));

  it("keeps a real notice on one page", () => {
    const notice = [conclusion(1, 3), conclusion(2, 0), conclusion(3, 20)];
    const pages = noticePages(notice);
    expect(pages).toHaveLength(1);
    expect(pages[0].map((p) => [p.number, p.body, p.firstPoint, p.assignments.length])).toEqual([
      [1, "Kết luận 1", 0, 3],
      [2, "Kết luận 2", 0, 0],
      [3, "Kết luận 3", 0, 20],
    ]);
  });

  it("is one empty page for a notice without conclusions", () => {
    expect(noticePages([])).toEqual([[]]);
  });

  it("starts a conclusion on the next page when it does not fit, and cuts one longer than a page", () => {
    const notice = [conclusion(1, 4), conclusion(2, 5), conclusion(3, 23), conclusion(4, 1)];
    const pages = noticePages(notice, 10);
    expect(pages.map((page) => page.map((p) => `${p.number}${p.body === null ? "+" : ""}×${p.assignments.length}`))).toEqual([
      ["1×4", "2×5"],
      ["3×10"],
      ["3+×10"],
      ["3+×3", "4×1"],
    ]);
    // Every point once, in order, under its own number and letter.
    expect(shown(pages)).toEqual(notice.flatMap((c, i) => c.assignments.map((a, k) => `${i + 1}:${k}:${a}`)));
  });

  it("shows every point exactly once whatever the page size", () => {
    const notice = [conclusion(1, 0), conclusion(2, 37), conclusion(3, 2), conclusion(4, 0), conclusion(5, 61), conclusion(6, 9)];
    const all = notice.flatMap((c, i) => c.assignments.map((a, k) => `${i + 1}:${k}:${a}`));
    for (const perPage of [1, 2, 7, 10, 60, 1000, Infinity]) {
      const pages = noticePages(notice, perPage);
      expect(shown(pages), `per page ${perPage}`).toEqual(all);
      // Each conclusion's body once, on the page where it starts; every page holds at most perPage units.
      expect(
        pages
          .flat()
          .filter((p) => p.body !== null)
          .map((p) => p.number),
      ).toEqual([1, 2, 3, 4, 5, 6]);
      for (const page of pages) expect(page.reduce((n, p) => n + Math.max(1, p.assignments.length), 0)).toBeLessThanOrEqual(perPage);
      expect(pages.every((page) => page.length > 0)).toBe(true);
    }
    expect(noticePages(notice, Infinity)).toHaveLength(1);
  });
});

describe("the screen page asked for", () => {
  it("is a whole number within the notice's pages; past the end the last; anything else the first", () => {
    expect(screenPage(null, 3)).toBe(1);
    expect(screenPage("2", 3)).toBe(2);
    expect(screenPage("3", 3)).toBe(3);
    expect(screenPage("4", 3)).toBe(3);
    expect(screenPage("99999999999999999999", 3)).toBe(3);
    for (const odd of ["", "0", "-1", "1.5", "abc", "2 ", "١"]) expect(screenPage(odd, 3), odd).toBe(1);
    expect(screenPage("5", 0)).toBe(1);
  });
});
