import { sql, type Kysely } from "kysely";

/**
 * One row per form submission that changed something, keyed by the user,
 * the one-time key the form carried and a fingerprint of what was sent
 * (the address and the fields), so a key only ever replays the very same
 * submission. It is written in the transaction of the
 * change, so a submission sent twice (a double click, a retry after a
 * timeout, the browser's "resend") finds its key and gets the first one's
 * result instead of making a second change. `result` is the change's value
 * as JSON (for example the id a redirect needs). Old keys are pruned: a
 * form is not resubmitted days later.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE form_submissions (
      user_id INTEGER NOT NULL REFERENCES users(id),
      key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      result TEXT NOT NULL,
      at TEXT NOT NULL,
      PRIMARY KEY (user_id, key, fingerprint)
    ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX form_submissions_at ON form_submissions(at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE form_submissions`.execute(db);
}
