import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE login_failures (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('account','ip')),
      key TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT`.execute(db);
  await sql`CREATE INDEX login_failures_key ON login_failures(kind, key, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE login_failures`.execute(db);
}
