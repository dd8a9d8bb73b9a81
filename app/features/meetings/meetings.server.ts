import type { Kysely } from "kysely";
import { MEETING_STATUSES, type Database, type MeetingStatus } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { formatPeriod, nowIso, vnLocalToIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { SessionUser } from "~/utils/auth.server";
import { seriesHat } from "~/utils/series-hat";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import type { ScheduleMeetingInput } from "./meetings-schemas";
import { transitionMeeting, type MeetingTransition } from "./meetings-rules";

export interface MeetingRow {
  id: number;
  seriesId: number;
  seriesNameVi: string;
  seriesNameEn: string;
  period: string;
  title: string;
  startsAt: string;
  place: string;
  cutoffAt: string;
  status: MeetingStatus;
  agendaBuiltAt: string | null;
}

function meetingQuery(db: Kysely<Database>) {
  return db
    .selectFrom("meetings")
    .innerJoin("series", "series.id", "meetings.series_id")
    .select([
      "meetings.id",
      "meetings.series_id as seriesId",
      "series.name_vi as seriesNameVi",
      "series.name_en as seriesNameEn",
      "meetings.period",
      "meetings.title",
      "meetings.starts_at as startsAt",
      "meetings.place",
      "meetings.cutoff_at as cutoffAt",
      "meetings.status",
      "meetings.agenda_built_at as agendaBuiltAt",
    ]);
}

export const PAST_PAGE_SIZE = 20;

/** A meeting is finished once concluded; every other status is still to come. */
export const FINISHED_STATUSES = ["concluded", "notice_issued"] as const satisfies readonly MeetingStatus[];
/**
 * The others, listed rather than written `NOT IN` the finished ones: SQLite
 * finds each status in the index `meetings_status_starts`, where a `NOT IN`
 * reads every meeting.
 */
export const UPCOMING_STATUSES: readonly MeetingStatus[] = MEETING_STATUSES.filter((s) => !(FINISHED_STATUSES as readonly string[]).includes(s));

export interface MeetingListQuery {
  seriesId?: number | null;
  /** `YYYY`: only meetings of that year. */
  year?: string | null;
  /** Page of the finished meetings. */
  page?: number;
}

/**
 * Meetings still to be held or concluded (soonest first, all of them: a
 * handful), and the finished ones newest first, a page at a time.
 */
export async function listMeetings(query: MeetingListQuery = {}) {
  const db = getDb();
  const filtered = () => {
    let q = meetingQuery(db);
    if (query.seriesId) q = q.where("meetings.series_id", "=", query.seriesId);
    if (query.year) q = q.where("meetings.period", "like", `${query.year}-%`);
    return q;
  };
  const done = FINISHED_STATUSES;
  const upcoming = await filtered().where("meetings.status", "in", UPCOMING_STATUSES).orderBy("meetings.starts_at", "asc").limit(200).execute();
  const pastTotal = Number(
    (
      await db
        .selectFrom("meetings")
        .where("status", "in", done)
        .$if(Boolean(query.seriesId), (q) => q.where("series_id", "=", query.seriesId!))
        .$if(Boolean(query.year), (q) => q.where("period", "like", `${query.year}-%`))
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const pages = Math.max(1, Math.ceil(pastTotal / PAST_PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page ?? 1), pages);
  const past = await filtered()
    .where("meetings.status", "in", done)
    .orderBy("meetings.starts_at", "desc")
    .limit(PAST_PAGE_SIZE)
    .offset((page - 1) * PAST_PAGE_SIZE)
    .execute();
  return { upcoming, past, pastTotal, page, pages };
}

/** The series and years a meeting list can be filtered by. */
export async function meetingFilterOptions() {
  const db = getDb();
  const series = await db.selectFrom("series").select(["id", "name_vi", "name_en"]).orderBy("name_vi").execute();
  const years = await db
    .selectFrom("meetings")
    .select((eb) => eb.fn<string>("substr", ["period", eb.val(1), eb.val(4)]).as("year"))
    .distinct()
    .orderBy("year", "desc")
    .execute();
  return { series, years: years.map((y) => y.year) };
}

/** The meeting with its bridge points, or null: the route answers 404. */
export async function getMeeting(id: number): Promise<(MeetingRow & { bridgePoints: Array<{ id: number; label: string }> }) | null> {
  const db = getDb();
  const meeting = await meetingQuery(db).where("meetings.id", "=", id).executeTakeFirst();
  if (!meeting) return null;
  const bridgePoints = await db.selectFrom("bridge_points").where("meeting_id", "=", id).select(["id", "label"]).orderBy("id").execute();
  return { ...meeting, bridgePoints };
}

/** The series a user may schedule meetings for (chair or secretary). */
export async function seriesForOffice(user: SessionUser) {
  const ids = user.seriesRoles.map((r) => r.seriesId);
  if (ids.length === 0) return [];
  return getDb().selectFrom("series").where("id", "in", ids).where("active", "=", 1).select(["id", "name_vi", "name_en"]).orderBy("name_vi").execute();
}

export async function scheduleMeeting(user: SessionUser, input: ScheduleMeetingInput, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  const db = getDb();
  const series = await db.selectFrom("series").where("id", "=", input.seriesId).select(["id", "name_vi"]).executeTakeFirst();
  if (!series) return refuse.invalid({ seriesId: { key: "validation.invalidChoice" } }).outcome;
  const at = nowIso();
  // The period check is inside the transaction, which holds the write lock
  // from its start: two offices (or two server processes) scheduling the same
  // month cannot both pass it.
  return write(
    user,
    async (trx) => {
      const clash = await trx.selectFrom("meetings").where("series_id", "=", input.seriesId).where("period", "=", input.period).select("id").executeTakeFirst();
      if (clash) throw refuse.invalid({ period: { key: "meetings.periodTaken" } });
      const row = await trx
        .insertInto("meetings")
        .values({
          series_id: input.seriesId,
          period: input.period,
          title: `${series.name_vi} ${formatPeriod(input.period, "vi")}`,
          starts_at: vnLocalToIso(input.day, input.time),
          place: input.place,
          cutoff_at: vnLocalToIso(input.cutoffDay, input.cutoffTime),
          created_by: user.id,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const labels = (input.bridgePoints ?? "")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, 50);
      if (labels.length) {
        await trx
          .insertInto("bridge_points")
          .values(labels.map((label) => ({ meeting_id: row.id, agency_id: null, label })))
          .execute();
      }
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "meeting.scheduled",
        entityType: "meeting",
        entityId: row.id,
        after: { ...row, bridge_points: labels },
      });
      return { id: row.id };
    },
    options,
  );
}

export async function agendaCounts(meetingId: number, db: Kysely<Database> = getDb()) {
  const row = await db
    .selectFrom("agenda_items")
    .where("meeting_id", "=", meetingId)
    .where("removed", "=", 0)
    .select((eb) => [eb.fn.countAll<number>().as("items"), eb.fn.sum<number>(eb.case().when("outcome", "=", "pending").then(1).else(0).end()).as("pending")])
    .executeTakeFirstOrThrow();
  return { agendaItemCount: Number(row.items), pendingItemCount: Number(row.pending ?? 0) };
}

/**
 * Moves a meeting along its cycle. A move the rules refuse is refused (409,
 * or 403 when the user wears no hat for it) and changes nothing.
 */
export async function moveMeeting(
  user: SessionUser,
  meetingId: number,
  transition: MeetingTransition,
  options: WriteOptions = {},
): Promise<Outcome<MeetingStatus>> {
  return write(
    user,
    async (trx) => {
      // Issuing is the notice's own step: it numbers the notice and sets the tasks live.
      if (transition === "issue_notice") throw refuse.conflict("meetings.refused.use_notice");
      const before = await trx.selectFrom("meetings").where("id", "=", meetingId).selectAll().executeTakeFirst();
      if (!before) throw refuse.notFound();
      const result = transitionMeeting(before.status, transition, seriesHat(user, before.series_id), await agendaCounts(meetingId, trx));
      if (!result.ok) {
        if (result.reason === "forbidden") throw refuse.forbidden();
        throw refuse.conflict(`meetings.refused.${result.reason}`);
      }
      const after = await trx
        .updateTable("meetings")
        .set({ status: result.to, version: before.version + 1, updated_at: nowIso() })
        .where("id", "=", meetingId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: `meeting.${transition}`, entityType: "meeting", entityId: meetingId, before, after });
      return result.to;
    },
    options,
  );
}
