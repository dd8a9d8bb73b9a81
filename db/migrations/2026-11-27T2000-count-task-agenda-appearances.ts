import { sql, type Kysely } from "kysely";

/**
 * Building an agenda needs, for each task that qualifies, how many agendas
 * it has already been on (its carry count). Counting that per task at build
 * time was most of the build's cost at province size (≈9k qualifying tasks,
 * one correlated count each), so the count is kept on the task instead.
 *
 * - `tasks.times_on_agenda` = the task's agenda items not removed by hand,
 *   over all meetings. The builder subtracts the meeting it is building.
 * - Kept by triggers on agenda_items, like the search index: every writer
 *   (the agenda builder, hand edits, the demo data, test fixtures, the
 *   benchmark's bulk load) keeps it right without knowing it exists, in
 *   the same statement, hence the same transaction. The UPDATE of tasks
 *   names no column the search triggers watch, and touches neither
 *   `version` nor `updated_at`: it is derived, not an edit.
 * - No CHECK (>= 0): a derived counter must never make a user's write fail;
 *   tests compare it with a recount after every kind of write instead.
 * - A partial covering index over open tasks serves the builder's "open
 *   and due by the meeting day" read without touching the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tasks ADD COLUMN times_on_agenda INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`
    UPDATE tasks SET times_on_agenda =
      (SELECT count(*) FROM agenda_items i WHERE i.task_id = tasks.id AND i.removed = 0)
    WHERE id IN (SELECT task_id FROM agenda_items WHERE task_id IS NOT NULL AND removed = 0)`.execute(db);

  await sql`
    CREATE TRIGGER agenda_items_count_insert AFTER INSERT ON agenda_items
    WHEN NEW.task_id IS NOT NULL AND NEW.removed = 0
    BEGIN
      UPDATE tasks SET times_on_agenda = times_on_agenda + 1 WHERE id = NEW.task_id;
    END`.execute(db);
  await sql`
    CREATE TRIGGER agenda_items_count_delete AFTER DELETE ON agenda_items
    WHEN OLD.task_id IS NOT NULL AND OLD.removed = 0
    BEGIN
      UPDATE tasks SET times_on_agenda = times_on_agenda - 1 WHERE id = OLD.task_id;
    END`.execute(db);
  await sql`
    CREATE TRIGGER agenda_items_count_update AFTER UPDATE OF task_id, removed ON agenda_items
    WHEN OLD.task_id IS NOT NEW.task_id OR OLD.removed IS NOT NEW.removed
    BEGIN
      UPDATE tasks SET times_on_agenda = times_on_agenda - 1 WHERE id = OLD.task_id AND OLD.removed = 0;
      UPDATE tasks SET times_on_agenda = times_on_agenda + 1 WHERE id = NEW.task_id AND NEW.removed = 0;
    END`.execute(db);

  await sql`
    CREATE INDEX tasks_open_for_agenda
    ON tasks(series_id, deadline, status, lead_agency_id, report_next_meeting, meeting_id, times_on_agenda, title)
    WHERE status = 'in_progress'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX tasks_open_for_agenda`.execute(db);
  for (const t of ["agenda_items_count_update", "agenda_items_count_delete", "agenda_items_count_insert"]) {
    await sql`DROP TRIGGER ${sql.raw(t)}`.execute(db);
  }
  await sql`ALTER TABLE tasks DROP COLUMN times_on_agenda`.execute(db);
}
