import { sql, type Kysely } from "kysely";

/**
 * Pages that read a whole table (found by tests/integration/query-plans.test.ts):
 * - a blocker's page and the blocker list look up the task made from a
 *   blocker (`tasks.blocker_id`) and the blockers merged into it
 *   (`blockers.merged_into_id`); few rows have either, hence partial indexes.
 *   They also serve the foreign-key checks on those columns;
 * - the public blocker list (published statuses only) filtered by pillar,
 *   submission days or lateness;
 * - the meetings still to come and the finished ones, by status and day (the
 *   app lists the statuses it wants rather than `NOT IN` the others);
 * - the register's "assigned in a month" (referrals found by their creation
 *   time) and "overdue on a day" (tasks still open that day: the expression
 *   is the one `CLOSED_DAY` in app/features/tasks writes; both must match).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX tasks_blocker ON tasks(blocker_id) WHERE blocker_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX blockers_merged_into ON blockers(merged_into_id) WHERE merged_into_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX blockers_status_submitted ON blockers(status, submitted_at)`.execute(db);
  await sql`CREATE INDEX meetings_status_starts ON meetings(status, starts_at)`.execute(db);
  await sql`CREATE INDEX tasks_created ON tasks(created_at)`.execute(db);
  await sql`
    CREATE INDEX tasks_closed_day ON tasks(
      (CASE WHEN status = 'completed' THEN completed_on WHEN status = 'cancelled' THEN date(updated_at, '+7 hours') END)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ["tasks_closed_day", "tasks_created", "meetings_status_starts", "blockers_status_submitted", "blockers_merged_into", "tasks_blocker"]) {
    await sql`DROP INDEX ${sql.raw(name)}`.execute(db);
  }
}
