import { sql, type Kysely } from "kysely";

/**
 * Deactivating a user now revokes their calendar link. Links of users
 * deactivated before that still have revoked_at empty and would answer
 * again on reactivation, so they are revoked here, once. A revocation
 * time of the migration itself; the audit history has no event for it
 * (migrations do not write app events), the row keeps the time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE calendar_tokens
    SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
    WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE active = 0)`.execute(db);
}

/** Nothing to undo: a revoked link is not brought back to life. */
export async function down(): Promise<void> {}
