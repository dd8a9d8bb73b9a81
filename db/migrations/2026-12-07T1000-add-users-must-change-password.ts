import { sql, type Kysely } from "kysely";

/**
 * A password an administrator set (a reset) is known to someone other than
 * its owner: the owner must replace it at the next sign-in. While the flag
 * is 1 every page but the change-password page sends the user there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0,1))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN must_change_password`.execute(db);
}
