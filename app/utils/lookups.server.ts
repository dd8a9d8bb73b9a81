/** Small read-only lists that many forms need. */
import type { Locale } from "../../db/schema";
import { getDb } from "./db.server";

export interface Option {
  value: string;
  label: string;
}

export async function activeAgencyOptions(locale: Locale): Promise<Option[]> {
  const rows = await getDb().selectFrom("agencies").where("active", "=", 1).select(["id", "name_vi", "name_en", "code"]).orderBy("name_vi").execute();
  return rows.map((r) => ({ value: String(r.id), label: locale === "vi" ? r.name_vi : r.name_en }));
}

export async function agencyNames(ids: readonly number[], locale: Locale): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await getDb()
    .selectFrom("agencies")
    .where("id", "in", [...new Set(ids)])
    .select(["id", "name_vi", "name_en"])
    .execute();
  return new Map(rows.map((r) => [r.id, locale === "vi" ? r.name_vi : r.name_en]));
}
