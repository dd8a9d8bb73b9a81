/**
 * User accounts: the register and every change to it, each through
 * `write`: one transaction with its audit event. Password hashes never
 * leave this module and never reach the audit history.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { savedSince } from "~/features/admin/admin-forms";
import { nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { refuse, submittedBefore, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { revokeCalendarLinksOf } from "~/features/calendar/calendar.server";
import { refusingClashes } from "~/features/admin/db-errors.server";
import { matchesSearch, paginate } from "~/features/admin/listing";
import type { NewUserInput, PasswordOwner, UserFilters, UserProfileInput } from "./users-schemas";

/** Every column but the password hash: what pages and the audit history may see. */
const PUBLIC_COLUMNS = ["id", "username", "email", "full_name", "title", "role", "agency_id", "locale", "active", "created_at", "updated_at"] as const;

export async function listUsers(filters: UserFilters, db: Kysely<Database> = getDb()) {
  let query = db
    .selectFrom("users as u")
    .leftJoin("agencies as a", "a.id", "u.agency_id")
    .select([
      "u.id",
      "u.username",
      "u.email",
      "u.full_name",
      "u.title",
      "u.role",
      "u.active",
      "u.agency_id",
      "a.code as agency_code",
      "a.name_vi as agency_name_vi",
      "a.name_en as agency_name_en",
    ])
    .orderBy("u.username");
  if (filters.role) query = query.where("u.role", "=", filters.role);
  if (filters.agencyId !== null) query = query.where("u.agency_id", "=", filters.agencyId);
  if (filters.active !== null) query = query.where("u.active", "=", filters.active ? 1 : 0);
  const rows = (await query.execute()).filter((r) => matchesSearch(filters.q, [r.full_name, r.username, r.email, r.title, r.agency_code]));
  return { page: paginate(rows, filters.page), counts: await countUsers(db) };
}
export type UserListRow = Awaited<ReturnType<typeof listUsers>>["page"]["rows"][number];

export async function countUsers(db: Kysely<Database> = getDb()) {
  const row = await db
    .selectFrom("users")
    .select((eb) => [eb.fn.countAll<number>().as("all"), eb.fn.sum<number>("active").as("active")])
    .executeTakeFirstOrThrow();
  const active = Number(row.active ?? 0);
  return { all: row.all, active, inactive: row.all - active };
}

export async function getUser(id: number, db: Kysely<Database> = getDb()) {
  const user = await db
    .selectFrom("users as u")
    .leftJoin("agencies as a", "a.id", "u.agency_id")
    .where("u.id", "=", id)
    .select(PUBLIC_COLUMNS.map((c) => `u.${c}` as const))
    .select(["a.code as agency_code", "a.name_vi as agency_name_vi", "a.name_en as agency_name_en"])
    // Not among PUBLIC_COLUMNS: a credential's state, kept out of the profile's audit events.
    .select("u.must_change_password")
    .executeTakeFirst();
  if (!user) return null;
  const [sessions, seats] = await Promise.all([
    db
      .selectFrom("sessions")
      .where("user_id", "=", id)
      .where("expires_at", ">", nowIso())
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("series_members as m")
      .innerJoin("series as s", "s.id", "m.series_id")
      .where("m.user_id", "=", id)
      .select(["s.id as series_id", "s.name_vi", "s.name_en", "m.role"])
      .orderBy("s.code")
      .execute(),
  ]);
  return { ...user, openSessions: sessions.n, seriesSeats: seats };
}

/** Agencies a user can be placed in: the active ones, plus the current one so it stays visible. */
export async function agencyChoices(currentAgencyId: number | null = null, db: Kysely<Database> = getDb()) {
  return db
    .selectFrom("agencies")
    .select(["id", "code", "name_vi", "name_en", "active"])
    .where((eb) => (currentAgencyId === null ? eb("active", "=", 1) : eb.or([eb("active", "=", 1), eb("id", "=", currentAgencyId)])))
    .orderBy("code")
    .execute();
}

/** Every agency, for the list filter (an inactive agency's former staff can still be found). */
export async function allAgencies(db: Kysely<Database> = getDb()) {
  return db.selectFrom("agencies").select(["id", "code", "name_vi", "name_en", "active"]).orderBy("code").execute();
}

