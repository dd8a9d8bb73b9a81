/**
 * Signs every bench user in without a password check, the way sign-in ends:
 * a session row and its signed cookie. Run as a child per size, with
 * DATABASE_PATH and SESSION_SECRET set as the server has them:
 *
 *   DATABASE_PATH=… SESSION_SECRET=… tsx bench/lib/sessions.ts > cookies.json
 *
 * (Three hundred scrypt checks at the production cost would take minutes and
 * are not what a month of use consists of: people sign in once a fortnight.)
 */
import { getDb } from "../../app/utils/db.server";
import { createSession } from "../../app/utils/session.server";

const users = await getDb().selectFrom("users").where("active", "=", 1).where("username", "like", "bench.%").select(["id", "username"]).execute();
const cookies: Record<string, string> = {};
for (const u of users) {
  cookies[u.username] = (await createSession(u.id, { ip: "127.0.0.1", userAgent: "giaoban-bench", secure: false })).split(";")[0];
}
process.stdout.write(JSON.stringify(cookies));
await getDb().destroy();
