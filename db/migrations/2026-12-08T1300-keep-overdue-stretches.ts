import { sql, type Kysely } from "kysely";

/**
 * The province dashboard's trend, "overdue at month end", read each month's
 * past: a task is overdue on day D when it was issued by D, the deadline in
 * force on D (the first one, or the last extension approved by D) is before
 * D, and it was neither completed nor cancelled by D (ADR 15; the register's
 * `overdueOn` filter reads the past the same way). Worked out from the tasks
 * and their approvals on every view, that was ~65 ms at province size, so
 * the trend stayed cached until the next write (ADR 25).
 *
 * It cannot be stored per month: a completion reported or accepted today
 * with a completion day weeks ago, or a task's deadline changed, rewrites
 * months already past. What can be stored exactly is each task's overdue
 * stretches: under each deadline in force, the days [start, end) it was
 * overdue,
 *   start = the latest of the day that deadline came into force (the issue
 *           day for the first one, else the approval's day), the issue day
 *           and the day after the deadline;
 *   end   = the earliest of the next approval's day and the day the task was
 *           closed (completion day; a cancelled task's last change), or NULL
 *           while it runs.
 * Only stretches with at least one day are kept. A month's figure is then
 * the stretches with start <= its as-of day < end, read through the index
 * on (series, end, start): only the stretches still running or ended in the
 * range, not every task.
 *
 * The rows are derived from tasks (status, deadlines, completion day,
 * creation, cancellation day, meeting, series), the approved extension
 * requests and the issued notices. Triggers on those three tables recompute
 * the stretches of every task a change touches (a notice: the tasks of its
 * meeting), in the writing statement and hence in the writer's transaction,
 * as the summaries' triggers do (2026-12-08T1000). Triggers cannot use
 * WITH, so the recomputation is one INSERT … SELECT with subqueries; the
 * same statement over every task is the backfill, exported for the
 * benchmark's generator, which loads tasks with these triggers off.
 */

/** The issued tasks chosen by `which` (a condition on `t`), with what their stretches need. */
const base = (which: string) => `
  SELECT t.id, t.series_id,
    coalesce(n.issued_on, date(t.created_at, '+7 hours')) AS issued,
    coalesce(t.original_deadline, t.deadline) AS first_deadline,
    CASE t.status WHEN 'completed' THEN t.completed_on WHEN 'cancelled' THEN date(t.updated_at, '+7 hours') END AS closed_on
  FROM tasks t LEFT JOIN notices n ON n.meeting_id = t.meeting_id AND n.status = 'issued'
  WHERE t.status <> 'draft' AND (${which})`;

/** Inserts the overdue stretches of the tasks chosen by `which` (a condition on `t`). */
const insertStretches = (which: string) => `
  INSERT INTO task_overdue_stretches (task_id, series_id, start_day, end_day)
  SELECT task_id, series_id, start_day, end_day FROM (
    SELECT s.task_id, s.series_id,
      max(s.from_day, s.issued, date(s.deadline, '+1 day')) AS start_day,
      CASE WHEN s.to_day IS NULL THEN s.closed_on WHEN s.closed_on IS NULL THEN s.to_day ELSE min(s.to_day, s.closed_on) END AS end_day
    FROM (
      SELECT b.id AS task_id, b.series_id, b.issued AS from_day, b.first_deadline AS deadline, b.issued, b.closed_on,
        (SELECT min(date(x.decided_at, '+7 hours')) FROM extension_requests x WHERE x.task_id = b.id AND x.status = 'approved') AS to_day
      FROM (${base(which)}) b
      UNION ALL
      SELECT b.id, b.series_id, a.from_day, a.deadline, b.issued, b.closed_on, a.to_day
      FROM (${base(which)}) b
      JOIN (
        SELECT x.task_id, date(x.decided_at, '+7 hours') AS from_day, x.requested_deadline AS deadline,
          lead(date(x.decided_at, '+7 hours')) OVER (PARTITION BY x.task_id ORDER BY x.decided_at, x.id) AS to_day
        FROM extension_requests x
        WHERE x.status = 'approved' AND x.task_id IN (SELECT t.id FROM tasks t WHERE ${which})
      ) a ON a.task_id = b.id
    ) s
    WHERE s.deadline IS NOT NULL
  )
  WHERE start_day IS NOT NULL AND (end_day IS NULL OR end_day > start_day);`;

