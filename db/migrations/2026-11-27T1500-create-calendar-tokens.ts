import { sql, type Kysely } from "kysely";

/**
 * The secret address of each user's calendar feed. Only the SHA-256 of the
 * token is kept, as for sessions: a copy of the database does not give
 * anyone a working feed address. A revoked token keeps its row (revoked_at
 * set) so the history reads plainly; at most one token per user is live.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE calendar_tokens (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      token_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      revoked_at TEXT
    ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX calendar_tokens_live ON calendar_tokens(user_id) WHERE revoked_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE calendar_tokens`.execute(db);
}
