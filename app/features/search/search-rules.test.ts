import { describe, expect, it } from "vitest";
import {
  decodeRowid,
  foldWithOffsets,
  ftsQuery,
  highlight,
  KIND_BASE,
  kindRange,
  MAX_TERM_CHARS,
  MAX_TERMS,
  matchRanges,
  SEARCH_KINDS,
  searchTerms,
  snippet,
  type Segment,
} from "./search-rules";
import { parseSearchQuery } from "./search-schemas";

const nfd = (s: string) => s.normalize("NFD");
/** Segments as text with [brackets] around the marked pieces. */
const show = (segments: Segment[]) => segments.map((s) => (s.mark ? `[${s.text}]` : s.text)).join("");
const fts = (q: string) => ftsQuery(searchTerms(q));

describe("searchTerms and ftsQuery: what the index is asked", () => {
  it("folds tone marks and đ, whatever the case and normal form", () => {
    expect(searchTerms("Đất đai")).toEqual(["dat", "dai"]);
    expect(searchTerms("dat dai")).toEqual(["dat", "dai"]);
    expect(searchTerms(nfd("Đầm Hà"))).toEqual(["dam", "ha"]);
    expect(searchTerms("ĐẦM HÀ")).toEqual(["dam", "ha"]);
    expect(searchTerms("cHuYểN đỔi SỐ")).toEqual(["chuyen", "doi", "so"]);
    expect(searchTerms(nfd("chuyển đổi số"))).toEqual(["chuyen", "doi", "so"]);
    // Ð ð (the Icelandic eth) look like Đ đ and some keyboards type them for it.
    expect(searchTerms("\u00d0\u1ea6M H\u00c0 \u00f0\u1ea5t")).toEqual(["dam", "ha", "dat"]);
  });

  it("makes each word a quoted prefix, all of them required", () => {
    expect(fts("dat dai")).toBe('"dat"* "dai"*');
    expect(fts("Dam Ha")).toBe('"dam"* "ha"*');
    expect(fts("chuyen doi")).toBe('"chuyen"* "doi"*');
  });

  it("matches a single letter as a whole word (as a prefix it would match half the language)", () => {
    expect(fts("quy 1 a")).toBe('"quy"* "1" "a"');
  });

  it("splits on punctuation as the tokenizer does, and drops repeats", () => {
    expect(searchTerms("45/TB-UBND")).toEqual(["45", "tb", "ubnd"]);
    expect(searchTerms("đất, đất; ĐẤT")).toEqual(["dat"]);
    expect(searchTerms("dữ_liệu")).toEqual(["du", "lieu"]);
  });

  it("gives nothing to search for empty input or punctuation only", () => {
    for (const q of ["", "   ", "*", "\"'", "()", "-- ;", "…", "^*:+"]) {
      expect(searchTerms(q), q).toEqual([]);
      expect(ftsQuery(searchTerms(q)), q).toBeNull();
    }
  });

  it("never lets FTS5 syntax through: quotes, operators, NEAR, columns, stars", () => {
    expect(fts('"; DROP TABLE tasks; --')).toBe('"drop"* "table"* "tasks"*');
    expect(fts("NEAR(dat dai, 2)")).toBe('"near"* "dat"* "dai"* "2"');
    expect(fts("dat AND dai OR NOT x")).toBe('"dat"* "and"* "dai"* "or"* "not"* "x"');
    expect(fts("title:dat* ^dai")).toBe('"title"* "dat"* "dai"*');
    expect(fts("dat*")).toBe('"dat"*');
    // The only characters left are letters and digits inside quotes.
    for (const q of ['a"b', "x\u0000y", "{title body}: (a OR b)", "dat + dai - x"]) {
      const e = fts(q) ?? "";
      expect(e.replace(/"[\p{L}\p{N}]+"\*?/gu, "").trim(), q).toBe("");
    }
  });

  it("cuts very long input: a bounded number of bounded words", () => {
    const long = "x".repeat(2000);
    expect(searchTerms(long)).toEqual(["x".repeat(MAX_TERM_CHARS)]);
    const many = Array.from({ length: 50 }, (_, i) => `tu${i}`).join(" ");
    expect(searchTerms(many)).toHaveLength(MAX_TERMS);
    expect(searchTerms("đ ".repeat(1000))).toEqual(["d"]);
  });

  it("ftsQuery doubles a quote, should one ever reach it", () => {
    expect(ftsQuery(['a"b'])).toBe('"a""b"*');
  });
});

describe("rowids: which record a hit is", () => {
  it("round-trips every kind, and the kinds' ranges do not overlap", () => {
    for (const kind of SEARCH_KINDS) {
      const [lo, hi] = kindRange(kind);
      expect(hi - lo + 1).toBe(KIND_BASE);
      expect(decodeRowid(lo + 42)).toEqual({ kind, id: 42 });
      expect(decodeRowid(hi)).toEqual({ kind, id: KIND_BASE - 1 });
    }
    const ranges = SEARCH_KINDS.map(kindRange).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1);
    expect(Number.isSafeInteger(Math.max(...ranges.map((r) => r[1])))).toBe(true);
  });
});

