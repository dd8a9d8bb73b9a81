import { describe, expect, it } from "vitest";
import { z } from "zod";
import { f, parseForm, parseId } from "./forms";

const Schema = z.object({ title: f.text(20), note: f.optionalText(50), id: f.optionalId(), day: f.day().optional() });
const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe("form fields", () => {
  it("stores text as NFC, trimmed, without control characters or direction overrides", () => {
    const r = parseForm(Schema, form({ title: "  Đầm Hà\u0000\u0007 ".normalize("NFD"), note: "a\u202eb\tc\nd" }));
    expect(r).toEqual({ ok: true, data: { title: "Đầm Hà", note: "ab\tc\nd", id: null } });
  });

  it("stores the look-alike eth (Ð ð) as the Vietnamese Đ đ", () => {
    const r = parseForm(Schema, form({ title: "\u00d0\u1ea6M H\u00c0", note: "\u00f0\u1ea5t \u0111ai" }));
    expect(r).toEqual({ ok: true, data: { title: "ĐẦM HÀ", note: "đất đai", id: null } });
  });

  it("answers with dictionary keys and their parameters", () => {
    const r = parseForm(Schema, form({ title: "x".repeat(21), id: "1e20", day: "2023-02-30" }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.title).toEqual({ key: "validation.tooLong", params: { max: 20 } });
    expect(r.errors.id.key).toBe("validation.invalidChoice");
    expect(r.errors.day.key).toBe("validation.invalidDate");
  });

  it("treats a title of only spaces or control characters as missing", () => {
    const r = parseForm(Schema, form({ title: " \u0000 " }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.title.key).toBe("validation.required");
  });
});

describe("ids", () => {
  it("reads a positive whole number written plainly, and nothing else", () => {
    expect(parseId("12")).toBe(12);
    expect(parseId("9007199254740991")).toBe(9007199254740991);
    for (const bad of ["0", "-1", "+1", "012", "1e3", "1.0", " 1", "0x1f", "", "9007199254740993", "abc", undefined, null, 12]) {
      expect(parseId(bad as unknown)).toBeNull();
    }
  });

  it("refuses a form field that is not an id, and lets a filter fall back to no filter", () => {
    const form = z.object({ agencyId: f.id(), leadId: f.optionalId(), series: f.filterId() });
    expect(parseForm(form, new URLSearchParams("agencyId=7&leadId=&series=3"))).toEqual({ ok: true, data: { agencyId: 7, leadId: null, series: 3 } });
    const bad = parseForm(form, new URLSearchParams("agencyId=1e3&leadId=-2&series=x"));
    expect(bad).toEqual({
      ok: false,
      errors: { agencyId: { key: "validation.invalidChoice", params: {} }, leadId: { key: "validation.invalidChoice", params: {} } },
    });
    expect(parseForm(z.object({ series: f.filterId() }), new URLSearchParams("series=0"))).toEqual({ ok: true, data: { series: null } });
  });
});
