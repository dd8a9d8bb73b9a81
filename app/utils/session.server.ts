import { createCookie, redirect } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { getDb } from "./db.server";
import { env } from "./env.server";

export { safeRedirectTo } from "./redirect-target";

export const SESSION_COOKIE = "gb_session";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  const e = env();
  cookie ??= createCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [e.SESSION_SECRET],
    maxAge: e.SESSION_DAYS * 24 * 60 * 60,
  });
  return cookie;
}

/**
 * Whether the browser reached us over https — directly, or through a proxy
 * trusted with TRUST_PROXY, whose X-Forwarded-Proto the server has already
 * applied to the request's URL. The session cookie is `Secure` exactly then:
 * a browser drops a `Secure` cookie set over plain http, so a colleague
 * trying the server from another machine on the LAN would land back on the
 * sign-in page with no word of why.
 */
export function overHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/** Only the hash of a token is stored, so a copy of the database cannot be used to sign in. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  userId: number,
  meta: { ip: string | null; userAgent: string | null; secure: boolean },
  now: Date = new Date(),
  db: Kysely<Database> = getDb(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expires = new Date(now.getTime() + env().SESSION_DAYS * 24 * 60 * 60 * 1000);
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: expires.toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  // Expired sessions are swept on sign-in rather than by a timer.
  await db.deleteFrom("sessions").where("expires_at", "<=", now.toISOString()).execute();
  return sessionCookie().serialize(token, { secure: meta.secure });
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function destroySession(request: Request, db: Kysely<Database> = getDb()): Promise<string> {
  const token = await readSessionToken(request);
  if (token) await db.deleteFrom("sessions").where("id", "=", hashToken(token)).execute();
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0), secure: overHttps(request) });
}

export function redirectToLogin(request: Request, reason?: "expired"): never {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  if (reason) params.set("reason", reason);
  throw redirect(`/login?${params}`);
}
