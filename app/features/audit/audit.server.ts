import { getDb } from "../../utils/db.server";

export interface HistoryEntry {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The history of one record, newest first. */
export async function historyFor(entityType: string, entityId: number, limit = 100): Promise<HistoryEntry[]> {
  const rows = await getDb()
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
    before: r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null,
    after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
  }));
}
