import { data, redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database, Locale, SeriesRole, UserRole } from "../../db/schema";
import { getDb } from "./db.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import type { Actor } from "./permissions";
import { hashToken, readSessionToken, redirectToLogin } from "./session.server";

/** The signed-in user as every loader sees it. */
export interface SessionUser extends Actor {
  username: string;
  fullName: string;
  title: string | null;
  email: string | null;
  locale: Locale;
  agencyNameVi: string | null;
  agencyNameEn: string | null;
  seriesRoles: Array<{ seriesId: number; role: SeriesRole; seriesNameVi: string; seriesNameEn: string }>;
  /** An administrator reset the password: until the user changes it, every page sends them to PASSWORD_CHANGE_PATH. */
  mustChangePassword: boolean;
}

/** Tài khoản → Đổi mật khẩu (app/routes/account_.password.tsx). */
export const PASSWORD_CHANGE_PATH = "/account/password";

export async function getSessionUser(request: Request, now: Date = new Date(), db: Kysely<Database> = getDb()): Promise<SessionUser | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .leftJoin("agencies", "agencies.id", "users.agency_id")
    .where("sessions.id", "=", hashToken(token))
    .where("sessions.expires_at", ">", now.toISOString())
    .where("users.active", "=", 1)
    .select([
      "users.id",
      "users.username",
      "users.full_name",
      "users.title",
      "users.email",
      "users.role",
      "users.agency_id",
      "users.locale",
      "users.must_change_password",
      "agencies.name_vi as agency_name_vi",
      "agencies.name_en as agency_name_en",
    ])
    .executeTakeFirst();
  if (!row) return null;
  const seriesRoles = await db
    .selectFrom("series_members")
    .innerJoin("series", "series.id", "series_members.series_id")
    .where("series_members.user_id", "=", row.id)
    .select(["series.id as seriesId", "series_members.role", "series.name_vi", "series.name_en"])
    .execute();
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    title: row.title,
    email: row.email,
    role: row.role,
    agencyId: row.agency_id,
    active: true,
    locale: row.locale,
    agencyNameVi: row.agency_name_vi,
    agencyNameEn: row.agency_name_en,
    seriesRoles: seriesRoles.map((r) => ({
      seriesId: r.seriesId,
      role: r.role,
      seriesNameVi: r.name_vi,
      seriesNameEn: r.name_en,
    })),
    mustChangePassword: row.must_change_password === 1,
  };
}

/**
 * First line of every protected loader and action: the user, or a redirect
 * to sign in. A user whose password an administrator reset is sent to change
 * it first, with the way back; only the change-password page itself passes
 * `{ passwordChange: true }` to be let through.
 */
export async function requireUser(request: Request, options: { passwordChange?: boolean } = {}): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const hadCookie = (await readSessionToken(request)) !== null;
    redirectToLogin(request, hadCookie ? "expired" : undefined);
  }
  if (user.mustChangePassword && !options.passwordChange) redirectToPasswordChange(request);
  return user;
}

function redirectToPasswordChange(request: Request): never {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  throw redirect(`${PASSWORD_CHANGE_PATH}?${params}`);
}

export async function requireRole(request: Request, roles: readonly UserRole[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw data({ status: 403 }, { status: 403 });
  return user;
}

/**
 * Checks a user name (or e-mail) and password. One answer for every failure,
 * in the same time, so the form does not reveal which accounts exist.
 */
export async function verifyLogin(login: string, password: string, db: Kysely<Database> = getDb()): Promise<{ id: number; locale: Locale } | null> {
  const key = login.trim().normalize("NFC");
  const user = await db
    .selectFrom("users")
    .where((eb) => eb.or([eb("username", "=", key), eb("email", "=", key)]))
    .select(["id", "password_hash", "active", "locale"])
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.active !== 1) return null;
  return { id: user.id, locale: user.locale };
}
