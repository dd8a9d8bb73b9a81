/**
 * Sheds load before the app sees it: at most `concurrency` requests are in
 * the app at once, at most `queue` more wait their turn in arrival order,
 * and any further request is answered 503 with Retry-After at once. A
 * waiting request whose client goes away leaves the queue and never reaches
 * the app, so a form the user gave up on is not saved a minute later.
 * Without this, every request was taken on: under overload all of them
 * timed out together, and writes the client had abandoned were committed
 * anyway. See docs/decisions/0021-serve-simply-and-shed-load.md.
 * Plain JavaScript so `node server.js` runs it without a build step.
 */
import { REFUSED_PAGE } from "./security.js";

export const DEFAULT_LIMITS = { concurrency: 32, queue: 100 };

/** Seconds a refused client is asked to wait; as long as the sign-in page's own "busy" answer. */
export const RETRY_AFTER_SECONDS = 5;

const SETTINGS = [
  { name: "MAX_CONCURRENT_REQUESTS", key: "concurrency", min: 1, max: 1000 },
  { name: "MAX_QUEUED_REQUESTS", key: "queue", min: 0, max: 10000 },
];

/**
 * The limits from the environment (empty means unset). A bad value throws
 * one message naming every bad variable, as app/utils/env.server.ts does.
 * @param {Record<string, string | undefined>} [source]
 * @returns {{ concurrency: number, queue: number }}
 */
export function overloadLimits(source = process.env) {
  const limits = { ...DEFAULT_LIMITS };
  const problems = [];
  for (const { name, key, min, max } of SETTINGS) {
    const raw = source[name];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) problems.push(`  ${name}: must be a whole number from ${min} to ${max}`);
    else limits[key] = value;
  }
  if (problems.length) throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  return limits;
}

const BUSY_PAGE = REFUSED_PAGE(
  "503 — Máy chủ đang quá tải",
  `Máy chủ đang bận, xin thử lại sau ${RETRY_AFTER_SECONDS} giây. Dữ liệu bạn gửi chưa được lưu. / The server is busy; please try again in ${RETRY_AFTER_SECONDS} seconds. Nothing you sent was saved.`,
);

/**
 * The middleware. `bypass(req)` lets a request through uncounted (a load
 * balancer's health check). A slot is held until the response closes —
 * sent in full, or its connection gone — and is then handed straight to the
 * longest-waiting request whose client is still there.
 * @param {{ concurrency: number, queue: number, retryAfter?: number, bypass?: (req: any) => boolean, log?: (line: string) => void }} [options]
 */
export function shedLoad({ concurrency, queue, retryAfter = RETRY_AFTER_SECONDS, bypass = () => false, log = console.warn } = DEFAULT_LIMITS) {
  let running = 0;
  // A Set keeps insertion order: the first entry has waited longest, and a leaver is removed in O(1).
  const waiting = new Set();
  let refused = 0;
  let warnedAt = -Infinity;

  function release() {
    for (const waiter of waiting) {
      waiting.delete(waiter);
      // Its 'close' may not have been delivered yet though the socket is gone.
      if (waiter.req.socket?.destroyed) continue;
      return waiter.start();
    }
    running--;
  }

  function start(req, res, next) {
    res.once("close", release);
    next();
  }

  function refuse(req, res) {
    refused++;
    const now = Date.now();
    if (now - warnedAt >= 60_000) {
      log(`Overloaded: ${running} requests in progress and ${waiting.size} waiting; ${refused} answered 503 since the last warning.`);
      warnedAt = now;
      refused = 0;
    }
    res.status(503).set("Retry-After", String(retryAfter)).type("html").send(BUSY_PAGE);
    req.resume();
  }

  const middleware = (req, res, next) => {
    if (bypass(req)) return next();
    if (running < concurrency) {
      running++;
      return start(req, res, next);
    }
    if (waiting.size >= queue) return refuse(req, res);
    const gone = () => waiting.delete(waiter);
    const waiter = {
      req,
      start() {
        res.off("close", gone);
        start(req, res, next);
      },
    };
    res.once("close", gone);
    waiting.add(waiter);
  };
  /** How many requests are in the app and how many wait, now. */
  middleware.load = () => ({ running, waiting: waiting.size });
  return middleware;
}
