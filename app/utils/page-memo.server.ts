import { createHash } from "node:crypto";
import zlib from "node:zlib";

/**
 * The HTML of a page is a pure function of its URL, its status and the data
 * its loaders returned: components take "today", the user and the locale
 * from loader data, never from the clock or the request. So a document
 * whose loaders have just returned the same data as an earlier one can be
 * answered with the earlier HTML instead of rendering React again — the
 * loaders and every permission check in them still run on each request; only
 * the render is skipped. See docs/decisions/0017-page-memo.md.
 *
 * With single fetch, Remix hands the loader data to the entry as the
 * turbo-stream it sends to the browser. That text, exactly as the client
 * will decode it, is what the key is made of.
 */

/** Reads a page's data stream to its end: its chunks, to be played again to the renderer. */
export async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

/** A stream giving the same chunks again, for React to render the data it was read from. */
export function replayStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/**
 * The key of a rendered page, or null for a page not to keep. The nonce's
 * length is part of it: a page made without a nonce has no attribute to put
 * this response's nonce in. Data without promises is one chunk; more means a
 * promise was settled into the stream (deferred data, or its time-out).
 */
export function pageKey(url: string, status: number, nonce: string | undefined, data: readonly Uint8Array[]): string | null {
  if (data.length !== 1) return null;
  return createHash("sha256").update(`${url}\n${status}\n${nonce?.length ?? -1}\n`).update(data[0]).digest("base64url");
}

/** True when a loader's data holds a promise: such a page streams, and is not kept. */
export function hasDeferredData(loaderData: Record<string, unknown>): boolean {
  for (const data of Object.values(loaderData)) {
    if (data === null || typeof data !== "object") continue;
    if (isThenable(data)) return true;
    for (const value of Object.values(data)) if (isThenable(value)) return true;
  }
  return false;
}

/** Where `text` (ASCII) starts in `body`, every time, not overlapping. */
function offsetsOf(body: Buffer, text: string): number[] {
  const at: number[] = [];
  for (let i = body.indexOf(text, 0, "latin1"); i !== -1; i = body.indexOf(text, i + text.length, "latin1")) at.push(i);
  return at;
}

/** A nonce as server/security.js makes them: base64, so written the same in an attribute and in latin1. */
const NONCE = /^[A-Za-z0-9+/=]+$/;

function isThenable(value: unknown): boolean {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

/**
 * Whether a request's Accept-Encoding takes gzip: named, or through "*",
 * with a weight above 0.
 */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  let gzip: number | null = null;
  let any: number | null = null;
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    if (name === "gzip" || name === "x-gzip") gzip = weight;
    else if (name === "*") any = weight;
  }
  const weight = gzip ?? any ?? 0;
  return Number.isFinite(weight) && weight > 0;
}

/** zlib.crc32, from Node 20.15 on; without it pages are not kept gzipped. */
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * A kept page, gzipped once: its parts between nonces, each compressed
 * alone and ended with a sync flush, so that they can be joined with any
 * nonce between them (RFC 1951 stored blocks) into one deflate stream.
 */
type Gzipped = { parts: Buffer[]; prefixCrc: number; bytes: number };

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty stored block marked last: the end of the deflate stream. */
const LAST_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);

/** `bytes` as a stored block (not the last), to sit between two sync-flushed parts. */
function storedBlock(bytes: Buffer): Buffer {
  const block = Buffer.alloc(5 + bytes.length);
  block.writeUInt16LE(bytes.length, 1);
  block.writeUInt16LE(~bytes.length & 0xffff, 3);
  bytes.copy(block, 5);
  return block;
}

type Page = { body: Buffer<ArrayBuffer>; nonceAt: readonly number[]; nonceLength: number; gzipped?: Gzipped };

/**
 * Rendered pages, least recently used first out, within a byte budget. A
 * page is stored with where its nonce attributes were, and handed out with
 * the nonce of the response that asks for it, so no two responses share a
 * nonce.
 */
