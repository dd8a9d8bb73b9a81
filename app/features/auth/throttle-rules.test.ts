import { describe, expect, it } from "vitest";
import { ACCOUNT_LIMITS, ADDRESS_LIMITS, addressKey, loginKey, PAIR_LIMITS, signInDecision, stricter, throttleDecision } from "./throttle-rules";

const now = new Date("2023-04-07T01:00:00.000Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

describe("sign-in throttling", () => {
  it("lets the first failures through at once, then slows down", () => {
    expect(throttleDecision([], now, PAIR_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision([ago(1)], now, PAIR_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision([ago(1), ago(2)], now, PAIR_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision([ago(1), ago(2), ago(3)], now, PAIR_LIMITS)).toEqual({ locked: false, delayMs: 500 });
    expect(throttleDecision([ago(1), ago(2), ago(3), ago(4)], now, PAIR_LIMITS)).toEqual({ locked: false, delayMs: 1000 });
  });

  it("locks at the limit and says for how long", () => {
    expect(throttleDecision([ago(1), ago(2), ago(3), ago(4), ago(5)], now, PAIR_LIMITS)).toEqual({ locked: true, retryAfterMinutes: 10 });
  });

  it("forgets failures older than the window", () => {
    expect(throttleDecision([ago(16), ago(17), ago(18), ago(19), ago(20)], now, PAIR_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision([ago(1), ago(2), ago(3), ago(4), ago(16)], now, PAIR_LIMITS)).toEqual({ locked: false, delayMs: 1000 });
  });

  it("is more patient with an address, which a whole office may share", () => {
    const nine = Array.from({ length: 9 }, (_, i) => ago(i + 1));
    expect(throttleDecision(nine, now, ADDRESS_LIMITS)).toEqual({ locked: false, delayMs: 0 });
    const thirty = Array.from({ length: 30 }, (_, i) => ago(i / 4));
    expect(throttleDecision(thirty, now, ADDRESS_LIMITS).locked).toBe(true);
  });

  it("takes the stricter of the account's and the address's decisions", () => {
    expect(stricter({ locked: false, delayMs: 500 }, { locked: true, retryAfterMinutes: 3 })).toEqual({ locked: true, retryAfterMinutes: 3 });
    expect(stricter({ locked: false, delayMs: 500 }, { locked: false, delayMs: 1500 })).toEqual({ locked: false, delayMs: 1500 });
  });

  describe("one attempt's decision", () => {
    const times = (n: number) => Array.from({ length: n }, (_, i) => ago((i + 1) / 10));
    const none = { pair: [], address: [], account: [] };

    it("locks a stranger's address out of an account after 5 failures there, whatever the other counts", () => {
      expect(signInDecision({ ...none, pair: times(5), address: times(5), account: times(5) }, now).locked).toBe(true);
    });

    it("lets the account's owner in from elsewhere, unslowed, while a stranger's 5 failures stand", () => {
      expect(signInDecision({ pair: [], address: [], account: times(5) }, now)).toEqual({ locked: false, delayMs: 0 });
    });

    it("slows down guesses spread over many addresses from the 10th, and locks the account only at the 100th", () => {
      expect(signInDecision({ ...none, account: times(9) }, now)).toEqual({ locked: false, delayMs: 0 });
      expect(signInDecision({ ...none, account: times(12) }, now)).toEqual({ locked: false, delayMs: 1500 });
      expect(signInDecision({ ...none, account: times(99) }, now).locked).toBe(false);
      expect(signInDecision({ ...none, account: times(ACCOUNT_LIMITS.lockAfter) }, now).locked).toBe(true);
    });

    it("a flood locks the account for one window at most", () => {
      const flood = Array.from({ length: 100 }, () => ago(1));
      expect(signInDecision({ ...none, account: flood }, now)).toEqual({ locked: true, retryAfterMinutes: 14 });
      expect(signInDecision({ ...none, account: flood }, new Date(now.getTime() + 14 * 60_000)).locked).toBe(false);
    });

    it("locks an address trying many accounts at 30", () => {
      expect(signInDecision({ ...none, address: times(29) }, now).locked).toBe(false);
      expect(signInDecision({ ...none, address: times(30) }, now).locked).toBe(true);
    });
  });
});

describe("the keys attempts are counted under", () => {
  it.each([
    [null, "unknown"],
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::FFFF:10.0.0.1", "10.0.0.1"],
    ["2001:db8:0:7::1", "2001:db8:0:7::/64"],
    ["2001:0db8:0000:0007:ffff:0:0:99", "2001:db8:0:7::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("an address %s is counted as %s", (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });

  it("folds a name's ASCII case as sign-in matches it, and leaves other letters as typed (NFC), as NOCASE does", () => {
    expect(loginKey("  ChuTri ")).toBe("chutri");
    expect(loginKey("HEAD.A@Example.Test")).toBe("head.a@example.test");
    expect(loginKey("ĐẠT".normalize("NFD"))).toBe("ĐẠt".normalize("NFC"));
  });
});
