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
  return rows.map(toEntry);
}

function toEntry(r: { id: number; at: string; action: string; actorName: string | null; before_json: string | null; after_json: string | null }): HistoryEntry {
  return {
    id: r.id,
    at: r.at,
    action: r.action,
    actorName: r.actorName,
    before: r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null,
    after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
  };
}

/**
 * A meeting's history: its own events and, for the office, those of its
 * agenda items, conclusions and notice — newest first.
 */
export async function meetingHistory(meetingId: number, opts: { includeRecords: boolean }, limit = 300): Promise<HistoryEntry[]> {
  const db = getDb();
  const itemIds = (await db.selectFrom("agenda_items").where("meeting_id", "=", meetingId).select("id").execute()).map((r) => r.id);
  const conclusionIds = (await db.selectFrom("conclusions").where("meeting_id", "=", meetingId).select("id").execute()).map((r) => r.id);
  const noticeIds = (await db.selectFrom("notices").where("meeting_id", "=", meetingId).select("id").execute()).map((r) => r.id);
  const rows = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .where((eb) => {
      const parts = [eb.and([eb("audit_events.entity_type", "=", "meeting"), eb("audit_events.entity_id", "=", meetingId)])];
      if (opts.includeRecords) {
        if (itemIds.length) parts.push(eb.and([eb("audit_events.entity_type", "=", "agenda_item"), eb("audit_events.entity_id", "in", itemIds)]));
        if (conclusionIds.length) parts.push(eb.and([eb("audit_events.entity_type", "=", "conclusion"), eb("audit_events.entity_id", "in", conclusionIds)]));
        if (noticeIds.length) parts.push(eb.and([eb("audit_events.entity_type", "=", "notice"), eb("audit_events.entity_id", "in", noticeIds)]));
      }
      return eb.or(parts);
    })
    .orderBy("audit_events.id", "desc")
    .limit(limit)
    .select(["audit_events.id", "audit_events.at", "audit_events.action", "users.full_name as actorName", "audit_events.before_json", "audit_events.after_json"])
    .execute();
  return rows.map(toEntry);
}
