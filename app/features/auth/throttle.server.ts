import { getDb } from "../../utils/db.server";
import { ACCOUNT_LIMITS, IP_LIMITS, stricter, throttleDecision, WINDOW_MINUTES, type ThrottleDecision } from "./throttle-rules";

const accountKey = (login: string) => login.trim().normalize("NFC").toLowerCase();

async function recentFailures(kind: "account" | "ip", key: string, now: Date): Promise<string[]> {
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
  const rows = await getDb()
    .selectFrom("login_failures")
    .where("kind", "=", kind)
    .where("key", "=", key)
    .where("at", ">", since)
    .select("at")
    .execute();
  return rows.map((r) => r.at);
}

/** What to do with a sign-in attempt before the password is even checked. */
export async function signInThrottle(login: string, ip: string | null, now: Date = new Date()): Promise<ThrottleDecision> {
  const account = throttleDecision(await recentFailures("account", accountKey(login), now), now, ACCOUNT_LIMITS);
  if (!ip) return account;
  return stricter(account, throttleDecision(await recentFailures("ip", ip, now), now, IP_LIMITS));
}

export async function recordSignInFailure(login: string, ip: string | null, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  const rows: Array<{ kind: "account" | "ip"; key: string; at: string }> = [{ kind: "account", key: accountKey(login), at }];
  if (ip) rows.push({ kind: "ip", key: ip, at });
  const db = getDb();
  await db.insertInto("login_failures").values(rows).execute();
  // Old failures are swept as new ones arrive: the table stays small.
  await db.deleteFrom("login_failures").where("at", "<", new Date(now.getTime() - 24 * 60 * 60_000).toISOString()).execute();
}

/** A successful sign-in clears the account's failures (not the address's). */
export async function clearSignInFailures(login: string): Promise<void> {
  await getDb().deleteFrom("login_failures").where("kind", "=", "account").where("key", "=", accountKey(login)).execute();
}
