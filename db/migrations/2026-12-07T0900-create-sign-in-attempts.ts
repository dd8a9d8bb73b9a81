import { sql, type Kysely } from "kysely";

/**
 * Sign-in attempts replace login failures: an attempt is written before its
 * password is checked (in the transaction that decides whether it may be
 * checked at all) and deleted if it succeeds, so parallel guesses are counted
 * as they arrive. Keyed by what was typed, by the account sign-in resolves
 * it to, and by the client's address (an IPv6 /64), so one address's
 * guesses lock only that address out of that name. The old failures are
 * dropped: they are minutes-long state.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE sign_in_attempts (
      id INTEGER PRIMARY KEY,
      account TEXT NOT NULL,
      login TEXT NOT NULL,
      address TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_account ON sign_in_attempts(account, at)`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_address ON sign_in_attempts(address, login, at)`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_at ON sign_in_attempts(at)`.execute(db);
  await sql`DROP TABLE login_failures`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sign_in_attempts`.execute(db);
  await sql`
    CREATE TABLE login_failures (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('account','ip')),
      key TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT`.execute(db);
  await sql`CREATE INDEX login_failures_key ON login_failures(kind, key, at)`.execute(db);
}
