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

export function stripReactNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const zeros = trailingNulBytes(chunk);
      callback(null, zeros ? chunk.subarray(0, chunk.length - zeros) : chunk);
    },
  });
}
