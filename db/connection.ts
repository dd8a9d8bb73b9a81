import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, Migrator, SqliteAdapter, SqliteDialect, type DialectAdapter, type MigrationProvider, type SqliteDatabase, type SqliteStatement } from "kysely";
import { migrations } from "./migrations/index";
import type { Database as Schema } from "./schema";

/** Told of each statement and its parameters just before it runs (the query-plan test listens with it). */
export type StatementObserver = (sql: string, parameters: readonly unknown[]) => void;

/**
 * Opens (creating if needed) the SQLite file with the settings every
 * connection must have. See docs/decisions/0004-sqlite-settings.md.
 */
export function openDatabase(path: string, observe?: StatementObserver): Kysely<Schema> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a write is acknowledged only once it is durable, even on power loss.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<Schema>({ dialect: new TransactionalDdlSqliteDialect({ database: withStatementCache(sqlite, 500, observe) }) });
}

/**
 * Kysely's SQLite adapter says SQLite has no transactional DDL, so its
 * `Migrator` would run each statement of a migration on its own, with no
 * lock. SQLite does roll back DDL, so say so: the Migrator then runs the
 * pending migrations, and its read of which ones already ran, in one
 * transaction (`BEGIN IMMEDIATE`, see below). Another process's writes wait
 * instead of landing between a backfill and the triggers that keep it; a
 * crash or a failing step leaves no half-applied schema; and two processes
 * migrating at once cannot both run one migration. This is only safe while
 * migrations hold no PRAGMA (most are no-ops inside a transaction).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * The connection as Kysely sees it.
 *
 * Every transaction starts `BEGIN IMMEDIATE` (Kysely's driver sends a plain
 * `begin`): it takes the write lock at once, waiting up to `busy_timeout` for
 * another process's writer. A deferred `BEGIN` that reads and then writes
 * would instead fail at its first write with SQLITE_BUSY, without waiting,
 * whenever another process (a second server, `npm run reminders`) committed
 * in between — `busy_timeout` cannot help a transaction whose snapshot is
 * already stale.
 *
 * Each statement is prepared once per
 * SQL text rather than on every run (Kysely's driver prepares each time;
 * preparing is 5-20 % of a cheap query). The most recently used texts are
 * kept; a schema change makes SQLite prepare a kept statement again by
 * itself. Kysely runs one statement at a time on the one connection, so a
 * statement is never in use twice.
 */
export function withStatementCache(sqlite: Database.Database, max = 500, observe?: StatementObserver): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const sql = text === "begin" ? "begin immediate" : text;
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return observe ? observed(statement, sql, observe) : statement;
    },
  };
}

function observed(statement: Database.Statement, sql: string, observe: StatementObserver): SqliteStatement {
  return {
    reader: statement.reader,
    all: (parameters) => (observe(sql, parameters), statement.all(parameters)),
    run: (parameters) => (observe(sql, parameters), statement.run(parameters)),
    iterate: (parameters) => (observe(sql, parameters), statement.iterate(parameters)),
  };
}

const staticProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** Brings the schema to the latest migration; throws with the failing step. */
export async function migrateToLatest(db: Kysely<Schema>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: staticProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const name = failed?.migrationName ?? "unknown";
    throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
