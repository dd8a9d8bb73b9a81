import { sql, type Kysely } from "kysely";

/**
 * The dashboard's month-by-month figures read tasks completed in a range of
 * days and blockers received in one; with 150k tasks and 60k blockers each
 * walked the whole series (60–130 ms apiece on a cache miss), now a range
 * of these indexes (1–10 ms).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX tasks_series_status_completed ON tasks(series_id, status, completed_on)`.execute(db);
  await sql`CREATE INDEX blockers_series_submitted ON blockers(series_id, submitted_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX blockers_series_submitted`.execute(db);
  await sql`DROP INDEX tasks_series_status_completed`.execute(db);
}
