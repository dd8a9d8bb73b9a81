/**
 * Sign-in throttling against the database. An attempt is admitted (or
 * refused) and recorded in one transaction, before its password is checked:
 * guesses sent in parallel are counted as they arrive, so the fifth one from
 * an address finds four already there, whatever their passwords turn out to
 * be. A successful attempt is then deleted, with its address's earlier
 * failures on that account; what stays are the failures.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { getDb } from "../../utils/db.server";
import { ACCOUNT_LIMITS, ADDRESS_LIMITS, PAIR_LIMITS, signInDecision, WINDOW_MINUTES } from "./throttle-rules";

/** Failures are kept a day (they are swept as new attempts arrive); only the window's count. */
const KEEP_MS = 24 * 60 * 60_000;

export interface SignInAttempt {
  id: number;
  account: string;
  address: string;
}

export type Admission = { locked: true; retryAfterMinutes: number } | { locked: false; attempt: SignInAttempt };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The account as sign-in will resolve it: the user whose user name or
 * e-mail is exactly what was typed (sign-in is case-sensitive), else the
 * typed name itself. So "CHUTRI" never counts against "chutri".
 */
async function accountKey(db: Kysely<Database>, login: string): Promise<string> {
  const typed = login.trim().normalize("NFC");
  const user = typed
    ? await db
        .selectFrom("users")
        .where((eb) => eb.or([eb("username", "=", typed), eb("email", "=", typed)]))
        .select("id")
        .executeTakeFirst()
    : undefined;
  return user ? `user:${user.id}` : `name:${typed}`;
}

/** The latest failures of one kind, no more than its lock needs. */
function recent(db: Kysely<Database>, since: string, limit: number, where: { account?: string; address?: string }) {
  let q = db.selectFrom("sign_in_attempts").where("at", ">", since);
  if (where.account !== undefined) q = q.where("account", "=", where.account);
  if (where.address !== undefined) q = q.where("address", "=", where.address);
  return q
    .orderBy("at", "desc")
    .limit(limit)
    .select("at")
    .execute()
    .then((rows) => rows.map((r) => r.at));
}

/**
 * Decides whether an attempt may check a password: at sign-in, or the
 * current one when changing it. Unless locked, the attempt is recorded as a
 * failure in the same transaction (the write lock is held from its start,
 * across processes too), and a slowed attempt has waited its delay when this
 * returns. `signInSucceeded` clears it.
 */
export async function admitSignIn(
  login: string,
  ip: string | null,
  now: Date = new Date(),
): Promise<Admission> {
  const admission = await getDb()
    .transaction()
    .execute(async (trx) => {
      const key = { account: await accountKey(trx, login), address: ip ?? "unknown" };
      const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
      const decision = signInDecision(
        {
          pair: await recent(trx, since, PAIR_LIMITS.lockAfter, key),
          address: await recent(trx, since, ADDRESS_LIMITS.lockAfter, { address: key.address }),
          account: await recent(trx, since, ACCOUNT_LIMITS.lockAfter, { account: key.account }),
        },
        now,
      );
      if (decision.locked) return { admission: decision, delayMs: 0 };
      const { id } = await trx.insertInto("sign_in_attempts").values({ ...key, at: now.toISOString() }).returning("id").executeTakeFirstOrThrow();
      await trx.deleteFrom("sign_in_attempts").where("at", "<", new Date(now.getTime() - KEEP_MS).toISOString()).execute();
      return { admission: { locked: false as const, attempt: { id, ...key } }, delayMs: decision.delayMs };
    });
  if (admission.delayMs) await sleep(admission.delayMs);
  return admission.admission;
}

/**
 * After a successful password check: this address's failures on the account
 * go, the attempt's own row among them. Failures from other addresses stay:
 * the owner signing in does not wipe out a stranger's record.
 */
export async function signInSucceeded(attempt: SignInAttempt): Promise<void> {
  await getDb().deleteFrom("sign_in_attempts").where("account", "=", attempt.account).where("address", "=", attempt.address).execute();
}

/** An attempt whose password was never checked (the server was busy, or the form was stale) is not a failure. */
export async function signInNotChecked(attempt: SignInAttempt): Promise<void> {
  await getDb().deleteFrom("sign_in_attempts").where("id", "=", attempt.id).execute();
}
