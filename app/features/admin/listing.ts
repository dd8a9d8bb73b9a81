/**
 * Pure helpers for the administration registers: accent-insensitive search
 * and page arithmetic. The registers are province-sized (dozens of agencies,
 * hundreds of accounts), so the filtered rows are matched and paged in memory;
 * see docs/decisions/admin-registers.md.
 */
import { foldForSearch } from "~/utils/search";

export const PAGE_SIZE = 25;

export { foldForSearch };

/**
 * True when every word of the query occurs in one of the fields, ignoring
 * case and diacritics. A query typed with diacritics still matches only
 * through the folded form, so "Đầm" and "dam" find the same rows.
 */
export function matchesSearch(query: string, fields: ReadonlyArray<string | null | undefined>): boolean {
  const words = foldForSearch(query).split(" ").filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fields
    .filter((f): f is string => typeof f === "string")
    .map(foldForSearch)
    .join(" \u0000 ");
  return words.every((w) => haystack.includes(w));
}

export interface Page<T> {
  rows: T[];
  /** 1-based, clamped to the last page. */
  page: number;
  pages: number;
  total: number;
  /** 1-based position of the first and last row shown (0 when empty). */
  from: number;
  to: number;
}

export function paginate<T>(rows: readonly T[], page: number, size: number = PAGE_SIZE): Page<T> {
  const total = rows.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const start = (current - 1) * size;
  const slice = rows.slice(start, start + size);
  return {
    rows: slice,
    page: current,
    pages,
    total,
    from: slice.length ? start + 1 : 0,
    to: start + slice.length,
  };
}

/** A `?page=` value from a shared or hand-edited URL: anything odd means page 1. */
export function parsePage(value: string | null | undefined): number {
  if (!value || !/^\d{1,6}$/.test(value)) return 1;
  return Math.max(1, Number(value));
}

/** `?active=1|0` -> true | false; anything else -> no filter. */
export function parseActiveFilter(value: string | null | undefined): boolean | null {
  if (value === "1") return true;
  if (value === "0") return false;
  return null;
}

/** The search box, normalised and bounded. */
export function parseQuery(value: string | null | undefined): string {
  return (value ?? "").normalize("NFC").trim().slice(0, 100);
}

/** The same list with another page number, keeping every filter. */
export function withPage(pathname: string, search: string, page: number): string {
  const params = new URLSearchParams(search);
  params.delete("saved");
  if (page <= 1) params.delete("page");
  else params.set("page", String(page));
  const s = params.toString();
  return s ? `${pathname}?${s}` : pathname;
}
