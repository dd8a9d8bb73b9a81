import { sql, type Kysely } from "kysely";

const PILLARS = `'digital_government','digital_economy','digital_society','digital_data','infrastructure','information_security'`;
const DAY = `'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE tasks (
      id INTEGER PRIMARY KEY,
      series_id INTEGER NOT NULL REFERENCES series(id),
      meeting_id INTEGER REFERENCES meetings(id),
      conclusion_id INTEGER REFERENCES conclusions(id),
      blocker_id INTEGER REFERENCES blockers(id),
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      expected_result TEXT NOT NULL DEFAULT '',
      pillar TEXT CHECK (pillar IS NULL OR pillar IN (${sql.raw(PILLARS)})),
      lead_agency_id INTEGER NOT NULL REFERENCES agencies(id),
      original_deadline TEXT CHECK (original_deadline IS NULL OR original_deadline GLOB ${sql.raw(DAY)}),
      deadline TEXT CHECK (deadline IS NULL OR deadline GLOB ${sql.raw(DAY)}),
      report_next_meeting INTEGER NOT NULL DEFAULT 0 CHECK (report_next_meeting IN (0,1)),
      status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft','in_progress','awaiting_acceptance','completed','cancelled')),
      completed_on TEXT CHECK (completed_on IS NULL OR completed_on GLOB ${sql.raw(DAY)}),
      version INTEGER NOT NULL DEFAULT 1,
      created_by INTEGER NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL,
      CHECK (status <> 'completed' OR completed_on IS NOT NULL)
    ) STRICT`.execute(db);
  await sql`CREATE INDEX tasks_lead_status_deadline ON tasks(lead_agency_id, status, deadline)`.execute(db);
  await sql`CREATE INDEX tasks_series_status_deadline ON tasks(series_id, status, deadline)`.execute(db);
  await sql`CREATE INDEX tasks_meeting ON tasks(meeting_id)`.execute(db);
  await sql`CREATE INDEX tasks_conclusion ON tasks(conclusion_id)`.execute(db);

  await sql`
    CREATE TABLE task_coordinators (
      task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      agency_id INTEGER NOT NULL REFERENCES agencies(id),
      PRIMARY KEY (task_id, agency_id)
    ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX task_coordinators_agency ON task_coordinators(agency_id)`.execute(db);

  await sql`
    CREATE TABLE progress_reports (
      id INTEGER PRIMARY KEY,
      task_id INTEGER NOT NULL REFERENCES tasks(id),
      agency_id INTEGER NOT NULL REFERENCES agencies(id),
      percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
      body TEXT NOT NULL,
      report_date TEXT NOT NULL CHECK (report_date GLOB ${sql.raw(DAY)}),
      created_by INTEGER NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    ) STRICT`.execute(db);
  await sql`CREATE INDEX progress_reports_task ON progress_reports(task_id, report_date)`.execute(db);

  await sql`
    CREATE TABLE extension_requests (
      id INTEGER PRIMARY KEY,
      task_id INTEGER NOT NULL REFERENCES tasks(id),
      previous_deadline TEXT,
      requested_deadline TEXT NOT NULL CHECK (requested_deadline GLOB ${sql.raw(DAY)}),
      reason TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
      decision_reason TEXT,
      decided_by INTEGER REFERENCES users(id),
      decided_at TEXT,
      created_by INTEGER NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    ) STRICT`.execute(db);
  await sql`CREATE INDEX extension_requests_task ON extension_requests(task_id, status)`.execute(db);

  await sql`
    CREATE TABLE completion_reports (
      id INTEGER PRIMARY KEY,
      task_id INTEGER NOT NULL REFERENCES tasks(id),
      result TEXT NOT NULL,
      evidence TEXT NOT NULL,
      completed_on TEXT NOT NULL CHECK (completed_on GLOB ${sql.raw(DAY)}),
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
      decision_reason TEXT,
      decided_by INTEGER REFERENCES users(id),
      decided_at TEXT,
      created_by INTEGER NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    ) STRICT`.execute(db);
  await sql`CREATE INDEX completion_reports_task ON completion_reports(task_id, status)`.execute(db);

  await sql`
    CREATE TABLE notices (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL UNIQUE REFERENCES meetings(id),
      status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved','issued')),
      year INTEGER,
      number INTEGER,
      symbol TEXT NOT NULL,
      issued_on TEXT CHECK (issued_on IS NULL OR issued_on GLOB ${sql.raw(DAY)}),
      summary TEXT NOT NULL,
      opening TEXT NOT NULL,
      closing TEXT NOT NULL,
      recipients TEXT NOT NULL,
      signer_authority TEXT NOT NULL,
      signer_title TEXT NOT NULL,
      signer_name TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1,
      drafted_by INTEGER NOT NULL REFERENCES users(id),
      approved_by INTEGER REFERENCES users(id),
      approved_at TEXT,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL,
      CHECK (status <> 'issued' OR (number IS NOT NULL AND year IS NOT NULL AND issued_on IS NOT NULL))
    ) STRICT`.execute(db);
  // Numbers restart each year (Decree 30): unique per issuing series' symbol and year.
  await sql`CREATE UNIQUE INDEX notices_number ON notices(symbol, year, number) WHERE number IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["notices", "completion_reports", "extension_requests", "progress_reports", "task_coordinators", "tasks"]) {
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  }
}
