import type { Kysely } from "kysely";
import { openDatabase } from "../../db/connection";
import type { Database } from "../../db/schema";
import { env } from "./env.server";

declare global {
  // Survives the dev server's module reloads so one process keeps one connection.
  var __giaobanDb: Kysely<Database> | undefined;
}

/** The one Kysely instance of this process. */
export function getDb(): Kysely<Database> {
  globalThis.__giaobanDb ??= openDatabase(env().DATABASE_PATH);
  return globalThis.__giaobanDb;
}

export type { Database };
