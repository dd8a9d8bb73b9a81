import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE series (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE COLLATE NOCASE,
      name_vi TEXT NOT NULL,
      name_en TEXT NOT NULL,
      issuing_body TEXT NOT NULL,
      notice_symbol TEXT NOT NULL DEFAULT 'TB-UBND',
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db);

  await sql`
    CREATE TABLE series_members (
      series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
      user_id INTEGER NOT NULL REFERENCES users(id),
      role TEXT NOT NULL CHECK (role IN ('chair','secretary')),
      PRIMARY KEY (series_id, user_id, role)
    ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX series_members_user ON series_members(user_id)`.execute(db);

  await sql`
    CREATE TABLE series_agencies (
      series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
      agency_id INTEGER NOT NULL REFERENCES agencies(id),
      PRIMARY KEY (series_id, agency_id)
    ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX series_agencies_agency ON series_agencies(agency_id)`.execute(db);

  await sql`
    CREATE TABLE meetings (
      id INTEGER PRIMARY KEY,
      series_id INTEGER NOT NULL REFERENCES series(id),
      period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
      title TEXT NOT NULL,
      starts_at TEXT NOT NULL,
      place TEXT NOT NULL,
      cutoff_at TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled','open','agenda_published','in_session','concluded','notice_issued')),
      agenda_built_at TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL,
      UNIQUE (series_id, period)
    ) STRICT`.execute(db);
  await sql`CREATE INDEX meetings_series_starts ON meetings(series_id, starts_at)`.execute(db);

  await sql`
    CREATE TABLE bridge_points (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
      agency_id INTEGER REFERENCES agencies(id),
      label TEXT NOT NULL
    ) STRICT`.execute(db);
  await sql`CREATE INDEX bridge_points_meeting ON bridge_points(meeting_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["bridge_points", "meetings", "series_agencies", "series_members", "series"]) {
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  }
}
