/**
 * The recent audit history of one record, shown on its administration page
 * so every record is one click from who changed what.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { getDb } from "../../utils/db.server";

export interface HistoryEntry {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const parse = (json: string | null): Record<string, unknown> | null => {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
};

export async function historyOf(
  entityType: string,
  entityId: number,
  limit = 20,
  db: Kysely<Database> = getDb(),
): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .where("audit_events.entity_type", "=", entityType)
    .where("audit_events.entity_id", "=", entityId)
    .orderBy("audit_events.id", "desc")
    .limit(limit)
    .select([
      "audit_events.id",
      "audit_events.at",
      "audit_events.action",
      "users.full_name as actorName",
      "audit_events.before_json",
      "audit_events.after_json",
    ])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    actorName: r.actorName,
    before: parse(r.before_json),
    after: parse(r.after_json),
  }));
}
