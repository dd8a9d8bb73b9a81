/**
 * Sign-in throttling against the database (docs/decisions/0020). An attempt
 * is admitted (or refused) and recorded in one transaction, before its
 * password is checked: guesses sent in parallel are counted as they arrive,
 * so the fifth one from an address finds four already there, whatever their
 * passwords turn out to be. A successful attempt is then deleted, with its
 * address's earlier failures on that account; what stays are the failures.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import { SlotsFull } from "~/utils/slots";
import { ACCOUNT_LIMITS, ADDRESS_LIMITS, addressKey, loginKey, PAIR_LIMITS, signInDecision, WINDOW_MINUTES } from "./throttle-rules";

/** Failures are kept a day (they are swept as new attempts arrive); only the window's count. */
const KEEP_MS = 24 * 60 * 60_000;
/** Password checks one address may have waiting or running at once: a burst from one host cannot fill the hash queue. */
export const MAX_CHECKS_PER_ADDRESS = 4;
const inFlight = new Map<string, number>();

interface SignInAttempt {
  id: number;
  account: string;
  address: string;
}

/** How a password check went: a success clears, a failure counts, an attempt that checked nothing (a stale form) does neither. */
export type CheckOutcome = "success" | "failure" | "not-checked";

export type Throttled<T> = { status: "locked"; retryAfterMinutes: number } | { status: "busy" } | { status: "checked"; outcome: CheckOutcome; value: T };

/**
 * What a refused check tells the user, and when to come back: a lock for
 * its minutes (429), a busy server for a few seconds (503).
 */
export function throttleRefusal(result: Exclude<Throttled<unknown>, { status: "checked" }>): {
  message: { key: "login.locked" | "login.busy"; minutes: number };
  init: ResponseInit;
} {
  if (result.status === "locked") {
    const minutes = result.retryAfterMinutes;
    return { message: { key: "login.locked", minutes }, init: { status: 429, headers: { "Retry-After": String(minutes * 60) } } };
  }
  return { message: { key: "login.busy", minutes: 0 }, init: { status: 503, headers: { "Retry-After": "5" } } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The account sign-in will find for what was typed (user name or e-mail, ASCII case ignored), or the name itself. */
async function accountKey(db: Kysely<Database>, login: string): Promise<string> {
  const user = login
    ? await db
        .selectFrom("users")
        .where((eb) => eb.or([eb("username", "=", login), eb("email", "=", login)]))
        .select("id")
        .executeTakeFirst()
    : undefined;
  return user ? `user:${user.id}` : `name:${login}`;
}

/** The latest failures of one kind, no more than its lock needs. */
function recent(db: Kysely<Database>, since: string, limit: number, where: { account?: string; login?: string; address?: string }) {
  let q = db.selectFrom("sign_in_attempts").where("at", ">", since);
  if (where.account !== undefined) q = q.where("account", "=", where.account);
  if (where.login !== undefined) q = q.where("login", "=", where.login);
  if (where.address !== undefined) q = q.where("address", "=", where.address);
  return q
    .orderBy("at", "desc")
    .limit(limit)
    .select("at")
    .execute()
    .then((rows) => rows.map((r) => r.at));
}

/**
 * Admits an attempt, unless locked, recording it as a failure in the same
 * transaction (the write lock is held from its start, across processes too).
 */
async function admit(typed: string, address: string, now: Date) {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const login = loginKey(typed);
      const account = await accountKey(trx, login);
      const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
      const decision = signInDecision(
        {
          pair: await recent(trx, since, PAIR_LIMITS.lockAfter, { login, address }),
          address: await recent(trx, since, ADDRESS_LIMITS.lockAfter, { address }),
          account: await recent(trx, since, ACCOUNT_LIMITS.lockAfter, { account }),
        },
        now,
      );
      if (decision.locked) return decision;
      const { id } = await trx
        .insertInto("sign_in_attempts")
        .values({ account, login, address, at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .deleteFrom("sign_in_attempts")
        .where("at", "<", new Date(now.getTime() - KEEP_MS).toISOString())
        .execute();
      return { locked: false as const, delayMs: decision.delayMs, attempt: { id, account, address } satisfies SignInAttempt };
    });
}

/**
 * Checks a password under the throttle: at sign-in, or the current one when
 * changing it. The attempt is counted before `check` runs; a slowed one
 * waits its delay first. After `check`:
 * - a success deletes this address's failures on the account, its own among
 *   them (a stranger's failures from elsewhere stay);
 * - a failure stays counted;
 * - an attempt that checked nothing is forgotten.
 * When too many checks are already queued (the address's own, or the
 * server's), the answer is "busy", and the attempt still counts for the
 * address: a flood cannot make itself free.
 */
export async function throttledPasswordCheck<T>(
  typed: string,
  ip: string | null,
  check: () => Promise<{ outcome: CheckOutcome; value: T }>,
  now: Date = new Date(),
): Promise<Throttled<T>> {
  const address = addressKey(ip);
  const admission = await admit(typed, address, now);
  if (admission.locked) return { status: "locked", retryAfterMinutes: admission.retryAfterMinutes };
  const { attempt } = admission;
  const running = inFlight.get(address) ?? 0;
  if (running >= MAX_CHECKS_PER_ADDRESS) return { status: "busy" };
  inFlight.set(address, running + 1);
  try {
    if (admission.delayMs) await sleep(admission.delayMs);
    const checked = await check();
    const db = getDb();
    if (checked.outcome === "success") {
      await db.deleteFrom("sign_in_attempts").where("account", "=", attempt.account).where("address", "=", attempt.address).execute();
    } else if (checked.outcome === "not-checked") {
      await db.deleteFrom("sign_in_attempts").where("id", "=", attempt.id).execute();
    }
    return { status: "checked", ...checked };
  } catch (e) {
    if (e instanceof SlotsFull) return { status: "busy" };
    throw e;
  } finally {
    const left = (inFlight.get(address) ?? 1) - 1;
    if (left > 0) inFlight.set(address, left);
    else inFlight.delete(address);
  }
}
