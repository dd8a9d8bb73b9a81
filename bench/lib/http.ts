/**
 * Requests as a browser without JavaScript sends them (forms, gzip), over
 * keep-alive connections, timed from the request to the last byte of the answer.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";

export interface Answer {
  status: number;
  location: string;
  ms: number;
  /** No answer: a network error or the timeout. */
  error?: string;
}

/**
 * No cap on connections by default: in an open loop, requests arrive whatever
 * the answers, so a request must never wait for a free socket on the client's
 * side (that wait would be counted against the server).
 */
export function client(base: string, { timeoutMs = 30_000, maxSockets = Infinity } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 1000 });
  const url = new URL(base);
  function send(method: "GET" | "POST", path: string, cookie: string | null, form?: Record<string, string>): Promise<Answer> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = { "User-Agent": "giaoban-bench", Accept: "text/html", "Accept-Encoding": "gzip" };
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = String(Buffer.byteLength(body));
      headers.Origin = base;
    }
    const started = performance.now();
    return new Promise((resolve) => {
      const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
        res.resume(); // the body is read to its end (the time to the last byte counts), and dropped
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? ""), ms: performance.now() - started }));
        res.on("error", (e) => resolve({ status: 0, location: "", ms: performance.now() - started, error: e.message }));
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      req.on("error", (e) => resolve({ status: 0, location: "", ms: performance.now() - started, error: e.message }));
      req.end(body);
    });
  }
  return { send, close: () => agent.destroy() };
}

export type Client = ReturnType<typeof client>;
