import { sql, type Kysely } from "kysely";

/**
 * The dashboards' and the register's counts per tracking status were one
 * pass over every task in scope (150k at province size, 60–120 ms), done
 * again after every write. Two summaries hold them instead, with how many
 * tasks, their days late summed and how many asked for an extension:
 * `task_counts` per series, state, lead agency and deadline month, and
 * `task_counts_by_pillar` per series, state, pillar and deadline month. Not
 * one table per (agency, pillar): at province size that has about as many
 * rows as a dashboard's scope has tasks, and the dashboard never needs the
 * two together.
 *
 * - `state` is the task's status with "completed" split on time / late
 *   (against the approved deadline, as `trackingStatus` judges it). The
 *   statuses that depend on today (overdue, due soon, in progress) are not
 *   stored: they are a function of the deadline month and today, and of the
 *   days for the month(s) around today (app/features/tasks/tasks-rules.ts).
 * - A missing pillar or deadline is '' (a primary key column cannot be NULL,
 *   and an upsert cannot match NULLs).
 * - Kept by triggers on tasks and extension_requests, like
 *   `times_on_agenda`: every writer keeps it right without knowing it
 *   exists, in its own statement, hence its own transaction. A row whose
 *   count reaches 0 is deleted, so the table only holds what exists.
 * - No CHECK (>= 0): a derived counter must never make a user's write fail;
 *   tests compare it with a recount after random writes of every kind.
 * - The primary keys (series, state, agency or pillar, month) let the
 *   dashboard sum a series' rows per agency or pillar in the order they are
 *   stored, with no sort: reading rows is cheap, sorting or handing
 *   thousands of them to JavaScript is not.
 *
 * `TASK_COUNTS_BACKFILL` is exported for the benchmark's generator, which
 * loads tasks with these triggers off and then fills the table the same way.
 */

/** The stored state of the task row `t` (NEW, OLD or a table alias). */
const state = (t: string) =>
  `CASE WHEN ${t}.status = 'completed' THEN CASE WHEN ${t}.deadline IS NOT NULL AND ${t}.completed_on > ${t}.deadline THEN 'completed_late' ELSE 'completed_on_time' END ELSE ${t}.status END`;
const daysLate = (t: string) =>
  `CASE WHEN ${t}.status = 'completed' AND ${t}.deadline IS NOT NULL AND ${t}.completed_on > ${t}.deadline THEN CAST(julianday(${t}.completed_on) - julianday(${t}.deadline) AS INTEGER) ELSE 0 END`;
const asked = (t: string) => `EXISTS (SELECT 1 FROM extension_requests x WHERE x.task_id = ${t}.id)`;

/** The two summaries: the same figures per lead agency and per pillar. */
const SUMMARIES = [
  { table: "task_counts", column: "lead_agency_id", value: (t: string) => `${t}.lead_agency_id` },
  { table: "task_counts_by_pillar", column: "pillar", value: (t: string) => `coalesce(${t}.pillar, '')` },
] as const;
type Summary = (typeof SUMMARIES)[number];

const columns = (x: Summary) => `series_id, state, ${x.column}, deadline_month`;
const key = (x: Summary, t: string) => `${t}.series_id, ${state(t)}, ${x.value(t)}, coalesce(substr(${t}.deadline, 1, 7), '')`;
const rowIs = (x: Summary, t: string) => `(${columns(x)}) = (${key(x, t)})`;

const add = (x: Summary, t: string) => `
  INSERT INTO ${x.table} (${columns(x)}, tasks, days_late, extensions)
  VALUES (${key(x, t)}, 1, ${daysLate(t)}, ${asked(t)})
  ON CONFLICT (${columns(x)}) DO UPDATE SET
    tasks = tasks + 1, days_late = days_late + excluded.days_late, extensions = extensions + excluded.extensions;`;
const remove = (x: Summary, t: string) => `
  UPDATE ${x.table} SET tasks = tasks - 1, days_late = days_late - (${daysLate(t)}), extensions = extensions - (${asked(t)})
  WHERE ${rowIs(x, t)};
  DELETE FROM ${x.table} WHERE ${rowIs(x, t)} AND tasks = 0;`;
