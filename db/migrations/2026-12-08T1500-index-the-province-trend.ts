import { sql, type Kysely } from "kysely";

/**
 * The province dashboard's month-by-month figures, read after every write
 * (docs/decisions/0025-summary-tables.md). Each was found through an index
 * and then read task by task, or blocker by blocker, from the table, for a
 * column or two the index lacked: at province size ~12,000 rows for a
 * year's completions, ~12,000 for a year's issued tasks, ~5,000 blockers.
 * These indexes hold those columns, so each figure is a walk of one index.
 *
 * - Completed on time / late per month: the series' completions in the
 *   range, with their deadline. Replaces `tasks_series_status_completed`
 *   (series_id, status, completed_on), its prefix.
 * - Assigned per month: the tasks of each meeting (its notice's issue day),
 *   and the referrals (no meeting), with series, status and creation time.
 *   `tasks_meeting` (meeting_id) stays: other features use it, and this
 *   index would serve them as well, but it is not this change's to drop.
 * - Blockers received per status and pillar: the series' blockers by
 *   submission time, with status and pillar. Replaces
 *   `blockers_series_submitted` (series_id, submitted_at), its prefix.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX tasks_series_completions ON tasks(series_id, status, completed_on, deadline)`.execute(db);
  await sql`DROP INDEX tasks_series_status_completed`.execute(db);
  await sql`CREATE INDEX tasks_meeting_issue ON tasks(meeting_id, series_id, status, created_at)`.execute(db);
  await sql`CREATE INDEX blockers_series_received ON blockers(series_id, submitted_at, status, pillar)`.execute(db);
  await sql`DROP INDEX blockers_series_submitted`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX blockers_series_submitted ON blockers(series_id, submitted_at)`.execute(db);
  await sql`DROP INDEX blockers_series_received`.execute(db);
  await sql`DROP INDEX tasks_meeting_issue`.execute(db);
  await sql`CREATE INDEX tasks_series_status_completed ON tasks(series_id, status, completed_on)`.execute(db);
  await sql`DROP INDEX tasks_series_completions`.execute(db);
}
