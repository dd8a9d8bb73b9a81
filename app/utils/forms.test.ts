import { describe, expect, it } from "vitest";
import { z } from "zod";
import { f, parseForm } from "./forms";

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