export class PageMemo {
  private readonly pages = new Map<string, Page>();
  private bytes = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxPageBytes: number,
  ) {}

  get size(): number {
    return this.pages.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  /**
   * The page kept under `key`, gzipped, carrying `nonce` where its own nonce
   * was; null if none is kept (or this Node has no zlib.crc32). Its parts
   * are compressed at its first gzipped view; each view then compresses
   * nothing, but writes the nonce as stored bytes and computes the CRC of
   * what follows the first nonce.
   */
  gzipped(key: string, nonce: string | undefined): Buffer | null {
    if (!crc32) return null;
    const page = this.lookup(key, nonce);
    if (!page) return null;
    if (!page.gzipped) {
      page.gzipped = this.compress(page);
      this.shrink(key);
    }
    const gz = page.gzipped;
    const cuts = page.nonceAt;
    const out: Buffer[] = [GZIP_HEADER, gz.parts[0]];
    let crc = gz.prefixCrc;
    if (nonce !== undefined && cuts.length > 0) {
      const bytes = Buffer.from(nonce, "latin1");
      const block = storedBlock(bytes);
      for (let i = 0; i < cuts.length; i++) {
        out.push(block, gz.parts[i + 1]);
        crc = crc32!(bytes, crc);
        crc = crc32!(page.body.subarray(cuts[i] + bytes.length, cuts[i + 1] ?? page.body.length), crc);
      }
    }
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(page.body.length >>> 0, 4);
    out.push(LAST_BLOCK, trailer);
    return Buffer.concat(out);
  }

  private compress(page: Page): Gzipped {
    const cuts = page.nonceAt;
    const length = page.nonceLength;
    const pieces = cuts.length === 0 ? [page.body] : [page.body.subarray(0, cuts[0]), ...cuts.map((at, i) => page.body.subarray(at + length, cuts[i + 1] ?? page.body.length))];
    // zlib's default level: once per page it costs ~2 ms for 250 KB, and the page is 18 % smaller than at level 1.
    const parts = pieces.map((piece) => zlib.deflateRawSync(piece, { level: 6, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    const bytes = parts.reduce((n, p) => n + p.length, 0);
    this.bytes += bytes;
    return { parts, prefixCrc: crc32!(pieces[0]), bytes };
  }

  /**
   * The page kept under `key`, carrying `nonce` where its own nonce was;
   * null if none is kept. In two parts: the kept bytes up to the first
   * nonce, shared rather than copied (most of a page: the scripts that carry
   * nonces come last), and a copy of the rest with this nonce written in.
   * Copying a whole 250 KB page per request left the allocator's heaps
   * fragmented under load.
   */
  get(key: string, nonce: string | undefined): Uint8Array[] | null {
    const page = this.lookup(key, nonce);
    if (!page) return null;
    if (!nonce || page.nonceAt.length === 0) return [page.body];
    const first = page.nonceAt[0];
    const rest = Buffer.from(page.body.subarray(first));
    for (const at of page.nonceAt) rest.write(nonce, at - first, "latin1");
    return [page.body.subarray(0, first), rest];
  }

  /**
   * Keeps a page rendered with `nonce`. Not kept: a page larger than the
   * limit for one page, or one whose nonce is not a base64 text found only
   * in nonce attributes — it could not be given another response's nonce.
   */
  set(key: string, body: Buffer<ArrayBuffer>, nonce: string | undefined): void {
    if (body.length > this.maxPageBytes) return;
    let nonceAt: number[] = [];
    if (nonce !== undefined) {
      if (!NONCE.test(nonce)) return;
      nonceAt = offsetsOf(body, `nonce="${nonce}"`).map((at) => at + 'nonce="'.length);
      if (nonceAt.length === 0 || offsetsOf(body, nonce).length !== nonceAt.length) return;
    }
    const old = this.pages.get(key);
    if (old) this.remove(key, old);
    this.pages.set(key, { body, nonceAt, nonceLength: nonce?.length ?? 0 });
    this.bytes += body.length;
    this.shrink(key);
  }

  /** The page under `key`, if it can carry `nonce`; now the most recently used. */
  private lookup(key: string, nonce: string | undefined): Page | null {
    const page = this.pages.get(key);
    if (!page || page.nonceLength !== (nonce?.length ?? 0)) return null;
    if (nonce !== undefined && !NONCE.test(nonce)) return null;
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  clear(): void {
    this.pages.clear();
    this.bytes = 0;
  }

  private remove(key: string, page: Page) {
    this.pages.delete(key);
    this.bytes -= page.body.length + (page.gzipped?.bytes ?? 0);
  }

  /** Lets the least recently used pages go until the memo is within its budget, `keep` last of all. */
  private shrink(keep: string) {
    for (const [oldest, page] of this.pages) {
      if (this.bytes <= this.maxBytes || oldest === keep) break;
      this.remove(oldest, page);
    }
  }
}
