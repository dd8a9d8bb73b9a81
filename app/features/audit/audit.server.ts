import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { readableHistory, relationTo } from "./history-rules";

export interface HistoryEntry {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** An entry as a reader gets it: `beforeWithheld` when the state before was not theirs to see. */
export interface ReadableHistoryEntry extends HistoryEntry {
  beforeWithheld: boolean;
}

/** Records whose history only an admin reads (under /admin, behind its guard). */
export type AdminRecordKind = "agency" | "user" | "series";

function events(db: Kysely<Database>) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select([
      "audit_events.id",
      "audit_events.at",
      "audit_events.action",
      "audit_events.entity_type",
      "audit_events.entity_id",
      "users.full_name as actorName",
      "audit_events.before_json",
      "audit_events.after_json",
    ]);
}

type Row = {
  id: number;
  at: string;
  action: string;
  entity_type: string;
  entity_id: number | null;
  actorName: string | null;
  before_json: string | null;
  after_json: string | null;
};

function toEntry(r: Row) {
  return {
    id: r.id,
    at: r.at,
    action: r.action,
    actorName: r.actorName,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null,
    after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
  };
}

/**
 * The history of an admin-only record, newest first. The records of the
 * cycle (blockers, tasks, meetings) are read with `recordHistory` and
 * `meetingHistory`, which filter by the reader; the type keeps them out.
 */
export async function historyFor(entityType: AdminRecordKind, entityId: number, limit = 100): Promise<HistoryEntry[]> {
  const rows = await events(getDb())
    .where("audit_events.entity_type", "=", entityType)
    .where("audit_events.entity_id", "=", entityId)
    .orderBy("audit_events.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const { entityType: _t, entityId: _i, ...entry } = toEntry(r);
    return entry;
  });
}

/**
 * What the reader may see of a set of events, newest first. The whole
 * history is read oldest first, because whether an event is readable
 * depends on the state the record was in then (history-rules.ts), and only
 * then cut to `limit`.
 */
function forReader(
  rows: Row[],
  reader: Actor,
  record: { seriesId: number; agencyId: number | null },
  now: Record<string, string>,
  limit: number,
): ReadableHistoryEntry[] {
  const readable = readableHistory(rows.map(toEntry), relationTo(reader, record), now);
  return readable
    .reverse()
    .slice(0, limit)
    .map(({ entityType: _t, entityId: _i, ...entry }) => entry);
}

/** A blocker's or a task's history, as this reader may see it (newest first). */
export async function recordHistory(
  reader: Actor,
  record: { kind: "blocker" | "task"; id: number; seriesId: number; agencyId: number; status: string },
  limit = 100,
): Promise<ReadableHistoryEntry[]> {
  const rows = await events(getDb())
    .where("audit_events.entity_type", "=", record.kind)
    .where("audit_events.entity_id", "=", record.id)
    .orderBy("audit_events.id", "asc")
    .execute();
  return forReader(rows, reader, record, { [`${record.kind}:${record.id}`]: record.status }, limit);
}

/**
 * A meeting's history: its own events and those of its agenda items,
 * conclusions and notice, as this reader may see them — newest first.
 * The office sees all of it; others see the meeting's moves always, and
 * its records from the notice on (history-rules.ts).
 */
export async function meetingHistory(reader: Actor, meeting: { id: number; seriesId: number }, limit = 300): Promise<ReadableHistoryEntry[]> {
  const db = getDb();
  const rows = await events(db)
    .where((eb) =>
      eb.or([
        eb.and([eb("audit_events.entity_type", "=", "meeting"), eb("audit_events.entity_id", "=", meeting.id)]),
        eb.and([
          eb("audit_events.entity_type", "=", "agenda_item"),
          eb("audit_events.entity_id", "in", eb.selectFrom("agenda_items").where("meeting_id", "=", meeting.id).select("id")),
        ]),
        eb.and([
          eb("audit_events.entity_type", "=", "conclusion"),
          eb("audit_events.entity_id", "in", eb.selectFrom("conclusions").where("meeting_id", "=", meeting.id).select("id")),
        ]),
        eb.and([
          eb("audit_events.entity_type", "=", "notice"),
          eb("audit_events.entity_id", "in", eb.selectFrom("notices").where("meeting_id", "=", meeting.id).select("id")),
        ]),
      ]),
    )
    .orderBy("audit_events.id", "asc")
    .execute();
  // No present status is passed: a meeting record whose stage no event tells is the office's.
  return forReader(rows, reader, { seriesId: meeting.seriesId, agencyId: null }, {}, limit);
}
