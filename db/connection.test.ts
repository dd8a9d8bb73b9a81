/**
 * The statement cache under Kysely: one prepared statement per SQL text,
 * reused, bounded, and still right after the schema changes underneath.
 */
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withStatementCache } from "./connection";

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
