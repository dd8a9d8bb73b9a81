import { Transform } from "node:stream";

/**
 * React 18's streaming renderer flushes its whole 2 KiB buffer even when a
 * multi-byte character did not fit at its end, so up to three unwritten
 * zero bytes can follow a chunk — inside Vietnamese text ("đi\0\0ện").
 * Fixed in React 19 (facebook/react#26228); until then the zeros are cut
 * from the end of each chunk. HTML never carries a NUL byte of its own.
 */
export function trailingNulBytes(chunk: Uint8Array): number {
  let n = 0;
  while (n < 3 && n < chunk.length && chunk[chunk.length - 1 - n] === 0) n++;
  return n;
}

/** A stream with the `flush()` React calls when it has written all it can for now. */
export type ReactDestination = Transform & { flush(): void };

/**
 * The stream entry.server pipes React into: cuts the NUL bytes off each of
 * React's chunks, and passes them on in one piece per React flush rather
 * than one per 2 KiB chunk. React writes a 100 KB page as ~50 chunks, each
 * of which then crossed a web stream, Remix's copy loop, the compression
 * middleware and a zlib call; the profile of a page under load showed that
 * per-chunk work as a tenth of the request's CPU. React calls
 * `destination.flush()` (the convention of zlib streams) at the end of
 * every pass that wrote what was ready, so a page that waits for data
 * still streams its shell first, and `end()` passes on the rest.
 */
export function stripReactNulBytes(): ReactDestination {
  let pending: Buffer[] = [];
  let bytes = 0;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const zeros = trailingNulBytes(chunk);
      const part = zeros ? chunk.subarray(0, chunk.length - zeros) : chunk;
      if (part.length > 0) {
        pending.push(part);
        bytes += part.length;
      }
      callback();
    },
    flush(callback) {
      release();
      callback();
    },
  }) as ReactDestination;
  function release() {
    if (bytes === 0 || body.destroyed) return;
    const out = pending.length === 1 ? pending[0] : Buffer.concat(pending, bytes);
    pending = [];
    bytes = 0;
    body.push(out);
  }
  body.flush = release;
  return body;
}
