import { sql, type Kysely } from "kysely";

/**
 * Two indexes for an agency's dashboard, the first view after a write
 * (docs/decisions/0025-summary-tables.md, "The agency dashboard").
 *
 * `tasks_owed`: an agency's dashboard lists and counts what it owes, the
 * open tasks it leads (the lead index finds them) and the open tasks it
 * coordinates. For the second, `task_coordinators` gives every task the
 * agency ever coordinated (~4,800 for the busiest at province size) and
 * each task's row was read for its status, to keep the ~600 still open: a
 * row a task, each on its own page of a table whose rows carry the
 * descriptions. This index holds only the open tasks (in progress or
 * awaiting acceptance, ~18,000 of 150,000), keyed by id, with the columns a
 * tracking status and "lead or coordinating" read (status, deadline,
 * completion day, lead agency). "Is it still owed, and how does it stand?"
 * is then a look-up in a small index; the counts and the choice of the
 * lists' rows read no task row. The partial condition is the text the
 * dashboard's queries use, so SQLite can prove they may read it.
 *
 * `task_counts_by_month`: the task figures (both dashboards) sum a series'
 * closed tasks due in the range's months. The summary's key is (series,
 * state, agency, month), so that read every month the series ever had
 * (~27,000 rows at province size for ~3,000 in a year). This index is the
 * same rows by (series, state, month), holding every column summed.
 *
 * `blockers_agency_recent`: the dashboard shows an agency's ten latest
 * blockers (by submission, else last change). Without it, all of the
 * agency's blockers (~1,400 for the busiest) were read and sorted; with it,
 * the first ten of the index that are not withdrawn. The sort key is the
 * very expression the dashboard orders by.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX tasks_owed ON tasks(id, status, lead_agency_id, deadline, completed_on)
    WHERE status IN ('in_progress', 'awaiting_acceptance')`.execute(db);
  await sql`CREATE INDEX task_counts_by_month
    ON task_counts(series_id, state, deadline_month, lead_agency_id, tasks, days_late, extensions)`.execute(db);
  await sql`CREATE INDEX blockers_agency_recent ON blockers(agency_id, coalesce(submitted_at, updated_at), id, status)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX blockers_agency_recent`.execute(db);
  await sql`DROP INDEX task_counts_by_month`.execute(db);
  await sql`DROP INDEX tasks_owed`.execute(db);
}
