import { data } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database, MeetingStatus } from "../../../db/schema";
import { recordAudit } from "../../utils/audit.server";
import { formatPeriod, nowIso, vnLocalToIso } from "../../utils/dates";
import { getDb } from "../../utils/db.server";
import type { FieldErrors } from "../../utils/forms";
import type { SessionUser } from "../../utils/auth.server";
import { notFound } from "../../utils/permissions.server";
import { seriesHat } from "../../utils/series-hat";
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

/** Meetings of every series (or one): those still to be held or concluded (soonest first), then the finished ones (latest first). */
export async function listMeetings(opts: { seriesId?: number } = {}): Promise<{ upcoming: MeetingRow[]; past: MeetingRow[] }> {
  let q = meetingQuery(getDb());
  if (opts.seriesId) q = q.where("meetings.series_id", "=", opts.seriesId);
  const rows = await q.orderBy("meetings.starts_at", "desc").limit(500).execute();
  const upcoming = rows.filter((m) => m.status !== "notice_issued" && m.status !== "concluded").reverse();
  const past = rows.filter((m) => m.status === "notice_issued" || m.status === "concluded");
  return { upcoming, past };
}

export async function getMeeting(id: number): Promise<MeetingRow & { bridgePoints: Array<{ id: number; label: string }> }> {
  const db = getDb();
  const meeting = await meetingQuery(db).where("meetings.id", "=", id).executeTakeFirst();
  if (!meeting) notFound();
  const bridgePoints = await db.selectFrom("bridge_points").where("meeting_id", "=", id).select(["id", "label"]).orderBy("id").execute();
  return { ...meeting, bridgePoints };
}

/** The series a user may schedule meetings for (chair or secretary). */
export async function seriesForOffice(user: SessionUser) {
  const ids = user.seriesRoles.map((r) => r.seriesId);
  if (ids.length === 0) return [];
  return getDb().selectFrom("series").where("id", "in", ids).where("active", "=", 1).select(["id", "name_vi", "name_en"]).orderBy("name_vi").execute();
}

export async function scheduleMeeting(
  user: SessionUser,
  input: ScheduleMeetingInput,
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const db = getDb();
  const series = await db.selectFrom("series").where("id", "=", input.seriesId).select(["id", "name_vi"]).executeTakeFirst();
  if (!series) return { ok: false, errors: { seriesId: { key: "validation.invalidChoice" } } };
  const clash = await db
    .selectFrom("meetings")
    .where("series_id", "=", input.seriesId)
    .where("period", "=", input.period)
    .select("id")
    .executeTakeFirst();
  if (clash) return { ok: false, errors: { period: { key: "meetings.periodTaken" } } };
  const at = nowIso();
  const id = await db.transaction().execute(async (trx) => {
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
      await trx.insertInto("bridge_points").values(labels.map((label) => ({ meeting_id: row.id, agency_id: null, label }))).execute();
    }
    await recordAudit(trx, { actorUserId: user.id, action: "meeting.scheduled", entityType: "meeting", entityId: row.id, after: { ...row, bridge_points: labels } });
    return row.id;
  });
  return { ok: true, id };
}

export async function agendaCounts(meetingId: number, db: Kysely<Database> = getDb()) {
  const row = await db
    .selectFrom("agenda_items")
    .where("meeting_id", "=", meetingId)
    .where("removed", "=", 0)
    .select((eb) => [
      eb.fn.countAll<number>().as("items"),
      eb.fn.sum<number>(eb.case().when("outcome", "=", "pending").then(1).else(0).end()).as("pending"),
    ])
    .executeTakeFirstOrThrow();
  return { agendaItemCount: Number(row.items), pendingItemCount: Number(row.pending ?? 0) };
}

/**
 * Moves a meeting along its cycle. A move the rules refuse answers 409 (or
 * 403 when the user wears no hat for it) and changes nothing.
 */
export async function moveMeeting(user: SessionUser, meetingId: number, transition: MeetingTransition): Promise<MeetingStatus> {
  // Issuing is the notice's own step: it numbers the notice and sets the tasks live.
  if (transition === "issue_notice") throw data({ status: 409, messageKey: "meetings.refused.use_notice" }, { status: 409 });
  return getDb().transaction().execute(async (trx) => {
    const before = await trx.selectFrom("meetings").where("id", "=", meetingId).selectAll().executeTakeFirst();
    if (!before) notFound();
    const result = transitionMeeting(before.status, transition, seriesHat(user, before.series_id), await agendaCounts(meetingId, trx));
    if (!result.ok) {
      if (result.reason === "forbidden") throw data({ status: 403 }, { status: 403 });
      throw data({ status: 409, messageKey: `meetings.refused.${result.reason}` }, { status: 409 });
    }
    const after = await trx
      .updateTable("meetings")
      .set({ status: result.to, version: before.version + 1, updated_at: nowIso() })
      .where("id", "=", meetingId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: user.id, action: `meeting.${transition}`, entityType: "meeting", entityId: meetingId, before, after });
    return result.to;
  });
}
