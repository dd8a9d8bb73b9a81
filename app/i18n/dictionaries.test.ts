import { describe, expect, it } from "vitest";
import { areas, dictionaries, translate } from "./index";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("Vietnamese and English have the same keys", () => {
    expect(Object.keys(dictionaries.en).sort()).toEqual(Object.keys(dictionaries.vi).sort());
  });

  it("each pair of strings has the same placeholders", () => {
    for (const key of Object.keys(dictionaries.vi) as Array<keyof typeof dictionaries.vi>) {
      expect(placeholders(dictionaries.en[key]), key).toEqual(placeholders(dictionaries.vi[key]));
    }
  });

  it("no key is defined by two areas (one would silently hide the other)", () => {
    const seen = new Map<string, string>();
    for (const [area, pair] of Object.entries(areas)) {
      for (const key of Object.keys(pair.vi)) {
        expect(seen.get(key), `${key} in ${area}`).toBeUndefined();
        seen.set(key, area);
      }
    }
  });

  it("no string is empty, and Vietnamese strings are NFC", () => {
    for (const locale of ["vi", "en"] as const) {
      for (const [key, value] of Object.entries(dictionaries[locale])) {
        expect(value.trim().length, `${locale}:${key}`).toBeGreaterThan(0);
        expect(value, `${locale}:${key}`).toBe(value.normalize("NFC"));
      }
    }
  });

  it("fills placeholders", () => {
    expect(translate("vi", "home.greeting", { name: "Lê Thị Thư" })).toBe("Xin chào, Lê Thị Thư");
    expect(translate("en", "common.pageOf", { page: 2, pages: 5 })).toBe("Page 2 of 5");
  });
});
