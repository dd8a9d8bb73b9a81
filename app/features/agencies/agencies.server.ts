/**
 * Agencies (cơ quan, đơn vị): the register, and every change to it written
 * in one transaction with its audit event.
 */
import type { Kysely, Transaction } from "kysely";
import type { Agency, Database } from "../../../db/schema";
import { nowIso } from "~/utils/dates";
import { recordAudit } from "~/utils/audit.server";
import { savedSince, STALE_ERRORS } from "~/features/admin/admin-forms";
import { getDb } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { uniqueViolation } from "~/features/admin/db-errors.server";
import { matchesSearch, paginate } from "~/features/admin/listing";
import { eligibleParents, parentProblem } from "./agencies-rules";
import type { AgencyFilters, AgencyInput } from "./agencies-schemas";

export type WriteResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

export async function listAgencies(filters: AgencyFilters, db: Kysely<Database> = getDb()) {
  let query = db
    .selectFrom("agencies as a")
    .leftJoin("agencies as p", "p.id", "a.parent_id")
    .select((eb) => [
      "a.id",
      "a.code",
      "a.name_vi",
      "a.name_en",
      "a.kind",
      "a.active",
      "a.parent_id",
      "p.code as parent_code",
      "p.name_vi as parent_name_vi",
      "p.name_en as parent_name_en",
      eb
        .selectFrom("users")
        .whereRef("users.agency_id", "=", "a.id")
        .where("users.active", "=", 1)
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("user_count"),
    ])
    .orderBy("a.code");
  if (filters.kind) query = query.where("a.kind", "=", filters.kind);
  if (filters.active !== null) query = query.where("a.active", "=", filters.active ? 1 : 0);
  const rows = (await query.execute()).filter((r) => matchesSearch(filters.q, [r.code, r.name_vi, r.name_en]));
  const counts = await db
    .selectFrom("agencies")
    .select((eb) => [eb.fn.countAll<number>().as("all"), eb.fn.sum<number>("active").as("active")])
    .executeTakeFirstOrThrow();
  return {
    page: paginate(rows, filters.page),
    counts: { all: counts.all, active: Number(counts.active ?? 0), inactive: counts.all - Number(counts.active ?? 0) },
  };
}
export type AgencyListRow = Awaited<ReturnType<typeof listAgencies>>["page"]["rows"][number];