describe("highlighting on the original text", () => {
  it("marks the words with their diacritics when typed without", () => {
    expect(show(highlight("Chuyển đổi số dữ liệu đất đai", searchTerms("dat dai")))).toBe("Chuyển đổi số dữ liệu [đất] [đai]");
    expect(show(highlight("UBND huyện Đầm Hà", searchTerms("dam ha")))).toBe("UBND huyện [Đầm] [Hà]");
  });

  it("marks whole words from a prefix, and only words that start with it", () => {
    expect(show(highlight("Chuyển đổi số toàn diện", searchTerms("chuy d")))).toBe("[Chuyển] đổi số toàn diện");
    expect(show(highlight("Chuyển đổi số toàn diện", searchTerms("chuy do")))).toBe("[Chuyển] [đổi] số toàn diện");
    expect(show(highlight("rà soát số liệu", searchTerms("so")))).toBe("rà [soát] [số] liệu");
  });

  it("tells đ from d inside words both ways: đường and duong are the same word", () => {
    expect(show(highlight("Đường giao thông, đường dây", searchTerms("duong")))).toBe("[Đường] giao thông, [đường] dây");
    expect(show(highlight("duong", searchTerms("đường")))).toBe("[duong]");
  });

  it("keeps an NFD text's marks inside the marked word, and the text unchanged", () => {
    const text = nfd("Đầm Hà, Quảng Ninh");
    const segments = highlight(text, searchTerms("dam ha"));
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(segments.filter((s) => s.mark).map((s) => s.text.normalize("NFC"))).toEqual(["Đầm", "Hà"]);
  });

  it("maps folded positions back through characters that change length", () => {
    const { folded, from } = foldWithOffsets(nfd("Ấp đẹp"));
    expect(folded).toBe("ap dep");
    expect(from).toHaveLength(folded.length);
    expect(matchRanges("İstanbul đẹp", ["dep"])).toEqual([[9, 12]]);
  });

  it("marks nothing when there are no terms, and keeps the text", () => {
    expect(highlight("Đất đai", [])).toEqual([{ text: "Đất đai", mark: false }]);
    expect(highlight("", ["dat"])).toEqual([]);
  });
});

describe("snippet", () => {
  const long =
    "Một số mô hình tại cơ sở chưa đạt mục tiêu, không hiệu quả do người dân, doanh nghiệp ít tham gia; tổ công nghệ số cộng đồng hoạt động chưa đều. " +
    "Đề nghị Sở Thông tin và Truyền thông hỗ trợ tuyên truyền, tập huấn kỹ năng số cho tổ công nghệ số cộng đồng và người dân. " +
    "Cần sớm hoàn thiện cơ sở dữ liệu đất đai để kết nối với các hệ thống dùng chung của tỉnh trong năm nay.";

  it("shows a short text whole", () => {
    expect(show(snippet("Dữ liệu đất đai", searchTerms("dat")))).toBe("Dữ liệu [đất] đai");
  });

  it("cuts a window around the place that holds most of the words, at spaces, with ellipses", () => {
    const s = show(snippet(long, searchTerms("dat dai"), 120));
    expect(s).toContain("[đất] [đai]");
    expect(s.startsWith("… ")).toBe(true);
    expect(s.length).toBeLessThan(140);
    // Never starts or ends inside a word.
    const plain = s.replace(/[[\]]/g, "").replace(/^… /, "").replace(/ …$/, "");
    expect(long).toContain(plain);
    expect(long[long.indexOf(plain) - 1]).toBe(" ");
  });

  it("starts at the beginning when the match is early or elsewhere", () => {
    expect(show(snippet(long, searchTerms("hinh"), 100)).startsWith("Một số mô [hình]")).toBe(true);
    expect(show(snippet(long, searchTerms("khong co"), 100)).startsWith("Một số mô hình")).toBe(true);
  });

  it("collapses white space", () => {
    expect(show(snippet("Đất\n\n  đai", searchTerms("dai")))).toBe("Đất [đai]");
  });
});

describe("parseSearchQuery: the URL", () => {
  it("reads q, kind and page, dropping what does not fit", () => {
    expect(parseSearchQuery(new URLSearchParams("q=%20dat%20%20dai%20&kind=task&page=3"))).toEqual({ q: "dat dai", kind: "task", page: 3 });
    expect(parseSearchQuery(new URLSearchParams("kind=bogus&page=-1"))).toEqual({ q: "", kind: null, page: 1 });
    expect(parseSearchQuery(new URLSearchParams("q=" + "x".repeat(2000))).q).toHaveLength(200);
  });

  it("stores the query in NFC", () => {
    expect(parseSearchQuery(new URLSearchParams({ q: nfd("Đầm Hà") })).q).toBe("Đầm Hà");
  });
});
