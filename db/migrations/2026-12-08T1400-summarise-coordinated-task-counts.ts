import { sql, type Kysely } from "kysely";

/**
 * The register filtered by an agency counts the tasks it leads or
 * coordinates. The lead side is summed in `task_counts`; this is the
 * coordinating side, `task_coordinator_counts`: per coordinating agency,
 * series, state and deadline month (the same `state` and month as
 * `task_counts`: see 2026-12-08T1000-summarise-task-counts), how many tasks
 * and their days late summed.
 *
 * - `leads` is 1 when the coordinating agency is also the task's lead.
 *   `createTask` never makes such a row, but a lead agency changed in SQL
 *   can; "lead or coordinating" sums the rows with `leads = 0` on top of
 *   `task_counts`, so a task is never counted twice, and "coordinating"
 *   sums them all.
 * - No "asked for an extension" column: keeping it needs triggers on
 *   extension_requests for every coordinator; the register counts that
 *   filter with an agency from the tasks.
 * - The primary key starts with the agency: the register reads one agency's
 *   rows.
 * - Kept by triggers on task_coordinators (insert, delete, update) and on
 *   tasks (an update of a column of the key or the sum, for every
 *   coordinator of the task; a delete, before it happens, so that the
 *   coordinators are still there to be read: a cascade removes them after
 *   the task, when their own trigger finds no task and does nothing).
 *   A row whose count reaches 0 is deleted.
 *
 * And `tasks_register_keys`, a narrow copy of the columns the register
 * sorts and filters on, keyed by id: an agency's page reads its own tasks
 * (up to ~12,000 at province size) by id and sorts them; from this index
 * that costs a quarter of reading the tasks' wide rows.
 *
 * `TASK_COORDINATOR_COUNTS_BACKFILL` is exported for the benchmark's
 * generator, which loads tasks with the triggers off and then fills the
 * table the same way.
 */

/** The stored state of the task row `t`, as task_counts has it. */
const state = (t: string) =>
  `CASE WHEN ${t}.status = 'completed' THEN CASE WHEN ${t}.deadline IS NOT NULL AND ${t}.completed_on > ${t}.deadline THEN 'completed_late' ELSE 'completed_on_time' END ELSE ${t}.status END`;
const daysLate = (t: string) =>
  `CASE WHEN ${t}.status = 'completed' AND ${t}.deadline IS NOT NULL AND ${t}.completed_on > ${t}.deadline THEN CAST(julianday(${t}.completed_on) - julianday(${t}.deadline) AS INTEGER) ELSE 0 END`;

const COLUMNS = "agency_id, series_id, state, deadline_month, leads";
/** The row of task `t` coordinated by the agency `agency`. */
const key = (t: string, agency: string) => `${agency}, ${t}.series_id, ${state(t)}, coalesce(substr(${t}.deadline, 1, 7), ''), ${t}.lead_agency_id = ${agency}`;

/** Which coordinators (`agency`) of which task (`t`): `from` is a FROM … WHERE …. */
interface Rows {
  t: string;
  agency: string;
  from: string;
  /** The task's days late, as an expression outside `from`. */
  daysLate: string;
}

/** Adds each task's share to the rows of its coordinators. */
const add = ({ t, agency, from }: Rows) => `
  INSERT INTO task_coordinator_counts (${COLUMNS}, tasks, days_late)
  SELECT ${key(t, agency)}, 1, ${daysLate(t)} ${from}
  ON CONFLICT (${COLUMNS}) DO UPDATE SET tasks = tasks + 1, days_late = days_late + excluded.days_late;`;
/** Takes each task's share out of the rows of its coordinators (each coordinator's row is a different one). */
const remove = ({ t, agency, from, daysLate }: Rows) => `
  UPDATE task_coordinator_counts SET tasks = tasks - 1, days_late = days_late - (${daysLate})
  WHERE (${COLUMNS}) IN (SELECT ${key(t, agency)} ${from});
  DELETE FROM task_coordinator_counts WHERE tasks = 0 AND (${COLUMNS}) IN (SELECT ${key(t, agency)} ${from});`;

/** Every coordinator of the task row `t` (NEW or OLD). */
const coordinatorsOf = (t: string): Rows => ({
  t,
  agency: "c.agency_id",
  from: `FROM task_coordinators c WHERE c.task_id = ${t}.id`,
  daysLate: daysLate(t),
});
/** The coordinator row `row` (NEW or OLD) with its task, if the task is there. */
const oneRow = (row: string): Rows => ({
  t: "t",
  agency: `${row}.agency_id`,
  from: `FROM tasks t WHERE t.id = ${row}.task_id`,
  daysLate: `SELECT ${daysLate("t")} FROM tasks t WHERE t.id = ${row}.task_id`,
});

export const TASK_COORDINATOR_COUNTS_BACKFILL = `
  INSERT INTO task_coordinator_counts (${COLUMNS}, tasks, days_late)
  SELECT ${key("t", "c.agency_id")}, count(*), sum(${daysLate("t")})
  FROM task_coordinators c JOIN tasks t ON t.id = c.task_id
  GROUP BY 1, 2, 3, 4, 5`;

export const TASK_COORDINATOR_COUNTS_TRIGGERS = [
  "task_coordinators_counts_insert",
  "task_coordinators_counts_delete",
  "task_coordinators_counts_update",
  "tasks_coordinator_counts_update",
  "tasks_coordinator_counts_delete",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE task_coordinator_counts (
      agency_id INTEGER NOT NULL,
      series_id INTEGER NOT NULL,
      state TEXT NOT NULL,
      deadline_month TEXT NOT NULL,
      leads INTEGER NOT NULL,
      tasks INTEGER NOT NULL,
      days_late INTEGER NOT NULL,
      PRIMARY KEY (agency_id, series_id, state, deadline_month, leads)
    ) WITHOUT ROWID`.execute(db);
  await sql.raw(TASK_COORDINATOR_COUNTS_BACKFILL).execute(db);
  await sql`CREATE INDEX tasks_register_keys ON tasks(id, status, deadline, completed_on, series_id, pillar)`.execute(db);

  await sql.raw(`CREATE TRIGGER task_coordinators_counts_insert AFTER INSERT ON task_coordinators BEGIN ${add(oneRow("NEW"))} END`).execute(db);
  await sql.raw(`CREATE TRIGGER task_coordinators_counts_delete AFTER DELETE ON task_coordinators BEGIN ${remove(oneRow("OLD"))} END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER task_coordinators_counts_update AFTER UPDATE ON task_coordinators
      WHEN OLD.task_id IS NOT NEW.task_id OR OLD.agency_id IS NOT NEW.agency_id
      BEGIN ${remove(oneRow("OLD"))} ${add(oneRow("NEW"))} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER tasks_coordinator_counts_update AFTER UPDATE OF series_id, lead_agency_id, status, deadline, completed_on ON tasks
      WHEN OLD.series_id IS NOT NEW.series_id OR OLD.lead_agency_id IS NOT NEW.lead_agency_id
        OR OLD.status IS NOT NEW.status OR OLD.deadline IS NOT NEW.deadline OR OLD.completed_on IS NOT NEW.completed_on
      BEGIN ${remove(coordinatorsOf("OLD"))} ${add(coordinatorsOf("NEW"))} END`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER tasks_coordinator_counts_delete BEFORE DELETE ON tasks BEGIN ${remove(coordinatorsOf("OLD"))} END`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [...TASK_COORDINATOR_COUNTS_TRIGGERS].reverse()) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  await sql`DROP INDEX tasks_register_keys`.execute(db);
  await sql`DROP TABLE task_coordinator_counts`.execute(db);
}
