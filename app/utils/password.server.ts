import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { Slots } from "./slots";

// OWASP's recommended scrypt cost for interactive logins (N=2^17, r=8, p=1).
const PARAMS = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

/**
 * Each hash at the production cost takes ~128 MB and a thread-pool thread
 * for about a second. Two run at once (the machine's cores); up to 16
 * sign-ins wait behind them, and a sign-in past that is told the server is
 * busy (SlotsFull) rather than waiting behind a burst of guesses. Setting a
 * password (an admin, a user's own change) always waits its turn.
 */
export const passwordHashSlots = new Slots(2, 16);

function scrypt(password: string, salt: Buffer, params: ScryptOptions, refuseWhenFull: boolean): Promise<Buffer> {
  return passwordHashSlots.run(
    () =>
      new Promise<Buffer>((resolve, reject) => scryptCb(password.normalize("NFC"), salt, KEY_LENGTH, params, (err, key) => (err ? reject(err) : resolve(key)))),
    { refuseWhenFull },
  );
}

/** `scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking old hashes. */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { ...params, maxmem: PARAMS.maxmem }, false);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Throws SlotsFull when too many checks are already waiting (see passwordHashSlots). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(
    password,
    Buffer.from(salt, "base64"),
    {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: PARAMS.maxmem,
    },
    true,
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash to verify against when the user does not exist, so a wrong user
 * name costs the same time as a wrong password.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
