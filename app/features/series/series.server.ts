/**
 * Briefing series (chuỗi giao ban): their details, their chairs and
 * secretaries, and their member agencies. Every change goes through
 * `write`: one transaction with its audit event.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { savedSince } from "~/features/admin/admin-forms";
import { nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { refusingClashes } from "~/features/admin/db-errors.server";
import { fitsSeriesRole } from "~/features/users/users-rules";
import { DEFAULT_ARCHIVE, DEFAULT_SIGNER_AUTHORITY, DEFAULT_SIGNER_TITLE, DEFAULT_STANDING } from "~/features/notices/notices-rules";
import type { MemberInput, NewSeriesInput, SeriesDetailsInput } from "./series-schemas";

/** The notice defaults as stored; a blank field takes the usual wording. */
function noticeDefaults(input: SeriesDetailsInput) {
  return {
    standing_recipients: input.standingRecipients ?? DEFAULT_STANDING,
    archive_line: input.archiveLine ?? DEFAULT_ARCHIVE,
    signer_authority: input.signerAuthority ?? DEFAULT_SIGNER_AUTHORITY,
    signer_title: input.signerTitle ?? DEFAULT_SIGNER_TITLE,
    signer_name: input.signerName ?? "",
  };
}

export async function listSeries(db: Kysely<Database> = getDb()) {
  const series = await db
    .selectFrom("series as s")
    .select((eb) => [
      "s.id",
      "s.code",
      "s.name_vi",
      "s.name_en",
      "s.issuing_body",
      "s.notice_symbol",
      "s.active",
      eb
        .selectFrom("series_members")
        .whereRef("series_members.series_id", "=", "s.id")
        .where("series_members.role", "=", "secretary")
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("secretary_count"),
      eb
        .selectFrom("series_agencies")
        .whereRef("series_agencies.series_id", "=", "s.id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("agency_count"),
      eb
        .selectFrom("meetings")
        .whereRef("meetings.series_id", "=", "s.id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("meeting_count"),
    ])
    .orderBy("s.code")
    .execute();
  const chairs = await db
    .selectFrom("series_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .where("m.role", "=", "chair")
    .select(["m.series_id", "u.full_name"])
    .orderBy("u.full_name")
    .execute();
  return series.map((s) => ({ ...s, chairs: chairs.filter((c) => c.series_id === s.id).map((c) => c.full_name) }));
}
export type SeriesListRow = Awaited<ReturnType<typeof listSeries>>[number];

export async function getSeries(id: number, db: Kysely<Database> = getDb()) {
  const series = await db.selectFrom("series").selectAll().where("id", "=", id).executeTakeFirst();
  if (!series) return null;
  const [members, agencies, meetingCount] = await Promise.all([
    db
      .selectFrom("series_members as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .where("m.series_id", "=", id)
      .select(["m.user_id", "m.role as seat", "u.username", "u.full_name", "u.title", "u.role", "u.active"])
      .orderBy("m.role")
      .orderBy("u.full_name")
      .execute(),
    db.selectFrom("series_agencies").where("series_id", "=", id).select("agency_id").execute(),
    db
      .selectFrom("meetings")
      .where("series_id", "=", id)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { ...series, members, agencyIds: agencies.map((a) => a.agency_id), meetingCount: meetingCount.n };
}

export async function seriesExists(id: number, db: Kysely<Database> = getDb()): Promise<boolean> {
  return (await db.selectFrom("series").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

/** Who can be given a seat: active chairs and secretaries (the seat must match the role). */
export async function seatCandidates(db: Kysely<Database> = getDb()) {
  return db
    .selectFrom("users")
    .where("active", "=", 1)
    .where("role", "in", ["chair", "secretary"])
    .select(["id", "username", "full_name", "title", "role"])
    .orderBy("full_name")
    .execute();
}

/** Every agency, for the member checklist; inactive ones are shown only if already members. */
export async function agencyChecklist(db: Kysely<Database> = getDb()) {
  return db.selectFrom("agencies").select(["id", "code", "name_vi", "name_en", "kind", "active"]).orderBy("kind").orderBy("code").execute();
}

/** The code is checked first; a clash the check could not see is refused the same way. */
const CODE_TAKEN: FieldErrors = { code: { key: "admin.series.codeTaken" } };

export async function createSeries(actor: { id: number }, input: NewSeriesInput, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  return refusingClashes(
    write(
      actor,
      async (trx) => {
        if (await trx.selectFrom("series").select("id").where("code", "=", input.code).executeTakeFirst()) throw refuse.invalid(CODE_TAKEN);
        const at = nowIso();
        const created = await trx
          .insertInto("series")
          .values({
            code: input.code,
            name_vi: input.nameVi,
            name_en: input.nameEn,
            issuing_body: input.issuingBody,
            notice_symbol: input.noticeSymbol,
            ...noticeDefaults(input),
            active: 1,
            created_at: at,
            updated_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { actorUserId: actor.id, action: "series.created", entityType: "series", entityId: created.id, after: created });
        return { id: created.id };
      },
      options,
    ),
    { "series.code": CODE_TAKEN },
  );
}

/** `seen`: the record's updated_at as the form was drawn; a save over a newer record is refused (409). */
export async function updateSeries(
  actor: { id: number },
  id: number,
  input: SeriesDetailsInput,
  seen: string | undefined,
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  return write(
    actor,
    async (trx) => {
      const before = await trx.selectFrom("series").selectAll().where("id", "=", id).executeTakeFirst();
      if (!before) throw refuse.notFound();
      if (savedSince(before.updated_at, seen)) throw refuse.conflict("admin.stale");
      const after = await trx
        .updateTable("series")
        .set({
          name_vi: input.nameVi,
          name_en: input.nameEn,
          issuing_body: input.issuingBody,
          notice_symbol: input.noticeSymbol,
          ...noticeDefaults(input),
          updated_at: nowIso(),
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: actor.id, action: "series.updated", entityType: "series", entityId: id, before, after });
      return { id };
    },
    options,
  );
}

export async function addSeriesMember(
  actor: { id: number },
  seriesId: number,
  input: MemberInput,
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  return write(
    actor,
    async (trx) => {
      const user = await trx.selectFrom("users").select(["id", "role", "active", "full_name", "username"]).where("id", "=", input.userId).executeTakeFirst();
      if (!user || user.active !== 1) throw refuse.invalid({ userId: { key: "admin.series.memberInactive" } });
      if (!fitsSeriesRole(user.role, input.seat)) throw refuse.invalid({ userId: { key: `admin.series.notA.${input.seat}` } });
      const existing = await trx
        .selectFrom("series_members")
        .select("user_id")
        .where("series_id", "=", seriesId)
        .where("user_id", "=", input.userId)
        .where("role", "=", input.seat)
        .executeTakeFirst();
      if (existing) throw refuse.invalid({ userId: { key: "admin.series.alreadyMember" } });
      const row = { series_id: seriesId, user_id: input.userId, role: input.seat };
      await trx.insertInto("series_members").values(row).execute();
      await trx.updateTable("series").set({ updated_at: nowIso() }).where("id", "=", seriesId).execute();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "series.member_added",
        entityType: "series",
        entityId: seriesId,
        after: { ...row, full_name: user.full_name, username: user.username },
      });
      return { id: seriesId };
    },
    options,
  );
}

/** A series keeps at least one chair: someone must be able to approve its agendas and notices. */
export async function removeSeriesMember(
  actor: { id: number },
  seriesId: number,
  input: MemberInput,
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  return write(
    actor,
    async (trx) => {
      const seats = await trx
        .selectFrom("series_members as m")
        .innerJoin("users as u", "u.id", "m.user_id")
        .where("m.series_id", "=", seriesId)
        .select(["m.series_id", "m.user_id", "m.role", "u.full_name", "u.username"])
        .execute();
      const seat = seats.find((m) => m.user_id === input.userId && m.role === input.seat);
      if (!seat) throw refuse.invalid({ userId: { key: "admin.series.notMember" } });
      if (seat.role === "chair" && seats.filter((m) => m.role === "chair").length === 1) {
        throw refuse.invalid({ userId: { key: "admin.series.lastChair" } });
      }
      await trx.deleteFrom("series_members").where("series_id", "=", seriesId).where("user_id", "=", input.userId).where("role", "=", input.seat).execute();
      await trx.updateTable("series").set({ updated_at: nowIso() }).where("id", "=", seriesId).execute();
      await recordAudit(trx, { actorUserId: actor.id, action: "series.member_removed", entityType: "series", entityId: seriesId, before: seat });
      return { id: seriesId };
    },
    options,
  );
}

/**
 * Replaces the member agencies with the ticked ones. An inactive agency may
 * stay a member but cannot be added.
 */
export async function setSeriesAgencies(
  actor: { id: number },
  seriesId: number,
  agencyIds: readonly number[],
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  const wanted = [...new Set(agencyIds)].sort((a, b) => a - b);
  return write(
    actor,
    async (trx) => {
      const current = (await trx.selectFrom("series_agencies").select("agency_id").where("series_id", "=", seriesId).execute()).map((r) => r.agency_id);
      const added = wanted.filter((id) => !current.includes(id));
      const removed = current.filter((id) => !wanted.includes(id));
      if (added.length) {
        const found = await trx.selectFrom("agencies").select(["id", "active"]).where("id", "in", added).execute();
        if (found.length !== added.length || found.some((a) => a.active !== 1)) {
          throw refuse.invalid({ agencyId: { key: "admin.series.agencyUnavailable" } });
        }
      }
      if (!added.length && !removed.length) return { id: seriesId };
      if (removed.length) {
        await trx.deleteFrom("series_agencies").where("series_id", "=", seriesId).where("agency_id", "in", removed).execute();
      }
      if (added.length) {
        await trx
          .insertInto("series_agencies")
          .values(added.map((agency_id) => ({ series_id: seriesId, agency_id })))
          .execute();
      }
      await trx.updateTable("series").set({ updated_at: nowIso() }).where("id", "=", seriesId).execute();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "series.agencies_changed",
        entityType: "series",
        entityId: seriesId,
        before: { agency_ids: [...current].sort((a, b) => a - b) },
        after: { agency_ids: wanted, added, removed },
      });
      return { id: seriesId };
    },
    options,
  );
}

export async function countSeries(db: Kysely<Database> = getDb()) {
  const row = await db
    .selectFrom("series")
    .select((eb) => [eb.fn.countAll<number>().as("all"), eb.fn.sum<number>("active").as("active")])
    .executeTakeFirstOrThrow();
  return { all: row.all, active: Number(row.active ?? 0) };
}
