/**
 * Sign-in throttling: repeated failures slow down, then lock, per account
 * and per client address. Pure: from the recent failure times to a decision.
 */
export const WINDOW_MINUTES = 15;
/** One account: slow from the 3rd failure, locked at the 5th. */
export const ACCOUNT_LIMITS = { slowAfter: 3, lockAfter: 5 } as const;
/** One address (a whole office may share it behind NAT): slow from the 10th, locked at the 30th. */
export const IP_LIMITS = { slowAfter: 10, lockAfter: 30 } as const;
const STEP_MS = 500;
const MAX_DELAY_MS = 2000;

export type ThrottleDecision = { locked: false; delayMs: number } | { locked: true; retryAfterMinutes: number };

/**
 * `failures` are ISO instants of failures within the window, any order.
 * Locked when there are at least `lockAfter`; the lock lifts WINDOW minutes
 * after the failure that reached the limit.
 */
export function throttleDecision(
  failures: readonly string[],
  now: Date,
  { slowAfter, lockAfter }: { slowAfter: number; lockAfter: number },
): ThrottleDecision {
  const windowStart = now.getTime() - WINDOW_MINUTES * 60_000;
  const recent = failures.map((f) => new Date(f).getTime()).filter((t) => t > windowStart).sort((a, b) => b - a);
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
