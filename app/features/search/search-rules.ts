/**
 * Search, the pure part: what a typed query means to the full-text index,
 * and which words of a record's original text to mark. No Request, no db.
 *
 * Both sides fold text the same way (foldForSearch: tone and vowel marks
 * dropped, đ -> d, lower case), and split words as FTS5's unicode61
 * tokenizer does: a word is a run of letters and digits, anything else
 * separates. So "Dam Ha", "đầm hà" and an NFD-typed "Đầm Hà" are the same
 * query, and every word of it is a prefix ("chuyen doi" finds "chuyển đổi số").
 */
import { foldForSearch } from "~/utils/search";

/** What the index holds, in the order the page shows them. */
export const SEARCH_KINDS = ["blocker", "task", "conclusion", "notice"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * Each kind's code in the index: rowid = code * KIND_BASE + the record's id
 * (see the migration). The kind with most rows takes the lowest range, so
 * that ranking the newest hits of every kind walks only the newest of it.
 */
export const KIND_CODE: Readonly<Record<SearchKind, number>> = { task: 0, conclusion: 1, blocker: 2, notice: 3 };
export const KIND_BASE = 2 ** 40;
const KIND_OF_CODE = Object.fromEntries(Object.entries(KIND_CODE).map(([k, c]) => [c, k])) as Record<number, SearchKind>;

/** The rowids a kind's records occupy, inclusive. */
export function kindRange(kind: SearchKind): [number, number] {
  const code = KIND_CODE[kind];
  return [code * KIND_BASE, (code + 1) * KIND_BASE - 1];
}

/** The record an index row stands for. */
export function decodeRowid(rowid: number): { kind: SearchKind; id: number } {
  return { kind: KIND_OF_CODE[Math.floor(rowid / KIND_BASE)], id: rowid % KIND_BASE };
}

/** Longer input is cut: nobody types more, and each word costs the index a lookup. */
export const MAX_QUERY_CHARS = 200;
export const MAX_TERMS = 10;
/** A word longer than this is not a Vietnamese word; it is cut to a prefix of this length. */
export const MAX_TERM_CHARS = 40;

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}/gu;

/** The one search fold, plus marks outside the Latin block (and those lower-casing adds). */
function fold(text: string): string {
  return foldForSearch(text).replace(MARKS, "");
}

/** One code point folded; white space stays one space (foldForSearch would trim it away). */
const foldChar = (ch: string): string => (/\s/.test(ch) ? " " : fold(ch));

/** The words of a query, folded, in order, without repeats; empty when nothing searchable was typed. */
export function searchTerms(query: string): string[] {
  const folded = fold(query.slice(0, MAX_QUERY_CHARS));
  const words = folded.match(WORD) ?? [];
  const terms: string[] = [];
  for (const w of words) {
    const term = w.slice(0, MAX_TERM_CHARS);
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/**
 * The FTS5 expression for the terms: each one a quoted prefix, all of them
 * required (FTS5 joins adjacent terms with AND). Quoting makes NEAR, AND,
 * OR, NOT and column names plain words; the terms hold only letters and
 * digits, and a stray quote would be doubled anyway. A single letter is
 * matched as a whole word: as a prefix it would match a good part of the
 * language. Null when there is nothing to look for.
 */
export function ftsQuery(terms: readonly string[]): string | null {
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"${[...t].length > 1 ? "*" : ""}`).join(" ");
}

/** Whether a word of the text (folded) answers a term: the same test FTS5 makes. */
export function wordAnswers(word: string, term: string): boolean {
  return [...term].length > 1 ? word.startsWith(term) : word === term;
}

// ---------------------------------------------------------------- highlighting

export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * The text folded one code point at a time, with where each folded
 * character came from. Folding changes lengths (an NFD "ể" is three code
 * units, folded one; "İ" lower-cases to two), so positions found in the
 * folded text are mapped back through `from`.
 */
export function foldWithOffsets(text: string): { folded: string; from: number[] } {
  let folded = "";
  const from: number[] = [];
  let at = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let i = 0; i < f.length; i++) from.push(at);
    folded += f;
    at += ch.length;
  }
  return { folded, from };
}

interface WordMatch {
  start: number;
  end: number;
  /** Indexes of the terms the word answers. */
  terms: number[];
}

/** The words of the original text that answer a term, with their positions in it. */
function wordMatches(text: string, terms: readonly string[]): WordMatch[] {
  if (terms.length === 0 || text.length === 0) return [];
  const { folded, from } = foldWithOffsets(text);
  const out: WordMatch[] = [];
  for (const m of folded.matchAll(WORD)) {
    const word = m[0];
    const hit = terms.flatMap((t, i) => (wordAnswers(word, t) ? [i] : []));
    if (hit.length === 0) continue;
    const after = m.index + word.length;
    // The word ends where the next folded character's source begins, so an NFD word keeps its trailing marks.
    out.push({ start: from[m.index], end: after < from.length ? from[after] : text.length, terms: hit });
  }
  return out;
}

/** Ranges [start, end) of the original text whose word answers one of the terms. */
export function matchRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  return wordMatches(text, terms).map((w) => [w.start, w.end]);
}

function segmentsOf(text: string, ranges: ReadonlyArray<[number, number]>, from = 0, to = text.length): Segment[] {
  const out: Segment[] = [];
  let at = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    const start = Math.max(s, from);
    const end = Math.min(e, to);
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    out.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < to) out.push({ text: text.slice(at, to), mark: false });
  return out;
}

/** The whole text, in pieces, the matching words marked. */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  return segmentsOf(text, matchRanges(text, terms));
}

export const SNIPPET_CHARS = 220;
const LEAD_CHARS = 60;

/**
 * A window of about `size` characters, cut at spaces, with "…" where text
 * was left out: around the matching words that cover most of the terms
 * (the first such place), or the beginning when the match was elsewhere.
 */
export function snippet(text: string, terms: readonly string[], size = SNIPPET_CHARS): Segment[] {
  const clean = text.replace(/\s+/g, " ").trim();
  const words = wordMatches(clean, terms);
  const ranges = words.map((w): [number, number] => [w.start, w.end]);
  if (clean.length <= size) return segmentsOf(clean, ranges);
  let focus = words[0]?.start ?? 0;
  let best = -1;
  for (const w of words) {
    const inWindow = words.filter((o) => o.start >= w.start - LEAD_CHARS && o.end <= w.start - LEAD_CHARS + size);
    const covered = new Set(inWindow.flatMap((o) => o.terms)).size;
    if (covered > best) {
      best = covered;
      focus = w.start;
    }
  }
  let start = 0;
  if (focus > LEAD_CHARS) {
    start = focus - LEAD_CHARS;
    const space = clean.indexOf(" ", start);
    start = space >= 0 && space < focus ? space + 1 : start;
  }
  let end = Math.min(clean.length, start + size);
  if (end < clean.length) {
    const space = clean.lastIndexOf(" ", end);
    if (space > start + size / 2) end = space;
    // Never cut through a marked word.
    const cut = ranges.find(([s, e]) => s < end && e > end);
    if (cut) end = cut[1];
  }
  const out = segmentsOf(clean, ranges, start, end);
  if (start > 0) out.unshift({ text: "… ", mark: false });
  if (end < clean.length) out.push({ text: " …", mark: false });
  return out;
}
