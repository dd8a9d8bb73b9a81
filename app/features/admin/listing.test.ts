import { describe, expect, it } from "vitest";
import { foldForSearch, matchesSearch, paginate, parseActiveFilter, parsePage, parseQuery, withPage } from "./listing";
import { changedFields } from "./history";

describe("foldForSearch and matchesSearch", () => {
  it("drops diacritics, đ and case", () => {
    expect(foldForSearch("Đất đai  Quảng   Ninh")).toBe("dat dai quang ninh");
    // Decomposed input (as some keyboards send it) folds the same way.
    expect(foldForSearch("Đầm Hà".normalize("NFD"))).toBe("dam ha");
  });

  it("finds a row when every word occurs in some field, typed with or without diacritics", () => {
    const fields = ["STNMT", "Sở Tài nguyên và Môi trường", "Department of Natural Resources"];
    expect(matchesSearch("tai nguyen", fields)).toBe(true);
    expect(matchesSearch("Tài Nguyên", fields)).toBe(true);
    expect(matchesSearch("stnmt department", fields)).toBe(true);
    expect(matchesSearch("tai chinh", fields)).toBe(false);
    expect(matchesSearch("   ", fields)).toBe(true);
    expect(matchesSearch("x", [null, undefined])).toBe(false);
  });

  it("does not match a word made by joining two fields", () => {
    expect(matchesSearch("ab", ["a", "b"])).toBe(false);
  });
});

describe("paginate", () => {
  const rows = Array.from({ length: 60 }, (_, i) => i + 1);

  it("cuts pages of 25 and reports the range shown", () => {
    expect(paginate(rows, 1)).toMatchObject({ page: 1, pages: 3, total: 60, from: 1, to: 25 });
    const last = paginate(rows, 3);
    expect(last.rows).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
    expect(last).toMatchObject({ from: 51, to: 60 });
  });

  it("clamps a page past the end or below one, and handles no rows", () => {
    expect(paginate(rows, 9).page).toBe(3);
    expect(paginate(rows, 0).page).toBe(1);
    expect(paginate([], 4)).toEqual({ rows: [], page: 1, pages: 1, total: 0, from: 0, to: 0 });
  });
});

describe("URL parameters", () => {
  it("reads page, status and search leniently", () => {
    expect(parsePage("3")).toBe(3);
    for (const junk of [null, "", "-1", "2.5", "abc", "9999999"]) expect(parsePage(junk)).toBe(1);
    expect(parseActiveFilter("1")).toBe(true);
    expect(parseActiveFilter("0")).toBe(false);
    expect(parseActiveFilter("yes")).toBeNull();
    expect(parseQuery("  đất ".normalize("NFD"))).toBe("đất");
    expect(parseQuery("x".repeat(300))).toHaveLength(100);
  });

  it("keeps the filters when changing page and drops the saved banner", () => {
    expect(withPage("/admin/users", "?role=chair&page=2&saved=updated", 3)).toBe("/admin/users?role=chair&page=3");
    expect(withPage("/admin/users", "?role=chair&page=2", 1)).toBe("/admin/users?role=chair");
    expect(withPage("/admin/users", "", 1)).toBe("/admin/users");
  });
});

describe("changedFields", () => {
  it("lists the fields whose values differ, ignoring timestamps", () => {
    const before = { code: "SA", name_vi: "Sở A", active: 1, updated_at: "2023-01-01" };
    const after = { code: "SA", name_vi: "Sở A mới", active: 0, updated_at: "2023-02-01" };
    expect(changedFields(before, after)).toEqual([
      { field: "name_vi", before: "Sở A", after: "Sở A mới" },
      { field: "active", before: 1, after: 0 },
    ]);
    expect(changedFields(null, after)).toEqual([]);
  });
});
