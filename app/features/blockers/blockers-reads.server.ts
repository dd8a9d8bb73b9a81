/**
 * What the changes and the page read alike: a blocker as it is inside its
 * change, and the series' meetings as the rules see them.
 */
import type { Kysely, Transaction } from "kysely";
import type { Blocker, Database, MeetingStatus } from "../../../db/schema";
import { refuse } from "~/utils/write.server";
import { acceptsSubmissions } from "~/features/meetings/meetings-rules";
import type { MeetingSlot } from "./blockers-rules";

export type Db = Transaction<Database>;

/** The blocker as it stands now, under the change's write lock; gone since the page was read, the change is refused with 404. */
export async function reread(trx: Db, id: number): Promise<Blocker> {
  const row = await trx.selectFrom("blockers").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw refuse.notFound();
  return row;
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
