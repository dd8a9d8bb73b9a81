/**
 * Two production servers on one database file, as behind a load balancer on
 * one machine, with `npm run reminders` run from cron meanwhile. Every
 * write must be answered (no 5xx, no "database is locked") and every
 * acknowledged write must be in the file afterwards.
 */
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_PASSWORD } from "../../db/demo/quang-ninh";

const TSX = join("node_modules", ".bin", "tsx");
const HEADS = ["ld.tttt", "ld.tnmt", "ld.congan", "ld.damha"];
const WRITES = 120;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitUntilUp(base: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} did not come up`);
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  redirect: "manual" as const,
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

test("two server processes on one file, with two reminder scans from cron, answer concurrent writes without a 5xx and keep every acknowledged one", async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "js", "no browser involved: once is enough");
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "giaoban-two-"));
  const dbPath = join(dir, "giaoban.db");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_PATH: dbPath,
    SESSION_SECRET: "two-processes-secret-two-processes-secret",
  };
  const servers: ChildProcess[] = [];
  let logs = "";
  try {
    const setup = spawnSync(TSX, ["db/setup.ts"], { env, encoding: "utf8" });
    expect(setup.status, setup.stderr).toBe(0);
    const bases: string[] = [];
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const server = spawn("node", ["server.js"], { env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
      server.stdout!.on("data", (d) => (logs += d));
      server.stderr!.on("data", (d) => (logs += d));
      servers.push(server);
      bases.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(bases.map(waitUntilUp));

    const seriesId = (() => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return (db.prepare("SELECT id FROM series ORDER BY id LIMIT 1").get() as { id: number }).id;
      } finally {
        db.close();
      }
    })();
    // Each head signs in on one server; a session works on both (they share the file).
    const cookies = await Promise.all(
      HEADS.map(async (username, i) => {
        const res = await fetch(`${bases[i % 2]}/login`, form({ username, password: DEMO_PASSWORD, redirectTo: "/" }));
        expect(res.status, username).toBe(302);
        return res.headers
          .getSetCookie()
          .find((c) => c.startsWith("gb_session="))!
          .split(";")[0];
      }),
    );

    // cron's reminder scan, twice at once (two machines' crons), against the live servers, during the burst.
    let scans = 2;
    const reminders = Array.from(
      { length: scans },
      () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(TSX, ["db/reminders.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
          let out = "";
          child.stdout!.on("data", (d) => (out += d));
          child.stderr!.on("data", (d) => (out += d));
          child.on("close", (code) => {
            scans--;
            resolve({ code, out });
          });
        }),
    );

    // Writes go on, 20 at a time through both servers, until both scans have finished and at least WRITES were sent.
    const write = async (i: number) => {
      const title = `Hai tiến trình ${i}: đường truyền cấp xã chưa ổn định`;
      const res = await fetch(`${bases[i % 2]}/blockers/new`, {
        ...form({
          intent: "submit",
          seriesId: String(seriesId),
          title,
          description: `Ghi lần ${i} qua máy chủ ${(i % 2) + 1}.`,
          pillar: "infrastructure",
          severity: "high",
          helpAgencyId: "",
          proposal: "Đề nghị Sở Thông tin và Truyền thông hỗ trợ.",
          planTarget: "",
        }),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies[i % HEADS.length] },
      });
      return { title, status: res.status, location: res.headers.get("location") ?? "", body: res.status >= 500 ? await res.text() : "" };
    };
    const results: Array<Awaited<ReturnType<typeof write>>> = [];
    while (scans > 0 || results.length < WRITES) {
      results.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => write(results.length + k)))));
    }
    for (const scan of await Promise.all(reminders)) expect(scan.code, scan.out).toBe(0);

    const statuses = results.map((r) => r.status);
    expect(
      statuses.filter((s) => s >= 500),
      results
        .filter((r) => r.status >= 500)
        .map((r) => r.body.slice(0, 200))
        .join("\n"),
    ).toEqual([]);
    const acknowledged = results.filter((r) => r.status === 302 && /^\/blockers\/\d+\?done=submitted$/.test(r.location));
    expect(acknowledged).toHaveLength(results.length);

    for (const s of servers) s.kill("SIGTERM");
    await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.once("exit", r)))));
    const db = new Database(dbPath, { readonly: true });
    try {
      const stored = db.prepare("SELECT title, count(*) AS n FROM blockers WHERE title LIKE 'Hai tiến trình %' GROUP BY title").all() as Array<{
        title: string;
        n: number;
      }>;
      expect(stored.map((r) => r.n).every((n) => n === 1)).toBe(true);
      expect(new Set(stored.map((r) => r.title))).toEqual(new Set(acknowledged.map((r) => r.title)));
      expect(db.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
      // Two scans at once remind once: each reminder reached each of its people in one notification.
      expect((db.prepare("SELECT count(*) AS n FROM reminder_log").get() as { n: number }).n).toBeGreaterThan(0);
      const doubled = db
        .prepare(
          "SELECT user_id, kind, entity_type, entity_id, count(*) AS n FROM notifications WHERE kind IN ('task_due_soon', 'task_overdue', 'cutoff_soon', 'cutoff_passed') GROUP BY user_id, kind, entity_type, entity_id HAVING n > 1",
        )
        .all();
      expect(doubled).toEqual([]);
    } finally {
      db.close();
    }
    expect(logs).not.toMatch(/SQLITE_BUSY|database is locked/i);
  } finally {
    for (const s of servers) if (s.exitCode === null) s.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
