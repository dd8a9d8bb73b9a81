import { describe, expect, it } from "vitest";
import { ACCOUNT_LIMITS, IP_LIMITS, stricter, throttleDecision } from "./throttle-rules";

const now = new Date("2023-04-07T01:00:00.000Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

describe("sign-in throttling", () => {
  it("lets the first failures through at once, then slows down", () => {
    expect(throttleDecision([], now, ACCOUNT_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision([ago(1)], now, ACCOUNT_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision([ago(1), ago(2)], now, ACCOUNT_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision([ago(1), ago(2), ago(3)], now, ACCOUNT_LIMITS)).toEqual({ locked: false, delayMs: 500 });
    expect(throttleDecision([ago(1), ago(2), ago(3), ago(4)], now, ACCOUNT_LIMITS)).toEqual({ locked: false, delayMs: 1000 });
  });

  it("locks at the limit and says for how long", () => {
    expect(throttleDecision([ago(1), ago(2), ago(3), ago(4), ago(5)], now, ACCOUNT_LIMITS)).toEqual({ locked: true, retryAfterMinutes: 10 });
  });

  it("forgets failures older than the window", () => {
    expect(throttleDecision([ago(16), ago(17), ago(18), ago(19), ago(20)], now, ACCOUNT_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision([ago(1), ago(2), ago(3), ago(4), ago(16)], now, ACCOUNT_LIMITS)).toEqual({ locked: false, delayMs: 1000 });
  });

  it("is more patient with an address, which a whole office may share", () => {
    const nine = Array.from({ length: 9 }, (_, i) => ago(i + 1));
    expect(throttleDecision(nine, now, IP_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    const thirty = Array.from({ length: 30 }, (_, i) => ago(i / 4));
    expect(throttleDecision(thirty, now, IP_LIMITS).locked).toBe(true);
  });

  it("takes the stricter of the account's and the address's decisions", () => {
    expect(stricter({ locked: false, delayMs: 500 }, { locked: true, retryAfterMinutes: 3 })).toEqual({ locked: true, retryAfterMinutes: 3 });
    expect(stricter({ locked: false, delayMs: 500 }, { locked: false, delayMs: 1500 })).toEqual({ locked: false, delayMs: 1500 });
  });
});
