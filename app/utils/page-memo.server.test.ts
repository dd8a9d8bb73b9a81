import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { acceptsGzip, hasDeferredData, pageKey, PageMemo, readStream, replayStream } from "./page-memo.server";

const bytes = (s: string) => new TextEncoder().encode(s);
const page = (s: string) => Buffer.from(s, "utf8");
const text = (parts: Uint8Array[] | null) => (parts ? Buffer.concat(parts).toString("utf8") : null);
const NONCE_A = "AAAAAAAAAAAAAAAAAAAAAA==";
const NONCE_B = "BBBBBBBBBBBBBBBBBBBBBB==";

describe("pageKey", () => {
  const data = [bytes('[{"root":{"user":"chutri"}},{"dashboard":{"overdue":3}}]')];

  it("is the same for the same URL, status and data, whatever the nonce", () => {
    const same = [bytes('[{"root":{"user":"chutri"}},{"dashboard":{"overdue":3}}]')];
    expect(pageKey("http://x/dashboard", 200, NONCE_A, data)).toBe(pageKey("http://x/dashboard", 200, NONCE_B, same));
  });

  it("is none for data that came in more than one chunk: a promise settled into it", () => {
    expect(pageKey("http://x/dashboard", 200, NONCE_A, [bytes('[{"later":"$@1"}]'), bytes('P1:{"x":1}')])).toBeNull();
  });

  it("differs when the data, the URL, the status or the presence of a nonce differs", () => {
    const key = pageKey("http://x/dashboard", 200, NONCE_A, data);
    const other = [bytes('[{"root":{"user":"chutri"}},{"dashboard":{"overdue":4}}]')];
    expect(pageKey("http://x/dashboard", 200, NONCE_A, other)).not.toBe(key);
    expect(pageKey("http://x/dashboard?sort=late", 200, NONCE_A, data)).not.toBe(key);
    expect(pageKey("http://x/dashboard", 404, NONCE_A, data)).not.toBe(key);
    expect(pageKey("http://x/dashboard", 200, undefined, data)).not.toBe(key);
  });
});

describe("readStream and replayStream", () => {
  it("give the renderer the very chunks Remix's stream held", async () => {
    const chunks = [bytes("P1"), bytes("đi"), bytes("ện")];
    const read = await readStream(replayStream(chunks));
    expect(read).toEqual(chunks);
    const again = await readStream(replayStream(read));
    expect(Buffer.concat(again).toString("utf8")).toBe("P1điện");
  });
});

describe("hasDeferredData", () => {
  it("finds a promise at the top of a route's data, and nothing in plain data", () => {
    expect(hasDeferredData({ root: { user: "a" }, "routes/x": { rows: [1, 2], when: new Date(0) } })).toBe(false);
    expect(hasDeferredData({ root: null, "routes/x": { later: Promise.resolve(1) } })).toBe(true);
    expect(hasDeferredData({ "routes/x": Promise.resolve({}) })).toBe(true);
  });
});

