/** Loads the demo province (agencies, the series, the demo accounts) into an empty database. */
import type { Kysely } from "kysely";
import { hashPassword } from "../../app/utils/password.server";
import { DEMO_AGENCIES, DEMO_PASSWORD, DEMO_SERIES, DEMO_USERS } from "./quang-ninh";
import type { Database } from "../schema";
import { vnToday } from "../../app/utils/dates";
import { seedDemoCycle } from "./cycle";

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("agencies")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export async function seedDemo(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const agencyIds = new Map<string, number>();
    for (const a of DEMO_AGENCIES) {
      const row = await trx
        .insertInto("agencies")
        .values({
          code: a.code,
          name_vi: a.nameVi,
          name_en: a.nameEn,
          kind: a.kind,
          parent_id: a.parent ? (agencyIds.get(a.parent) ?? null) : null,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      agencyIds.set(a.code, row.id);
    }
    const series = await trx
      .insertInto("series")
      .values({
        code: DEMO_SERIES.code,
        name_vi: DEMO_SERIES.nameVi,
        name_en: DEMO_SERIES.nameEn,
        issuing_body: DEMO_SERIES.issuingBody,
        notice_symbol: DEMO_SERIES.noticeSymbol,
        signer_name: "Phạm Văn Ký",
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("series_agencies")
      .values([...agencyIds.values()].map((agency_id) => ({ series_id: series.id, agency_id })))
      .execute();
    for (const u of DEMO_USERS) {
      const row = await trx
        .insertInto("users")
        .values({
          username: u.username,
          email: u.email,
          full_name: u.fullName,
          title: u.title,
          password_hash: hash,
          role: u.role,
          agency_id: u.agency ? (agencyIds.get(u.agency) ?? null) : null,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (u.series) {
        await trx.insertInto("series_members").values({ series_id: series.id, user_id: row.id, role: u.series }).execute();
      }
    }
    await seedDemoCycle(trx, series.id, vnToday(now));
    await trx
      .insertInto("audit_events")
      .values({ at, actor_user_id: null, action: "demo.seeded", entity_type: "system", entity_id: null, before_json: null, after_json: null })
      .execute();
  });
}
