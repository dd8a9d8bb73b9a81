import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id),
      kind TEXT NOT NULL,
      entity_type TEXT NOT NULL,
      entity_id INTEGER,
      params_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params_json)),
      link TEXT NOT NULL,
      created_at TEXT NOT NULL,
      read_at TEXT
    ) STRICT`.execute(db);
  await sql`CREATE INDEX notifications_user ON notifications(user_id, read_at, id)`.execute(db);

  // E-mails wait here, written in the transaction of the event that caused
  // them; a sender delivers them with retries. message_id makes delivery idempotent.
  await sql`
    CREATE TABLE email_outbox (
      id INTEGER PRIMARY KEY,
      message_id TEXT NOT NULL UNIQUE,
      notification_id INTEGER REFERENCES notifications(id),
      to_address TEXT NOT NULL,
      subject TEXT NOT NULL,
      text_body TEXT NOT NULL,
      html_body TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','sent','failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      last_error TEXT,
      created_at TEXT NOT NULL,
      sent_at TEXT
    ) STRICT`.execute(db);
  await sql`CREATE INDEX email_outbox_due ON email_outbox(status, next_attempt_at)`.execute(db);

  // At most one reminder per task (or meeting), kind and day, however often the scan runs.
  await sql`
    CREATE TABLE reminder_log (
      entity_type TEXT NOT NULL,
      entity_id INTEGER NOT NULL,
      kind TEXT NOT NULL,
      day TEXT NOT NULL,
      PRIMARY KEY (entity_type, entity_id, kind, day)
    ) STRICT, WITHOUT ROWID`.execute(db);

  await sql`
    CREATE TABLE notification_prefs (
      user_id INTEGER NOT NULL REFERENCES users(id),
      kind TEXT NOT NULL,
      email INTEGER NOT NULL CHECK (email IN (0,1)),
      PRIMARY KEY (user_id, kind)
    ) STRICT, WITHOUT ROWID`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["notification_prefs", "reminder_log", "email_outbox", "notifications"]) {
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  }
}