/** Recomputes the stretches of the tasks chosen by `which` (a condition on `t`). */
const recompute = (which: string) => `
  DELETE FROM task_overdue_stretches WHERE task_id IN (SELECT t.id FROM tasks t WHERE ${which});
  ${insertStretches(which)}`;

/** Fills the table from every task (the migration, and the benchmark after its bulk load). */
export const OVERDUE_STRETCHES_BACKFILL = insertStretches("1");

export const OVERDUE_STRETCHES_TRIGGERS = [
  "tasks_stretches_insert",
  "tasks_stretches_delete",
  "tasks_stretches_update",
  "extension_requests_stretches_insert",
  "extension_requests_stretches_delete",
  "extension_requests_stretches_update",
  "notices_stretches_insert",
  "notices_stretches_delete",
  "notices_stretches_update",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE task_overdue_stretches (
    task_id INTEGER NOT NULL,
    series_id INTEGER NOT NULL,
    start_day TEXT NOT NULL,
    end_day TEXT
  )`.execute(db);
  await sql`CREATE INDEX task_overdue_stretches_task ON task_overdue_stretches(task_id)`.execute(db);
  await sql`CREATE INDEX task_overdue_stretches_series_end ON task_overdue_stretches(series_id, end_day, start_day)`.execute(db);
  await sql.raw(OVERDUE_STRETCHES_BACKFILL).execute(db);

  const statements = [
    `CREATE TRIGGER tasks_stretches_insert AFTER INSERT ON tasks WHEN NEW.status <> 'draft'
      BEGIN ${insertStretches("t.id = NEW.id")} END`,
    `CREATE TRIGGER tasks_stretches_delete AFTER DELETE ON tasks
      BEGIN DELETE FROM task_overdue_stretches WHERE task_id = OLD.id; END`,
    // A cancelled task's last change is the day it was cancelled: its updated_at moves the stretch's end.
    `CREATE TRIGGER tasks_stretches_update
      AFTER UPDATE OF id, series_id, meeting_id, status, original_deadline, deadline, completed_on, created_at, updated_at ON tasks
      WHEN OLD.id IS NOT NEW.id OR OLD.series_id IS NOT NEW.series_id OR OLD.meeting_id IS NOT NEW.meeting_id
        OR OLD.status IS NOT NEW.status OR OLD.original_deadline IS NOT NEW.original_deadline OR OLD.deadline IS NOT NEW.deadline
        OR OLD.completed_on IS NOT NEW.completed_on OR OLD.created_at IS NOT NEW.created_at
        OR (NEW.status = 'cancelled' AND OLD.updated_at IS NOT NEW.updated_at)
      BEGIN
        DELETE FROM task_overdue_stretches WHERE task_id = OLD.id;
        ${recompute("t.id = NEW.id")}
      END`,
    `CREATE TRIGGER extension_requests_stretches_insert AFTER INSERT ON extension_requests WHEN NEW.status = 'approved'
      BEGIN ${recompute("t.id = NEW.task_id")} END`,
    `CREATE TRIGGER extension_requests_stretches_delete AFTER DELETE ON extension_requests WHEN OLD.status = 'approved'
      BEGIN ${recompute("t.id = OLD.task_id")} END`,
    `CREATE TRIGGER extension_requests_stretches_update AFTER UPDATE OF task_id, status, requested_deadline, decided_at ON extension_requests
      WHEN OLD.status = 'approved' OR NEW.status = 'approved'
      BEGIN ${recompute("t.id IN (OLD.task_id, NEW.task_id)")} END`,
    `CREATE TRIGGER notices_stretches_insert AFTER INSERT ON notices WHEN NEW.status = 'issued'
      BEGIN ${recompute("t.meeting_id = NEW.meeting_id")} END`,
    `CREATE TRIGGER notices_stretches_delete AFTER DELETE ON notices WHEN OLD.status = 'issued'
      BEGIN ${recompute("t.meeting_id = OLD.meeting_id")} END`,
    `CREATE TRIGGER notices_stretches_update AFTER UPDATE OF meeting_id, status, issued_on ON notices
      WHEN OLD.status = 'issued' OR NEW.status = 'issued'
      BEGIN ${recompute("t.meeting_id IN (OLD.meeting_id, NEW.meeting_id)")} END`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [...OVERDUE_STRETCHES_TRIGGERS].reverse()) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  await sql`DROP TABLE task_overdue_stretches`.execute(db);
}