/** The row of the task `taskId` gains (+1) or loses (−1) a task that asked for an extension, when `when` holds. */
const askedStep = (x: Summary, taskId: string, step: "+ 1" | "- 1", when: string) => `
  UPDATE ${x.table} SET extensions = extensions ${step}
  WHERE ${when} AND (${columns(x)}) = (SELECT ${key(x, "t")} FROM tasks t WHERE t.id = ${taskId});`;
/** True when the task has no extension request but the row's own (`self`). */
const onlyRequest = (taskId: string, self: string) => `NOT EXISTS (SELECT 1 FROM extension_requests y WHERE y.task_id = ${taskId} AND y.id <> ${self})`;
const each = (f: (x: Summary) => string) => SUMMARIES.map(f).join("\n");

/** Fills both summaries from the tasks (the migration, and the benchmark after its bulk load): one statement each. */
export const TASK_COUNTS_BACKFILL: readonly string[] = SUMMARIES.map(
  (x) => `
  INSERT INTO ${x.table} (${columns(x)}, tasks, days_late, extensions)
  SELECT ${key(x, "t")}, count(*), sum(${daysLate("t")}), sum(${asked("t")})
  FROM tasks t
  GROUP BY 1, 2, 3, 4`,
);

export const TASK_COUNTS_TRIGGERS = [
  "tasks_counts_insert",
  "tasks_counts_delete",
  "tasks_counts_update",
  "extension_requests_counts_insert",
  "extension_requests_counts_delete",
  "extension_requests_counts_update",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const x of SUMMARIES) {
    await sql
      .raw(
        `CREATE TABLE ${x.table} (
          series_id INTEGER NOT NULL,
          state TEXT NOT NULL,
          ${x.column} ${x.column === "pillar" ? "TEXT" : "INTEGER"} NOT NULL,
          deadline_month TEXT NOT NULL,
          tasks INTEGER NOT NULL,
          days_late INTEGER NOT NULL,
          extensions INTEGER NOT NULL,
          PRIMARY KEY (${columns(x)})
        ) WITHOUT ROWID`,
      )
      .execute(db);
  }
  for (const statement of TASK_COUNTS_BACKFILL) await sql.raw(statement).execute(db);

  await sql.raw(`CREATE TRIGGER tasks_counts_insert AFTER INSERT ON tasks BEGIN ${each((x) => add(x, "NEW"))} END`).execute(db);
  await sql.raw(`CREATE TRIGGER tasks_counts_delete AFTER DELETE ON tasks BEGIN ${each((x) => remove(x, "OLD"))} END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER tasks_counts_update AFTER UPDATE OF series_id, lead_agency_id, pillar, status, deadline, completed_on ON tasks
      WHEN OLD.series_id IS NOT NEW.series_id OR OLD.lead_agency_id IS NOT NEW.lead_agency_id OR OLD.pillar IS NOT NEW.pillar
        OR OLD.status IS NOT NEW.status OR OLD.deadline IS NOT NEW.deadline OR OLD.completed_on IS NOT NEW.completed_on
      BEGIN ${each((x) => remove(x, "OLD") + add(x, "NEW"))} END`,
    )
    .execute(db);

  // "Asked for an extension" counts tasks, not requests: only a task's first request (or its last, gone) moves it.
  await sql
    .raw(
      `CREATE TRIGGER extension_requests_counts_insert AFTER INSERT ON extension_requests
      WHEN ${onlyRequest("NEW.task_id", "NEW.id")}
      BEGIN ${each((x) => askedStep(x, "NEW.task_id", "+ 1", "1"))} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER extension_requests_counts_delete AFTER DELETE ON extension_requests
      WHEN ${onlyRequest("OLD.task_id", "OLD.id")}
      BEGIN ${each((x) => askedStep(x, "OLD.task_id", "- 1", "1"))} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER extension_requests_counts_update AFTER UPDATE OF task_id ON extension_requests
      WHEN OLD.task_id IS NOT NEW.task_id
      BEGIN
        ${each((x) => askedStep(x, "OLD.task_id", "- 1", onlyRequest("OLD.task_id", "NEW.id")))}
        ${each((x) => askedStep(x, "NEW.task_id", "+ 1", onlyRequest("NEW.task_id", "NEW.id")))}
      END`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [...TASK_COUNTS_TRIGGERS].reverse()) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  for (const x of SUMMARIES) await sql.raw(`DROP TABLE ${x.table}`).execute(db);
}
