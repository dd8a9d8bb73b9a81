/**
 * The migration's backfill of the task summaries on the demo data: the
 * tables the triggers filled while the demo was seeded, the backfill run
 * again on the same tasks, and a recount from scratch all agree.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "../../app/utils/db.server";
import { TASK_COUNTS_BACKFILL } from "../../db/migrations/2026-12-08T1000-summarise-task-counts";
import { seedDemo } from "../../db/demo/seed";
import { readSummaries, recountSummaries } from "../helpers/task-figures-oracle";

describe("the task summaries on the demo data", () => {
  it("are what the backfill and a recount give", async () => {
    const db = getDb();
    await seedDemo(db);
    const expected = await recountSummaries(db);
    expect(Object.keys(expected.byAgency).length).toBeGreaterThan(0);
    expect(await readSummaries(db)).toEqual(expected);
    await db.transaction().execute(async (trx) => {
      await sql`DELETE FROM task_counts`.execute(trx);
      await sql`DELETE FROM task_counts_by_pillar`.execute(trx);
      for (const statement of TASK_COUNTS_BACKFILL) await sql.raw(statement).execute(trx);
    });
    expect(await readSummaries(db)).toEqual(expected);
  });
});
