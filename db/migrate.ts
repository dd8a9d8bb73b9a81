/** `npm run db:migrate`: brings DATABASE_PATH to the latest schema. */
import { parseEnv } from "../app/utils/env.server";
import { migrateToLatest, openDatabase } from "./connection";

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
} finally {
  await db.destroy();
}