async function checkUser(
  trx: Transaction<Database>,
  userId: number | null,
  input: { username?: string; email: string | null; agencyId: number | null },
  currentAgencyId: number | null,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (input.username !== undefined) {
    const clash = await trx.selectFrom("users").select("id").where("username", "=", input.username).executeTakeFirst();
    if (clash) errors.username = { key: "admin.user.usernameTaken" };
  }
  if (input.email !== null) {
    let clash = trx.selectFrom("users").select("id").where("email", "=", input.email);
    if (userId !== null) clash = clash.where("id", "!=", userId);
    if (await clash.executeTakeFirst()) errors.email = { key: "admin.user.emailTaken" };
  }
  if (input.agencyId !== null) {
    const agency = await trx.selectFrom("agencies").select(["id", "active"]).where("id", "=", input.agencyId).executeTakeFirst();
    if (!agency) errors.agencyId = { key: "admin.user.agencyMissing" };
    // An account may stay in an agency that was deactivated since, but not be moved into one.
    else if (agency.active !== 1 && agency.id !== currentAgencyId) errors.agencyId = { key: "admin.user.agencyInactive" };
  }
  return errors;
}

/** Both are checked first; a clash the checks could not see is refused the same way. */
const ACCOUNT_CLASHES: Record<string, FieldErrors> = {
  "users.username": { username: { key: "admin.user.usernameTaken" } },
  "users.email": { email: { key: "admin.user.emailTaken" } },
};

export async function createUser(actor: { id: number }, input: NewUserInput, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  // Hashing is slow on purpose; do it before taking the write lock.
  const passwordHash = await hashPassword(input.password);
  return refusingClashes(
    write(
      actor,
      async (trx) => {
        const errors = await checkUser(trx, null, input, null);
        if (Object.keys(errors).length) throw refuse.invalid(errors);
        const at = nowIso();
        const created = await trx
          .insertInto("users")
          .values({
            username: input.username,
            email: input.email,
            full_name: input.fullName,
            title: input.title,
            password_hash: passwordHash,
            // The administrator knows this password: the user chooses their own at the first sign-in.
            must_change_password: 1,
            role: input.role,
            agency_id: input.agencyId,
            active: 1,
            created_at: at,
            updated_at: at,
          })
          .returning(PUBLIC_COLUMNS)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { actorUserId: actor.id, action: "user.created", entityType: "user", entityId: created.id, after: created });
        return { id: created.id };
      },
      options,
    ),
    ACCOUNT_CLASHES,
  );
}

/** `seen`: the record's updated_at as the form was drawn; a save over a newer record is refused (409). */
export async function updateUser(
  actor: { id: number },
  id: number,
  input: UserProfileInput,
  seen: string | undefined,
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  return refusingClashes(
    write(
      actor,
      async (trx) => {
        const before = await trx.selectFrom("users").select(PUBLIC_COLUMNS).where("id", "=", id).executeTakeFirst();
        if (!before) throw refuse.notFound();
        if (savedSince(before.updated_at, seen)) throw refuse.conflict("admin.stale");
        const errors = await checkUser(trx, id, input, before.agency_id);
        // Taking away one's own admin role could leave the province with no administrator.
        if (id === actor.id && before.role === "admin" && input.role !== "admin") {
          errors.role = { key: "admin.user.cannotDemoteSelf" };
        }
        if (Object.keys(errors).length) throw refuse.invalid(errors);
        const after = await trx
          .updateTable("users")
          .set({
            full_name: input.fullName,
            title: input.title,
            email: input.email,
            role: input.role,
            agency_id: input.agencyId,
            updated_at: nowIso(),
          })
          .where("id", "=", id)
          .returning(PUBLIC_COLUMNS)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { actorUserId: actor.id, action: "user.updated", entityType: "user", entityId: id, before, after });
        return { id };
      },
      options,
    ),
    ACCOUNT_CLASHES,
  );
}

/** What a password must not be made of (password-rules.ts); null for an unknown id. */
export async function passwordOwner(id: number, db: Kysely<Database> = getDb()): Promise<PasswordOwner | null> {
  const row = await db.selectFrom("users").select(["username", "full_name", "email"]).where("id", "=", id).executeTakeFirst();
  return row ? { username: row.username, fullName: row.full_name, email: row.email } : null;
}

