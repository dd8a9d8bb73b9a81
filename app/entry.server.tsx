import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { startBackground } from "./features/notifications/background.server";
import { NonceProvider } from "./utils/nonce";
import { stripReactNulBytes } from "./utils/nul-bytes.server";
import { acceptsGzip, hasDeferredData, pageKey, PageMemo, readStream, replayStream } from "./utils/page-memo.server";

export const streamTimeout = 5_000;

startBackground();

/**
 * Pages rendered from the same URL and the same loader data, kept so the
 * next identical request skips React (docs/decisions/0017-page-memo.md).
 * So a component must render only from its data and the URL: the day, the
 * time, the user and the language come through loaders, never from the
 * clock, a cookie or a header. Off in development, where the components
 * change under a running server.
 */
export const pageMemo = new PageMemo(16 * 1024 * 1024, 2 * 1024 * 1024);
const memoOn = process.env.NODE_ENV !== "development";

const PERSONAL = "private, no-store";

/** A page's data fetched by the browser (`.data`) is as personal as the page, unless its route said otherwise. */
export function handleDataRequest(response: Response): Response {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", PERSONAL);
  return response;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A page is one person's: no shared proxy may keep it, and after sign-out
  // Back must ask the server again rather than show what was there.
  responseHeaders.set("Cache-Control", PERSONAL);
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const key = await memoKey(request, responseStatusCode, remixContext, nonce);
  if (key !== null) {
    // A kept page is answered without any I/O: from the socket's read to the last byte, all in one turn of
    // the event loop. Under load, a connection whose next request had already arrived was then served again
    // before the others were read, and 1 % of views waited seconds (the notice at L: p99 1.4 s). Letting
    // the loop poll first serves connections in turn (p99 0.23 s), for the cost of one setImmediate.
    await new Promise((resolve) => setImmediate(resolve));
    // Gzipped when the browser takes it: the kept parts were compressed once (the server compresses the rest).
    const gzipped = acceptsGzip(request.headers.get("accept-encoding")) ? pageMemo.gzipped(key, nonce) : null;
    const page = gzipped ? [gzipped] : pageMemo.get(key, nonce);
    if (page) {
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      if (gzipped) responseHeaders.set("Content-Encoding", "gzip");
      responseHeaders.append("Vary", "Accept-Encoding");
      // Says in the browser's network panel that this page was not rendered again.
      responseHeaders.append("Server-Timing", 'render;desc="page memo"');
      return new Response(replayStream(page), { headers: responseHeaders, status: responseStatusCode });
    }
  }
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let failed = false;
    // The page as it is sent, to be kept once complete; dropped as soon as it is too large to keep.
    let recorded: Buffer[] | null = key !== null ? [] : null;
    let recordedBytes = 0;
    const record = (piece: Buffer) => {
      if (recorded === null) return;
      recordedBytes += piece.length;
      if (recordedBytes > pageMemo.maxPageBytes) recorded = null;
      else recorded.push(piece);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = stripReactNulBytes(key !== null ? record : undefined);
          // The stock entry leaves its abort timer running for every response,
          // keeping each finished render in memory for 5 s; clear it on close.
          body.on("close", () => clearTimeout(timer));
          if (key !== null) {
            body.on("finish", () => {
              if (recorded !== null && !failed && responseStatusCode === 200) pageMemo.set(key, Buffer.concat(recorded, recordedBytes), nonce);
            });
          }
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          failed = true;
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * The memo key of this document, or null when it is not one to keep: not a
 * successful GET, or data still to stream. Reading the data to make the key
 * consumes Remix's stream, so the renderer is given a replay of it.
 */
async function memoKey(
  request: Request,
  status: number,
  context: EntryContext,
  nonce: string | undefined,
): Promise<string | null> {
  const stream = context.serverHandoffStream;
  if (!memoOn || request.method !== "GET" || status !== 200 || !stream) return null;
  if (context.staticHandlerContext.errors || hasDeferredData(context.staticHandlerContext.loaderData)) return null;
  const chunks = await readStream(stream);
  context.serverHandoffStream = replayStream(chunks);
  return pageKey(request.url, status, nonce, chunks);
}
