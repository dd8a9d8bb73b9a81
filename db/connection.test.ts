/**
 * The statement cache under Kysely: one prepared statement per SQL text,
 * reused, bounded, and still right after the schema changes underneath.
 */
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, withStatementCache } from "./connection";

describe("withStatementCache", () => {
  it("prepares a text once, keeps at most `max` texts, the least recently used going first", () => {
    const sqlite = new Database(":memory:");
    const cached = withStatementCache(sqlite, 2);
    const a = cached.prepare("SELECT 1");
    expect(cached.prepare("SELECT 1")).toBe(a);
    const b = cached.prepare("SELECT 2");
    cached.prepare("SELECT 1"); // used: "SELECT 2" is now the oldest
    cached.prepare("SELECT 3");
    expect(cached.prepare("SELECT 1")).toBe(a);
    expect(cached.prepare("SELECT 2")).not.toBe(b);
    sqlite.close();
  });

  it("gives Kysely the right rows, also after a column is added to a table a kept statement reads", async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(new Database(":memory:")) }) });
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)`.execute(db);
    await db.insertInto("t").values({ id: 1, name: "Hạ Long" }).execute();
    const read = () => db.selectFrom("t").selectAll().where("id", "=", 1).execute();
    expect(await read()).toEqual([{ id: 1, name: "Hạ Long" }]);
    await sql`ALTER TABLE t ADD COLUMN code TEXT DEFAULT 'HL'`.execute(db);
    expect(await read()).toEqual([{ id: 1, name: "Hạ Long", code: "HL" }]);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("t").values({ id: 2, name: "Cẩm Phả" }).execute();
    });
    expect(await db.selectFrom("t").select("name").orderBy("id").execute()).toEqual([{ name: "Hạ Long" }, { name: "Cẩm Phả" }]);
    await db.destroy();
  });
});

describe("transactions against another connection (as from another process)", () => {
  it("take the write lock at BEGIN, so another connection's write waits instead of making a read-then-write fail", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gb-immediate-"));
    const path = join(dir, "db.sqlite");
    const db = openDatabase(path);
    await sql`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`.execute(db);
    await sql`INSERT INTO counter VALUES (1, 0)`.execute(db);
    // The other process: a plain connection that does not wait at all.
    const other = new Database(path);
    other.pragma("busy_timeout = 0");
    let otherError: unknown = null;
    await db.transaction().execute(async (trx) => {
      const { n } = (await trx
        .selectFrom("counter" as never)
        .select("n" as never)
        .executeTakeFirstOrThrow()) as { n: number };
      // Between this transaction's read and its write, the other connection tries to commit.
      try {
        other.prepare("UPDATE counter SET n = n + 100").run();
      } catch (e) {
        otherError = e;
      }
      await sql`UPDATE counter SET n = ${n + 1}`.execute(trx);
    });
    // With a deferred BEGIN the other write would have landed and this
    // transaction's UPDATE would have failed with SQLITE_BUSY_SNAPSHOT.
    expect((otherError as { code?: string } | null)?.code).toBe("SQLITE_BUSY");
    other.prepare("UPDATE counter SET n = n + 100").run();
    expect(other.prepare("SELECT n FROM counter").get()).toEqual({ n: 101 });
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
});
