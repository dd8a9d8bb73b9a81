/** `npm run seed:demo`: loads the demo province into DATABASE_PATH when it is empty. */
import { parseEnv } from "../app/utils/env.server";
import { migrateToLatest, openDatabase } from "./connection";
import { isEmpty, seedDemo } from "./demo/seed";

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
try {
  await migrateToLatest(db);
  if (!(await isEmpty(db))) {
    console.log(`${env.DATABASE_PATH} already has data; the demo is loaded only into an empty database.`);
  } else {
    await seedDemo(db);
    console.log(`Demo province loaded into ${env.DATABASE_PATH}.`);
  }
} finally {
  await db.destroy();
}