describe("PageMemo", () => {
  const html = (nonce: string) => `<html><script nonce="${nonce}">a</script><p>Sở Tài nguyên</p><script nonce="${nonce}">b</script></html>`;

  it("hands a kept page out with the asking response's nonce in every nonce attribute", () => {
    const memo = new PageMemo(1 << 20, 1 << 20);
    memo.set("k", page(html(NONCE_A)), NONCE_A);
    expect(text(memo.get("k", NONCE_B))).toBe(html(NONCE_B));
    // The kept copy is not changed by handing it out.
    expect(text(memo.get("k", NONCE_A))).toBe(html(NONCE_A));
  });

  it("does not keep a page whose nonce shows outside its nonce attributes, or nowhere, or is not base64", () => {
    const memo = new PageMemo(1 << 20, 1 << 20);
    memo.set("text", page(`<p>${NONCE_A}</p><script nonce="${NONCE_A}"></script>`), NONCE_A);
    memo.set("nowhere", page("<p>no scripts</p>"), NONCE_A);
    memo.set("odd", page('<script nonce="a&amp;b"></script>'), "a&b");
    expect(memo.size).toBe(0);
    memo.set("k", page(html(NONCE_A)), NONCE_A);
    const odd = 'a&b"<>' + "x".repeat(NONCE_A.length - 6);
    expect(memo.get("k", odd)).toBeNull();
  });

  it("gives nothing for an unknown key, or when the nonce's length differs from the kept page's", () => {
    const memo = new PageMemo(1 << 20, 1 << 20);
    memo.set("k", page(html(NONCE_A)), NONCE_A);
    expect(memo.get("other", NONCE_A)).toBeNull();
    expect(memo.get("k", "short")).toBeNull();
    expect(memo.get("k", undefined)).toBeNull();
    memo.set("plain", page("<p>x</p>"), undefined);
    expect(text(memo.get("plain", undefined))).toBe("<p>x</p>");
  });

  it("keeps within its byte budget, letting the least recently used page go first", () => {
    const memo = new PageMemo(30, 30);
    memo.set("a", page("a".repeat(10)), undefined);
    memo.set("b", page("b".repeat(10)), undefined);
    memo.set("c", page("c".repeat(10)), undefined);
    expect(memo.get("a", undefined)).not.toBeNull(); // a is now the most recent
    memo.set("d", page("d".repeat(10)), undefined);
    expect(memo.get("b", undefined)).toBeNull();
    expect(memo.get("a", undefined)).not.toBeNull();
    expect(memo.get("c", undefined)).not.toBeNull();
    expect(memo.get("d", undefined)).not.toBeNull();
    expect(memo.usedBytes).toBe(30);
    memo.set("c", page("C".repeat(5)), undefined);
    expect(memo.usedBytes).toBe(25);
    expect(text(memo.get("c", undefined))).toBe("CCCCC");
  });

  it("does not keep a page larger than the limit for one page", () => {
    const memo = new PageMemo(100, 10);
    memo.set("big", page("x".repeat(11)), undefined);
    expect(memo.get("big", undefined)).toBeNull();
    expect(memo.size).toBe(0);
  });
});

describe("PageMemo.gzipped", () => {
  const nonce = () => randomBytes(16).toString("base64");
  // A page like a real one: Vietnamese text, long enough for deflate to refer back, scripts with nonces at the end.
  const rows = Array.from({ length: 400 }, (_, i) => `<tr><td>Nhiệm vụ ${i}: chuyển đổi số, dữ liệu đất đai</td><td>${i % 7}</td></tr>`).join("");
  const html = (n: string) =>
    `<!DOCTYPE html><html lang="vi"><body><table>${rows}</table><script nonce="${n}">window.a=1</script>` +
    `<script nonce="${n}">window.__remixContext.streamController.enqueue("[{\\"x\\":1}]")</script><script nonce="${n}"></script></body></html>`;

  it("is the kept page, gzipped, with the asking response's nonce — for every view", () => {
    const memo = new PageMemo(1 << 22, 1 << 22);
    const first = nonce();
    memo.set("k", page(html(first)), first);
    for (let i = 0; i < 3; i++) {
      const n = nonce();
      const gz = memo.gzipped("k", n);
      expect(gz, "kept").not.toBeNull();
      expect(gunzipSync(gz!).toString("utf8")).toBe(html(n));
      expect(gz!.length).toBeLessThan(html(n).length / 4);
    }
    // The plain page is still handed out as well.
    const n = nonce();
    expect(text(memo.get("k", n))).toBe(html(n));
  });

  it("works for a page without a nonce, and counts its compressed parts in the budget", () => {
    const memo = new PageMemo(1 << 22, 1 << 22);
    memo.set("plain", page(`<p>${rows}</p>`), undefined);
    const before = memo.usedBytes;
    expect(gunzipSync(memo.gzipped("plain", undefined)!).toString("utf8")).toBe(`<p>${rows}</p>`);
    expect(memo.usedBytes).toBeGreaterThan(before);
    expect(memo.gzipped("missing", undefined)).toBeNull();
  });
});

describe("acceptsGzip", () => {
  it("reads Accept-Encoding as browsers and clients send it", () => {
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("GZIP")).toBe(true);
    expect(acceptsGzip(null)).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("br")).toBe(false);
    expect(acceptsGzip("gzip;q=0, *")).toBe(false);
    expect(acceptsGzip("*;q=0")).toBe(false);
    expect(acceptsGzip("gzip;q=abc")).toBe(false);
  });
});

