import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, overloadLimits, shedLoad } from "./overload.js";

// Express ships no types of its own, and @types/express is not a dependency: the little used here is typed by hand.
type Req = http.IncomingMessage & { path: string; params: Record<string, string> };
type Res = http.ServerResponse & { send(body: string): void };
type App = {
  use(f: unknown): void;
  get(path: string, f: (req: Req, res: Res) => void): void;
  all(path: string, f: (req: Req, res: Res) => void): void;
  listen(port: number, host: string, cb: () => void): http.Server;
};
const express = createRequire(import.meta.url)("express") as () => App;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * A tiny Express app behind the middleware on a loopback port. Each request
 * to /job/<id> enters the "app", is recorded, and is held until the test
 * lets it go; the test watches how many are inside at once.
 */
async function serve(limits: { concurrency: number; queue: number }) {
  const log: string[] = [];
  const middleware = shedLoad({ ...limits, bypass: (req: Req) => req.path === "/healthz", log: (line: string) => log.push(line) });
  const ran: string[] = [];
  const held: Array<() => void> = [];
  let inside = 0;
  let mostInside = 0;
  const app = express();
  app.use(middleware);
  app.get("/healthz", (_req, res) => res.send("ok"));
  app.all("/job/:id", (req, res) => {
    ran.push(req.params.id);
    inside++;
    mostInside = Math.max(mostInside, inside);
    held.push(() => {
      inside--;
      res.send(`done ${req.params.id}`);
    });
  });
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  const port = (server.address() as AddressInfo).port;

  /** One request on its own connection; `sent` is the client side, to abort. */
  function request(path: string, method = "GET") {
    let sent!: http.ClientRequest;
    const answer = new Promise<Answer>((resolve, reject) => {
      sent = http.request({ host: "127.0.0.1", port, path, method, agent: false, headers: { "content-type": "application/x-www-form-urlencoded" } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      sent.on("error", reject);
      sent.end(method === "POST" ? "text=saved" : undefined);
    });
    return { sent, answer };
  }

  return {
    request,
    ran,
    log,
    load: () => middleware.load(),
    mostInside: () => mostInside,
    releaseAll() {
      while (held.length) held.shift()!();
    },
    releaseOne() {
      held.shift()!();
    },
  };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("shedding load", () => {
  it("lets the bound in, queues the next ones, and answers the rest 503 with Retry-After at once", async () => {
    const s = await serve({ concurrency: 3, queue: 4 });
    const requests = Array.from({ length: 10 }, (_, i) => s.request(`/job/${i}`));
    const answers = requests.map((r) => r.answer);
    await until(() => s.load().running === 3 && s.load().waiting === 4 && s.ran.length === 3, "3 running and 4 waiting");

    // The three past the queue are answered while the others are still held.
    const settled: Answer[] = [];
    for (const a of answers) a.then((x) => settled.push(x));
    await until(() => settled.length === 3, "three refusals");
    for (const refusal of settled) {
      expect(refusal.status).toBe(503);
      expect(refusal.headers["retry-after"]).toBe("5");
      expect(refusal.headers["content-type"]).toMatch(/^text\/html/);
      // Vietnamese first, then English.
      expect(refusal.body.indexOf("Máy chủ đang bận")).toBeGreaterThan(-1);
      expect(refusal.body.indexOf("Máy chủ đang bận")).toBeLessThan(refusal.body.indexOf("The server is busy"));
    }
    expect(s.ran).toHaveLength(3);
    expect(s.log).toHaveLength(1);
    expect(s.log[0]).toMatch(/^Overloaded: 3 requests in progress and 4 waiting/);

    // Each answer hands its slot to the longest-waiting request: never more than three inside.
    for (let entered = 4; entered <= 7; entered++) {
      s.releaseOne();
      await until(() => s.ran.length === entered, `request ${entered} inside`);
      expect(s.load()).toEqual({ running: 3, waiting: 7 - entered });
    }
    s.releaseAll();
    const all = await Promise.all(answers);
    expect(all.filter((a) => a.status === 200)).toHaveLength(7);
    expect(all.filter((a) => a.status === 503)).toHaveLength(3);
    expect(s.ran).toHaveLength(7);
    expect(s.mostInside()).toBe(3);
    expect(s.load()).toEqual({ running: 0, waiting: 0 });
  });

  it("drops a waiting request whose client gave up: the write never reaches the app", async () => {
    const s = await serve({ concurrency: 1, queue: 5 });
    const first = s.request("/job/first");
    await until(() => s.ran.length === 1, "the first request inside");
    const abandoned = s.request("/job/abandoned", "POST");
    abandoned.answer.catch(() => {});
    await until(() => s.load().waiting === 1, "the write to wait");
    abandoned.sent.destroy();
    await until(() => s.load().waiting === 0, "the abandoned write to leave the queue");

    const later = s.request("/job/later", "POST");
    await until(() => s.load().waiting === 1, "the next write to wait");
    s.releaseOne();
    await until(() => s.ran.length === 2, "the next write to run");
    s.releaseAll();
    expect((await first.answer).status).toBe(200);
    expect((await later.answer).body).toBe("done later");
    expect(s.ran).toEqual(["first", "later"]);
    await until(() => s.load().running === 0, "the slot to be free");
  });

  it("frees the slot of a request whose client leaves while the app works on it", async () => {
    const s = await serve({ concurrency: 1, queue: 0 });
    const gone = s.request("/job/gone");
    gone.answer.catch(() => {});
    await until(() => s.ran.length === 1, "the request inside");
    expect((await s.request("/job/refused").answer).status).toBe(503);
    gone.sent.destroy();
    await until(() => s.load().running === 0, "the slot to be free");
    const next = s.request("/job/next");
    await until(() => s.ran.length === 2, "the next request inside");
    s.releaseAll();
    expect((await next.answer).status).toBe(200);
  });

  it("does not count what it is told to let through (the health check)", async () => {
    const s = await serve({ concurrency: 1, queue: 0 });
    const held = s.request("/job/held");
    await until(() => s.ran.length === 1, "the request inside");
    expect((await s.request("/healthz").answer).status).toBe(200);
    s.releaseAll();
    expect((await held.answer).status).toBe(200);
  });
});

describe("its limits from the environment", () => {
  it("has defaults, and treats empty variables as unset", () => {
    expect(overloadLimits({})).toEqual(DEFAULT_LIMITS);
    expect(overloadLimits({ MAX_CONCURRENT_REQUESTS: "", MAX_QUEUED_REQUESTS: "" })).toEqual(DEFAULT_LIMITS);
    expect(overloadLimits({ MAX_CONCURRENT_REQUESTS: "8", MAX_QUEUED_REQUESTS: "0" })).toEqual({ concurrency: 8, queue: 0 });
  });

  it("names each bad setting in one message", () => {
    expect(() => overloadLimits({ MAX_CONCURRENT_REQUESTS: "0", MAX_QUEUED_REQUESTS: "lots" })).toThrowError(
      /Invalid configuration:\n {2}MAX_CONCURRENT_REQUESTS: must be a whole number from 1 to 1000\n {2}MAX_QUEUED_REQUESTS: must be/,
    );
    expect(() => overloadLimits({ MAX_CONCURRENT_REQUESTS: "2.5" })).toThrowError(/MAX_CONCURRENT_REQUESTS/);
    expect(() => overloadLimits({ MAX_QUEUED_REQUESTS: "-1" })).toThrowError(/MAX_QUEUED_REQUESTS/);
  });
});
