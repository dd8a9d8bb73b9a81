import { sql, type Kysely } from "kysely";

const PILLARS = `'digital_government','digital_economy','digital_society','digital_data','infrastructure','information_security'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE blockers (
      id INTEGER PRIMARY KEY,
      series_id INTEGER NOT NULL REFERENCES series(id),
      agency_id INTEGER NOT NULL REFERENCES agencies(id),
      meeting_id INTEGER REFERENCES meetings(id),
      title TEXT NOT NULL,
      description TEXT NOT NULL,
      pillar TEXT NOT NULL CHECK (pillar IN (${sql.raw(PILLARS)})),
      severity TEXT NOT NULL CHECK (severity IN ('low','medium','high','critical')),
      help_agency_id INTEGER REFERENCES agencies(id),
      proposal TEXT NOT NULL,
      plan_target TEXT,
      status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft','submitted','returned','withdrawn','on_agenda','merged','referred','declined','resolved')),
      is_late INTEGER NOT NULL DEFAULT 0 CHECK (is_late IN (0,1)),
      merged_into_id INTEGER REFERENCES blockers(id),
      outcome_reason TEXT,
      created_by INTEGER NOT NULL REFERENCES users(id),
      submitted_by INTEGER REFERENCES users(id),
      submitted_at TEXT,
      triaged_at TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL,
      CHECK (status <> 'merged' OR merged_into_id IS NOT NULL)
    ) STRICT`.execute(db);
  await sql`CREATE INDEX blockers_agency_status ON blockers(agency_id, status)`.execute(db);
  await sql`CREATE INDEX blockers_meeting_status ON blockers(meeting_id, status)`.execute(db);
  await sql`CREATE INDEX blockers_series_status ON blockers(series_id, status)`.execute(db);

  await sql`
    CREATE TABLE triage_decisions (
      id INTEGER PRIMARY KEY,
      blocker_id INTEGER NOT NULL REFERENCES blockers(id),
      meeting_id INTEGER REFERENCES meetings(id),
      decision TEXT NOT NULL CHECK (decision IN ('accept','merge','refer','return','decline')),
      reason TEXT,
      merge_into_id INTEGER REFERENCES blockers(id),
      refer_agency_id INTEGER REFERENCES agencies(id),
      refer_deadline TEXT,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
      proposed_by INTEGER NOT NULL REFERENCES users(id),
      decided_by INTEGER REFERENCES users(id),
      decided_at TEXT,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    ) STRICT`.execute(db);
  await sql`CREATE INDEX triage_blocker ON triage_decisions(blocker_id)`.execute(db);

  await sql`
    CREATE TABLE agenda_items (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL REFERENCES meetings(id),
      position INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('new_blocker','follow_up_task','carried_over','report','other')),
      title TEXT NOT NULL,
      blocker_id INTEGER REFERENCES blockers(id),
      task_id INTEGER REFERENCES tasks(id),
      carried_from_item_id INTEGER REFERENCES agenda_items(id),
      carry_count INTEGER NOT NULL DEFAULT 0 CHECK (carry_count >= 0),
      presenter_agency_id INTEGER REFERENCES agencies(id),
      minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 600),
      source TEXT NOT NULL CHECK (source IN ('rule','manual')),
      removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0,1)),
      removed_reason TEXT,
      outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending','concluded','not_reached')),
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL,
      CHECK (removed = 0 OR removed_reason IS NOT NULL)
    ) STRICT`.execute(db);
  await sql`CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position)`.execute(db);
  // Rebuilding an agenda must never duplicate: one item per source record per meeting.
  await sql`CREATE UNIQUE INDEX agenda_items_blocker ON agenda_items(meeting_id, blocker_id) WHERE blocker_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX agenda_items_task ON agenda_items(meeting_id, task_id) WHERE task_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX agenda_items_carried ON agenda_items(meeting_id, carried_from_item_id) WHERE carried_from_item_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE conclusions (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL REFERENCES meetings(id),
      agenda_item_id INTEGER NOT NULL UNIQUE REFERENCES agenda_items(id),
      body TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1,
      created_by INTEGER NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db);
  await sql`CREATE INDEX conclusions_meeting ON conclusions(meeting_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["conclusions", "agenda_items", "triage_decisions", "blockers"]) {
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  }
}
