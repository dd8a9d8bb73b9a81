/**
 * Sign-in throttling: repeated failures slow down, then lock. Pure: from the
 * recent failure times to a decision. Three counts, the strictest wins
 * (docs/decisions/0020-sign-in-throttling.md):
 * - one name from one address: a stranger's guesses lock only the
 *   stranger's address out of that name, never its owner elsewhere;
 * - one address, whatever the accounts: one machine trying many names;
 * - one account from every address: guesses spread over many addresses slow
 *   down, and only a flood locks the account, for one window at most.
 */
export const WINDOW_MINUTES = 15;
/** One name (as typed, case folded) from one address: slow from the 3rd failure, locked at the 5th. */
export const PAIR_LIMITS = { slowAfter: 3, lockAfter: 5 } as const;
/** One address (a whole office may share it behind NAT): slow from the 10th, locked at the 30th. */
export const ADDRESS_LIMITS = { slowAfter: 10, lockAfter: 30 } as const;
/** One account from all addresses: slow from the 10th, locked only at the 100th. */
export const ACCOUNT_LIMITS = { slowAfter: 10, lockAfter: 100 } as const;
const STEP_MS = 500;
const MAX_DELAY_MS = 2000;

export type ThrottleDecision = { locked: false; delayMs: number } | { locked: true; retryAfterMinutes: number };

/**
 * `failures` are ISO instants of failures within the window, any order.
 * Locked when there are at least `lockAfter`; the lock lifts WINDOW minutes
 * after the failure that reached the limit.
 */
export function throttleDecision(failures: readonly string[], now: Date, { slowAfter, lockAfter }: { slowAfter: number; lockAfter: number }): ThrottleDecision {
  const windowStart = now.getTime() - WINDOW_MINUTES * 60_000;
  const recent = failures
    .map((f) => new Date(f).getTime())
    .filter((t) => t > windowStart)
    .sort((a, b) => b - a);
  if (recent.length >= lockAfter) {
    const reached = recent[lockAfter - 1];
    const until = reached + WINDOW_MINUTES * 60_000;
    return { locked: true, retryAfterMinutes: Math.max(1, Math.ceil((until - now.getTime()) / 60_000)) };
  }
  const over = recent.length - slowAfter + 1;
  return { locked: false, delayMs: over > 0 ? Math.min(MAX_DELAY_MS, over * STEP_MS) : 0 };
}

/** The stricter of two decisions. */
export function stricter(a: ThrottleDecision, b: ThrottleDecision): ThrottleDecision {
  if (a.locked && b.locked) return a.retryAfterMinutes >= b.retryAfterMinutes ? a : b;
  if (a.locked) return a;
  if (b.locked) return b;
  return { locked: false, delayMs: Math.max(a.delayMs, b.delayMs) };
}

export interface RecentFailures {
  /** This name, as typed, from this address. */
  pair: readonly string[];
  /** This address, any account. */
  address: readonly string[];
  /** This account, any address. */
  account: readonly string[];
}

/** The decision for one attempt from the failures before it. */
export function signInDecision(failures: RecentFailures, now: Date): ThrottleDecision {
  return [
    throttleDecision(failures.pair, now, PAIR_LIMITS),
    throttleDecision(failures.address, now, ADDRESS_LIMITS),
    throttleDecision(failures.account, now, ACCOUNT_LIMITS),
  ].reduce(stricter);
}

/**
 * The key an address is counted under. One IPv6 host is handed a whole /64
 * (2^64 addresses), so IPv6 is counted by its /64; an IPv4 address written
 * as IPv6 (`::ffff:a.b.c.d`) is that IPv4 address.
 */
export function addressKey(ip: string | null): string {
  if (!ip) return "unknown";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(":")) return ip;
  const [head, tail = ""] = ip.replace(/%.*$/, "").toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(":")}::/64`;
}

/**
 * What was typed as it is counted: sign-in matches user names and e-mails
 * without regard to ASCII case (the columns are COLLATE NOCASE), so "CHUTRI"
 * and "chutri" are one name — whether or not an account has it, so the
 * count tells nothing about which names exist.
 */
export function loginKey(login: string): string {
  return login
    .trim()
    .normalize("NFC")
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}
