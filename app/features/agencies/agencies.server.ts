/**
 * Agencies (cơ quan, đơn vị): the register, and every change to it made
 * through `write`: one transaction with its audit event.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { nowIso } from "~/utils/dates";
import { recordAudit } from "~/utils/audit.server";
import { savedSince } from "~/features/admin/admin-forms";
import { getDb } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { refusingClashes } from "~/features/admin/db-errors.server";
import { matchesSearch, paginate } from "~/features/admin/listing";
import { eligibleParents, parentProblem } from "./agencies-rules";
import type { AgencyFilters, AgencyInput } from "./agencies-schemas";

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

/** The code is checked first; a clash the check could not see is refused the same way. */
const CODE_CLASH: Record<string, FieldErrors> = { "agencies.code": { code: { key: "admin.agency.codeTaken" } } };

export async function createAgency(actor: { id: number }, input: AgencyInput, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  return refusingClashes(
    write(
      actor,
      async (trx) => {
        const errors = await checkAgency(trx, null, input, null);
        if (Object.keys(errors).length) throw refuse.invalid(errors);
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
        await recordAudit(trx, { actorUserId: actor.id, action: "agency.created", entityType: "agency", entityId: created.id, after: created });
        return { id: created.id };
      },
      options,
    ),
    CODE_CLASH,
  );
}

/** `seen`: the record's updated_at as the form was drawn; a save over a newer record is refused (409). */
export async function updateAgency(
  actor: { id: number },
  id: number,
  input: AgencyInput,
  seen: string | undefined,
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  return refusingClashes(
    write(
      actor,
      async (trx) => {
        const before = await trx.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirst();
        if (!before) throw refuse.notFound();
        if (savedSince(before.updated_at, seen)) throw refuse.conflict("admin.stale");
        const errors = await checkAgency(trx, id, input, before.parent_id);
        if (Object.keys(errors).length) throw refuse.invalid(errors);
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
        await recordAudit(trx, { actorUserId: actor.id, action: "agency.updated", entityType: "agency", entityId: id, before, after });
        return { id };
      },
      options,
    ),
    CODE_CLASH,
  );
}

/**
 * Deactivating keeps the agency on record (its blockers and tasks still
 * name it) but takes it out of the lists new records are chosen from.
 */
export async function setAgencyActive(actor: { id: number }, id: number, active: boolean, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  return write(
    actor,
    async (trx) => {
      const before = await trx.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirst();
      if (!before) throw refuse.notFound();
      const after = await trx
        .updateTable("agencies")
        .set({ active: active ? 1 : 0, updated_at: nowIso() })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: active ? "agency.reactivated" : "agency.deactivated",
        entityType: "agency",
        entityId: id,
        before,
        after,
      });
      return { id };
    },
    options,
  );
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
