import { sql, type Kysely } from "kysely";

/**
 * The task register at a province's size (150k tasks in the benchmark):
 * - its default order ("owed first, nearest deadline first; then closed, the
 *   latest deadline first") as an expression index, so that a page is read
 *   off the index instead of sorting every task; the columns after `id` let
 *   the usual filters be tested on the index entry before the row is read;
 * - "latest deadline first", the other deadline order;
 * - the chair's waiting decisions, found from the few pending requests rather
 *   than from every open task.
 * The expressions are the ones `orderRegister` (app/features/tasks) orders by.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX tasks_register_order ON tasks(
      (status IN ('completed', 'cancelled')),
      (deadline IS NULL),
      (CASE WHEN status IN ('completed', 'cancelled') THEN NULL ELSE deadline END),
      (CASE WHEN status IN ('completed', 'cancelled') THEN deadline END) DESC,
      id,
      status, series_id, lead_agency_id, deadline, completed_on, pillar
    )`.execute(db);
  await sql`CREATE INDEX tasks_register_latest ON tasks((deadline IS NULL), deadline DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX extension_requests_pending ON extension_requests(task_id) WHERE status = 'pending'`.execute(db);
  await sql`CREATE INDEX completion_reports_pending ON completion_reports(task_id) WHERE status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ["completion_reports_pending", "extension_requests_pending", "tasks_register_latest", "tasks_register_order"]) {
    await sql`DROP INDEX ${sql.raw(name)}`.execute(db);
  }
}