/**
 * Deactivating signs the user out at once: their sessions are deleted and
 * their calendar link revoked in the same transaction, so reactivating the
 * account later does not bring an old feed address back. An administrator
 * cannot lock themself out.
 */
export async function setUserActive(actor: { id: number }, id: number, active: boolean, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  if (!active && id === actor.id) return refuse.invalid({ confirm: { key: "admin.user.cannotDeactivateSelf" } }).outcome;
  return write(
    actor,
    async (trx) => {
      const before = await trx.selectFrom("users").select(PUBLIC_COLUMNS).where("id", "=", id).executeTakeFirst();
      if (!before) throw refuse.notFound();
      const after = await trx
        .updateTable("users")
        .set({ active: active ? 1 : 0, updated_at: nowIso() })
        .where("id", "=", id)
        .returning(PUBLIC_COLUMNS)
        .executeTakeFirstOrThrow();
      if (!active) {
        await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
        await revokeCalendarLinksOf(trx, id, actor.id);
      }
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: active ? "user.reactivated" : "user.deactivated",
        entityType: "user",
        entityId: id,
        before,
        after,
      });
      return { id };
    },
    options,
  );
}

/**
 * The administrator sets a new password: every open session of that user
 * ends, their calendar link is revoked, and — since the administrator now
 * knows it — the user must replace it at the next sign-in. An administrator
 * resetting their own password is the only one who knows it: no forced change.
 */
export async function resetPassword(actor: { id: number }, id: number, password: string, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  const passwordHash = await hashPassword(password);
  const mustChange = id === actor.id ? 0 : 1;
  return write(
    actor,
    async (trx) => {
      const changed = await trx
        .updateTable("users")
        .set({ password_hash: passwordHash, must_change_password: mustChange, updated_at: nowIso() })
        .where("id", "=", id)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) throw refuse.notFound();
      const ended = await trx.deleteFrom("sessions").where("user_id", "=", id).executeTakeFirst();
      const revoked = await revokeCalendarLinksOf(trx, id, actor.id);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "user.password_reset",
        entityType: "user",
        entityId: id,
        after: { password_reset: true, must_change_password: mustChange, sessions_ended: Number(ended.numDeletedRows), calendar_links_revoked: revoked },
      });
      return { id };
    },
    options,
  );
}

/**
 * The user changes their own password. The current one is checked first
 * (a wrong one changes nothing); then, in one transaction with its audit
 * event, the new hash is stored, a forced change is cleared, every session
 * of the user ends (the caller signs this browser in again with a new one)
 * and their calendar link is revoked.
 */
export async function changeOwnPassword(
  user: { id: number },
  currentPassword: string,
  newPassword: string,
  options: WriteOptions = {},
): Promise<Outcome<{ changed: true }>> {
  const db = options.db ?? getDb();
  const checked = await db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
  // A resend of a change already stored gets its first answer from write(), not "wrong current password".
  if (await submittedBefore(user, options.formKey, db)) return write(user, async () => ({ changed: true as const }), options);
  if (!(await verifyPassword(currentPassword, checked.password_hash))) {
    return refuse.invalid({ currentPassword: { key: "account.password.wrongCurrent" } }).outcome;
  }
  // Hashing is slow on purpose; do it before taking the write lock.
  const passwordHash = await hashPassword(newPassword);
  return write(
    user,
    async (trx) => {
      const before = await trx.selectFrom("users").select(["password_hash", "must_change_password"]).where("id", "=", user.id).executeTakeFirstOrThrow();
      // Reset or changed elsewhere since the check: the password typed as current no longer is.
      if (before.password_hash !== checked.password_hash) throw refuse.invalid({ currentPassword: { key: "account.password.stale" } });
      await trx.updateTable("users").set({ password_hash: passwordHash, must_change_password: 0, updated_at: nowIso() }).where("id", "=", user.id).execute();
      const ended = await trx.deleteFrom("sessions").where("user_id", "=", user.id).executeTakeFirst();
      const revoked = await revokeCalendarLinksOf(trx, user.id, user.id);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "user.password_changed",
        entityType: "user",
        entityId: user.id,
        before: { must_change_password: before.must_change_password },
        after: { must_change_password: 0, sessions_ended: Number(ended.numDeletedRows), calendar_links_revoked: revoked },
      });
      return { changed: true as const };
    },
    options,
  );
}
