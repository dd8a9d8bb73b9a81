/**
 * How a blocker write runs: one transaction with its audit event; a refusal
 * rolls it back and comes back as a value the route turns into 400 or 409.
 */
import type { Kysely, Transaction } from "kysely";
import type { Blocker, Database, MeetingStatus } from "../../../db/schema";
import type { MessageKey } from "~/i18n";
import { getDb } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { acceptsSubmissions } from "~/features/meetings/meetings-rules";
import type { MeetingSlot } from "./blockers-rules";

export type Db = Transaction<Database>;
type Refused = { ok: false; status: 400; errors: FieldErrors } | { ok: false; status: 409; messageKey: MessageKey };
export type WriteOutcome<T> = { ok: true; value: T } | Refused;

/** Thrown inside a transaction to roll it back; `write` turns it into a value. */
export class Refusal {
  constructor(readonly outcome: Refused) {}
}
export const invalid = (errors: FieldErrors) => new Refusal({ ok: false, status: 400, errors });
export const refuse = (messageKey: MessageKey) => new Refusal({ ok: false, status: 409, messageKey });

export async function write<T>(work: (trx: Db) => Promise<T>): Promise<WriteOutcome<T>> {
  try {
    return { ok: true, value: await getDb().transaction().execute(work) };
  } catch (e) {
    if (e instanceof Refusal) return e.outcome;
    throw e;
  }
}

export async function reread(trx: Db, id: number): Promise<Blocker> {
  return trx.selectFrom("blockers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export async function meetingSlots(db: Kysely<Database>, seriesId: number): Promise<MeetingSlot[]> {
  const rows = await db.selectFrom("meetings").where("series_id", "=", seriesId).select(["id", "starts_at", "cutoff_at", "status"]).execute();
  return rows.map((m) => ({
    id: m.id,
    startsAt: m.starts_at,
    cutoffAt: m.cutoff_at,
    acceptsSubmissions: acceptsSubmissions(m.status as MeetingStatus),
  }));
}
