/**
 * Runs before the server on `npm start` / `npm run dev`: checks the
 * configuration, creates and migrates the database, loads the demo province
 * into an empty one, and prints how to sign in.
 */
import { parseEnv } from "../app/utils/env.server";
import { migrateToLatest, openDatabase } from "./connection";
import { demoAccountsTable } from "./demo/accounts";
import { DEMO_USERS } from "./demo/quang-ninh";
import { isEmpty, seedDemo } from "./demo/seed";

let env;
try {
  env = parseEnv();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

const db = openDatabase(env.DATABASE_PATH);
try {
  const applied = await migrateToLatest(db);
  if (applied.length) console.log(`Database ${env.DATABASE_PATH}: applied ${applied.length} migration(s).`);
  if (await isEmpty(db)) {
    console.log("Empty database: loading the demo province (Quảng Ninh)…");
    await seedDemo(db);
  }
  const demo = await db
    .selectFrom("users")
    .where(
      "username",
      "in",
      DEMO_USERS.map((u) => u.username),
    )
    .select("id")
    .execute();
  if (demo.length > 0) {
    console.log("\nDemo sign-ins (tài khoản dùng thử):\n");
    console.log(demoAccountsTable());
  }
  console.log(`\nGiao ban will serve on http://localhost:${env.PORT}\n`);
} finally {
  await db.destroy();
}
