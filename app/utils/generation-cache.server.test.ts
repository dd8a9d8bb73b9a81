/**
 * The cache of aggregates lives as long as the records under it: an audited
 * change in this process, or a commit by another connection, makes the next
 * lookup compute again; a read, or a write that is not a record's change
 * (a session at sign-in), does not.
 */
import Database from "better-sqlite3";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "./db.server";
import { recordAudit } from "./audit.server";
import { write } from "./write.server";
import { cachedUntilWrite, changeStamp } from "./generation-cache.server";

let computed = 0;
const count = () =>
  cachedUntilWrite(getDb(), ["cache-test", "agencies"], async () => {
    computed++;
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM agencies`.execute(getDb());
    return rows[0].n;
  });

const insertAgency = (code: string) =>
  getDb()
    .insertInto("agencies")
    .values({ code, name_vi: `Đơn vị ${code}`, name_en: `Agency ${code}`, kind: "department", parent_id: null, updated_at: new Date().toISOString() })
    .execute();

beforeAll(async () => {
  await insertAgency("A1");
});

describe("cachedUntilWrite", () => {
  it("computes once while nothing is written", async () => {
    const before = computed;
    const [a, b] = await Promise.all([count(), count()]);
    expect(await count()).toBe(a);
    expect(b).toBe(a);
    expect(computed).toBe(before + 1);
  });

  it("computes again after an audited change", async () => {
    const first = await count();
    await write(null, async (trx) => {
      await trx
        .insertInto("agencies")
        .values({ code: "A2", name_vi: "Đơn vị A2", name_en: "Agency A2", kind: "department", parent_id: null, updated_at: new Date().toISOString() })
        .execute();
      await recordAudit(trx, { actorUserId: null, action: "agency.created", entityType: "agency", entityId: null });
    });
    expect(await count()).toBe(first + 1);
  });

  it("keeps the result across writes that change no record (a session, say)", async () => {
    await count();
    const before = computed;
    await getDb().deleteFrom("sessions").where("id", "=", "no-such-session").execute();
    await count();
    expect(computed).toBe(before);
  });

  it("computes again after another connection commits (another process on the same file)", async () => {
    const first = await count();
    const stamp = await changeStamp(getDb());
    const other = new Database(process.env.DATABASE_PATH!);
    other
      .prepare("INSERT INTO agencies (code, name_vi, name_en, kind, parent_id, updated_at) VALUES ('B1', 'Đơn vị B1', 'Agency B1', 'department', NULL, ?)")
      .run(new Date().toISOString());
    other.close();
    expect(await changeStamp(getDb())).not.toBe(stamp);
    expect(await count()).toBe(first + 1);
  });

  it("keeps each kind of result apart: a run of searches does not push out other results", async () => {
    let figures = 0;
    const figure = () => cachedUntilWrite(getDb(), ["cache-test-figures"], async () => ++figures);
    await figure();
    for (let i = 0; i < 250; i++) await cachedUntilWrite(getDb(), ["search", `q${i}`], async () => i);
    await figure();
    expect(figures).toBe(1);
    // Searches keep the latest 200: the first was dropped, a recent one was not.
    let again = 0;
    await cachedUntilWrite(getDb(), ["search", "q0"], async () => ++again);
    await cachedUntilWrite(getDb(), ["search", "q249"], async () => ++again);
    expect(again).toBe(1);
  });

  it("computes every time when the benchmark turns results off (RESULT_CACHE=off)", async () => {
    await count();
    const before = computed;
    process.env.RESULT_CACHE = "off";
    try {
      await count();
      await count();
    } finally {
      delete process.env.RESULT_CACHE;
    }
    expect(computed).toBe(before + 2);
  });
});
