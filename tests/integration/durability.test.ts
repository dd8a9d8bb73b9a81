/**
 * A process crash in the middle of a stream of cycle writes loses no
 * acknowledged write and leaves no half-done one (ADR 0004).
 *
 * A child process (tests/helpers/write-stream.ts) opens the database with the
 * app's openDatabase() and commits transaction after transaction, printing
 * `ack <n>` after each COMMIT. The test SIGKILLs it at a random moment, several
 * times on the same file, and after each kill reopens the file and checks it.
 *
 * SIGKILL is a process crash: the kernel keeps what the process had written,
 * so this proves SQLite's transaction and WAL recovery as the app uses them,
 * not fsync on power loss (that rests on synchronous = FULL, which the test
 * checks is set). On a disk, where each commit waits for its fsync, a kill
 * can land after the commit record is written but before COMMIT returns:
 * the transaction is then there without its ack, which is allowed once.
 */
import { sql } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { checkStream, ensureParents, startWriter, writeCycle } from "../helpers/write-stream";

const dir = mkdtempSync(join(tmpdir(), "giaoban-durability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** Spins for a few hundred microseconds: finer than a timer, so the kill lands anywhere in a transaction. */
function spin(micros: number): void {
  const end = process.hrtime.bigint() + BigInt(micros) * 1000n;
  while (process.hrtime.bigint() < end);
}

async function integrity(file: string) {
  const db = openDatabase(file);
  try {
    const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
    const fk = await sql`PRAGMA foreign_key_check`.execute(db);
    return { integrity: check.rows.map((r) => r.integrity_check), foreignKeys: fk.rows, stream: await checkStream(db) };
  } finally {
    await db.destroy();
  }
}

describe("durability under SIGKILL", () => {
  it("the checker sees a transaction that is only partly there", async () => {
    const file = join(dir, "checker.db");
    const db = openDatabase(file);
    await migrateToLatest(db);
    const parents = await ensureParents(db);
    for (let n = 1; n <= 3; n++) await writeCycle(db, parents, n);
    expect(await checkStream(db)).toEqual({ present: [1, 2, 3], problems: [] });
    // Transaction 4 written statement by statement, and stopped after its task.
    await db
      .insertInto("tasks")
      .values({
        series_id: parents.seriesId,
        meeting_id: parents.meetingId,
        conclusion_id: null,
        blocker_id: null,
        title: "stream #4",
        description: "",
        expected_result: "",
        pillar: null,
        lead_agency_id: parents.agencies[0],
        original_deadline: null,
        deadline: null,
        report_next_meeting: 0,
        status: "in_progress",
        completed_on: null,
        created_by: parents.userId,
        updated_at: new Date().toISOString(),
      })
      .execute();
    const report = await checkStream(db);
    expect(report.present).toEqual([1, 2, 3, 4]);
    expect(report.problems).toEqual([
      "transaction 4 is partial: 1 task(s), 0 coordinator(s), 0 report(s), 0 audit event(s)",
      "meeting version is 4, but 4 transaction(s) are there (expected 5)",
    ]);
    await db.destroy();
  });

  it("keeps every acknowledged transaction and no half-done one, kill after kill", async () => {
    const file = join(dir, "stream.db");
    // Kill on seeing `ack n` or `begin n` for a random n 200–2000 transactions
    // in, after a random spin; or on a timer that knows nothing of the stream,
    // which mostly lands inside a transaction, since that is where the writer spends its time.
    type Plan = { on: "ack" | "begin"; after: number } | { on: "timer"; ms: number };
    const plans: Plan[] = [
      { on: "ack", after: randomInt(200, 2000) },
      { on: "timer", ms: randomInt(300, 2000) },
      { on: "begin", after: randomInt(200, 2000) },
      { on: "timer", ms: randomInt(300, 2000) },
      { on: "ack", after: randomInt(200, 2000) },
    ];
    const acked: number[] = [];
    const log: string[] = [];
    let expectedFirst = 1;
    for (const [i, plan] of plans.entries()) {
      const started = Date.now();
      const writer = startWriter(file);
      const ready = await writer.ready;
      // The settings ADR 0004 decides, as openDatabase() gives them to a connection.
      expect(ready).toEqual({ first: expectedFirst, journalMode: "wal", synchronous: 2, foreignKeys: 1, busyTimeout: 5000 });
      let killedAt = "";
      const kill = (why: string) => {
        if (killedAt) return;
        killedAt = why;
        writer.child.kill("SIGKILL");
      };
      const timers: NodeJS.Timeout[] = [];
      if (plan.on === "timer") {
        // The timer fires when the test's event loop wakes, mostly on the writer's
        // output, so it too gets a random spin to fall anywhere in the stream.
        const jitter = randomInt(0, 1500);
        timers.push(setTimeout(() => (spin(jitter), kill(`a ${plan.ms} ms timer +${jitter}µs`)), plan.ms));
      } else {
        const target = `${plan.on} ${ready.first + plan.after}`;
        const jitter = randomInt(0, 1500);
        writer.onLine((line) => {
          if (line !== target) return;
          spin(jitter);
          kill(`"${target}" +${jitter}µs`);
        });
        // On a slow disk (one fsync per commit) the count may take too long: kill on time instead.
        timers.push(setTimeout(() => kill(`time, at ${writer.acked.length} acks`), 2500));
      }
      const exit = await writer.exited;
      timers.forEach(clearTimeout);
      expect(exit.signal, exit.stderr).toBe("SIGKILL");
      const lastLine = writer.lastLine();
      acked.push(...writer.acked);

      const after = await integrity(file);
      expect(after.integrity).toEqual(["ok"]);
      expect(after.foreignKeys).toEqual([]);
      expect(after.stream.problems).toEqual([]);
      const present = after.stream.present;
      // Transactions run one after another, so what is there is 1..K, with no gap…
      expect(present).toEqual(present.map((_, k) => k + 1));
      // …every acknowledged one is there, whole…
      expect(writer.acked).toEqual(writer.acked.map((_, k) => ready.first + k));
      expect(acked.every((n) => n <= present.length)).toBe(true);
      const lastAck = writer.acked.length ? writer.acked[writer.acked.length - 1] : ready.first - 1;
      // …and at most one more: committed, with the process killed before its ack left.
      expect(present.length - lastAck).toBeGreaterThanOrEqual(0);
      expect(present.length - lastAck).toBeLessThanOrEqual(1);
      log.push(
        `run ${i + 1}: killed on ${killedAt}, last line "${lastLine}"${lastLine.startsWith("begin") ? " (in flight)" : ""}, ` +
          `${writer.acked.length} acks, ${present.length} in the file (${present.length - lastAck} committed unacknowledged), ${Date.now() - started} ms`,
      );
      expectedFirst = present.length + 1;
    }
    console.log(`SIGKILL runs:\n  ${log.join("\n  ")}`);
  }, 40_000);
});
