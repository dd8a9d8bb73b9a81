import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE agencies (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE COLLATE NOCASE,
      name_vi TEXT NOT NULL,
      name_en TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('department','sector','district','police','office','other')),
      parent_id INTEGER REFERENCES agencies(id),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db);
  await sql`CREATE INDEX agencies_parent ON agencies(parent_id)`.execute(db);

  await sql`
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      email TEXT UNIQUE COLLATE NOCASE,
      full_name TEXT NOT NULL,
      title TEXT,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin','chair','secretary','agency_head','agency_staff','observer')),
      agency_id INTEGER REFERENCES agencies(id),
      locale TEXT NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi','en')),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      updated_at TEXT NOT NULL,
      CHECK (role NOT IN ('agency_head','agency_staff') OR agency_id IS NOT NULL)
    ) STRICT`.execute(db);
  await sql`CREATE INDEX users_agency ON users(agency_id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      expires_at TEXT NOT NULL,
      ip TEXT,
      user_agent TEXT
    ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions(user_id)`.execute(db);
  await sql`CREATE INDEX sessions_expires ON sessions(expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sessions`.execute(db);
  await sql`DROP TABLE users`.execute(db);
  await sql`DROP TABLE agencies`.execute(db);
}