export async function getAgency(id: number, db: Kysely<Database> = getDb()) {
  const agency = await db
    .selectFrom("agencies as a")
    .leftJoin("agencies as p", "p.id", "a.parent_id")
    .where("a.id", "=", id)
    .selectAll("a")
    .select(["p.code as parent_code", "p.name_vi as parent_name_vi", "p.name_en as parent_name_en"])
    .executeTakeFirst();
  if (!agency) return null;
  const [activeUsers, activeChildren] = await Promise.all([
    db
      .selectFrom("users")
      .where("agency_id", "=", id)
      .where("active", "=", 1)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("agencies")
      .where("parent_id", "=", id)
      .where("active", "=", 1)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { ...agency, activeUserCount: activeUsers.n, activeChildCount: activeChildren.n };
}

/**
 * The agencies a parent can be chosen from: active ones (plus the current
 * parent, so an old choice stays visible), never the agency or its
 * descendants.
 */
export async function parentOptions(agencyId: number | null, currentParentId: number | null, db: Kysely<Database> = getDb()) {
  const all = await db.selectFrom("agencies").select(["id", "code", "name_vi", "name_en", "parent_id", "active"]).orderBy("code").execute();
  return eligibleParents(agencyId, all).filter((a) => a.active === 1 || a.id === currentParentId);
}

async function checkAgency(trx: Transaction<Database>, agencyId: number | null, input: AgencyInput, currentParentId: number | null): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  let clash = trx.selectFrom("agencies").select("id").where("code", "=", input.code);
  if (agencyId !== null) clash = clash.where("id", "!=", agencyId);
  if (await clash.executeTakeFirst()) errors.code = { key: "admin.agency.codeTaken" };
  if (input.parentId !== null) {
    const nodes = await trx.selectFrom("agencies").select(["id", "parent_id", "active"]).execute();
    const parent = nodes.find((n) => n.id === input.parentId);
    const problem = parentProblem(agencyId, input.parentId, nodes);
    if (!parent) errors.parentId = { key: "admin.agency.parentMissing" };
    else if (problem === "self") errors.parentId = { key: "admin.agency.parentSelf" };
    else if (problem === "cycle") errors.parentId = { key: "admin.agency.parentCycle" };
    // An inactive parent is kept if it was already there, but not newly chosen.
    else if (parent.active !== 1 && parent.id !== currentParentId) errors.parentId = { key: "admin.agency.parentInactive" };
  }
  return errors;
}

function codeClash(error: unknown): WriteResult | null {
  return uniqueViolation(error) === "agencies.code" ? { ok: false, errors: { code: { key: "admin.agency.codeTaken" } } } : null;
}

export async function createAgency(actorUserId: number, input: AgencyInput, db: Kysely<Database> = getDb()): Promise<WriteResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<WriteResult> => {
      const errors = await checkAgency(trx, null, input, null);
      if (Object.keys(errors).length) return { ok: false, errors };
      const at = nowIso();
      const created = await trx
        .insertInto("agencies")
        .values({
          code: input.code,
          name_vi: input.nameVi,
          name_en: input.nameEn,
          kind: input.kind,
          parent_id: input.parentId,
          active: 1,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId, action: "agency.created", entityType: "agency", entityId: created.id, after: created });
      return { ok: true, id: created.id };
    });
  } catch (e) {
    const clash = codeClash(e);
    if (clash) return clash;
    throw e;
  }
}

export async function updateAgency(actorUserId: number, id: number, input: AgencyInput, seen?: string, db: Kysely<Database> = getDb()): Promise<WriteResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<WriteResult> => {
      const before = await trx.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      if (savedSince(before.updated_at, seen)) return { ok: false, errors: STALE_ERRORS };
      const errors = await checkAgency(trx, id, input, before.parent_id);
      if (Object.keys(errors).length) return { ok: false, errors };
      const after = await trx
        .updateTable("agencies")
        .set({
          code: input.code,
          name_vi: input.nameVi,
          name_en: input.nameEn,
          kind: input.kind,
          parent_id: input.parentId,
          updated_at: nowIso(),
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId, action: "agency.updated", entityType: "agency", entityId: id, before, after });
      return { ok: true, id };
    });
  } catch (e) {
    const clash = codeClash(e);
    if (clash) return clash;
    throw e;
  }
}

/**
 * Deactivating keeps the agency on record (its blockers and tasks still
 * name it) but takes it out of the lists new records are chosen from.
 */
export async function setAgencyActive(actorUserId: number, id: number, active: boolean, db: Kysely<Database> = getDb()): Promise<Agency> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const after = await trx
      .updateTable("agencies")
      .set({ active: active ? 1 : 0, updated_at: nowIso() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId,
      action: active ? "agency.reactivated" : "agency.deactivated",
      entityType: "agency",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function agencyExists(id: number, db: Kysely<Database> = getDb()): Promise<boolean> {
  return (await db.selectFrom("agencies").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

export async function countAgencies(db: Kysely<Database> = getDb()) {
  const row = await db
    .selectFrom("agencies")
    .select((eb) => [eb.fn.countAll<number>().as("all"), eb.fn.sum<number>("active").as("active")])
    .executeTakeFirstOrThrow();
  return { all: row.all, active: Number(row.active ?? 0) };
}

/** id -> code, to name agencies in the change history. */
export async function agencyCodes(db: Kysely<Database> = getDb()): Promise<Record<number, string>> {
  const rows = await db.selectFrom("agencies").select(["id", "code"]).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.code]));
}
