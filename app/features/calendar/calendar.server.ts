/**
 * Calendar feeds: the secret address of each user's feed (only its SHA-256
 * is stored, as for sessions), and the feed itself — the meetings of the
 * user's series with their cut-offs, and their agency's open task deadlines.
 * Task deadlines come from `listTasks`, the register's own scoped query, so
 * a feed never shows a task its owner could not see on the register.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/sqlite";
import type { Database, Locale, UserRole } from "../../../db/schema";
import { translator } from "~/i18n";
import { recordAudit } from "~/utils/audit.server";
import { nowIso, vnToday } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { refuse, write, type Outcome } from "~/utils/write.server";
import { env } from "~/utils/env.server";
import type { Actor } from "~/utils/permissions";
import { parseRegisterQuery } from "~/features/tasks/tasks-schemas";
import { listTasks } from "~/features/tasks/tasks.server";
import { cutoffEvent, deadlineEvent, meetingEvent, type EventContext, type FeedMeeting, type FeedTask } from "./calendar-rules";
import { serializeCalendar, type IcsEvent } from "./ics-rules";

export const PROD_ID = "-//UBND tinh//Giao ban//VI";
/** A feed carries at most this many meetings (the latest) and deadlines; years of monthly briefings fit easily. */
const FEED_MEETINGS = 1_000;
const FEED_TASKS = 5_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The site's address for links in feeds and for the feed URL itself: PUBLIC_URL when set, else the request's. */
export function publicOrigin(request: Request): string {
  return (env().PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

export function feedUrl(origin: string, token: string): string {
  return `${origin}/calendar/${token}.ics`;
}

// ---------------------------------------------------------------------------
// The secret address

export interface LiveToken {
  id: number;
  createdAt: string;
}

export async function liveCalendarToken(userId: number, db: Kysely<Database> = getDb()): Promise<LiveToken | null> {
  const row = await db
    .selectFrom("calendar_tokens")
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .select(["id", "created_at"])
    .executeTakeFirst();
  return row ? { id: row.id, createdAt: row.created_at } : null;
}

/** What the audit history keeps of a token: never the token, nor its hash. */
const auditView = (row: { id: number; user_id: number; created_at: string; revoked_at: string | null }) => ({
  id: row.id,
  user_id: row.user_id,
  created_at: row.created_at,
  revoked_at: row.revoked_at,
});

/**
 * Makes a new feed address, revoking the live one if any. `expected` is the
 * live token the user's page showed (null: none); when another tab or a
 * resubmitted form has changed it since, nothing happens (409).
 *
 * No form key, for this change nor for revoking: a key stores the change's
 * value so that a repeated submission gets it back, and this value is the
 * secret address itself, which would then sit in the database for two days
 * beside its hash. `expected` already makes a repeated submission change
 * nothing.
 */
export async function issueCalendarToken(user: { id: number }, expected: number | null): Promise<Outcome<{ id: number; token: string; replaced: boolean }>> {
  return write(user, async (trx) => {
    const live = await trx.selectFrom("calendar_tokens").where("user_id", "=", user.id).where("revoked_at", "is", null).selectAll().executeTakeFirst();
    if ((live?.id ?? null) !== expected) throw refuse.conflict("calendar.stale");
    const at = nowIso();
    let before = null;
    if (live) {
      before = await trx.updateTable("calendar_tokens").set({ revoked_at: at }).where("id", "=", live.id).returningAll().executeTakeFirstOrThrow();
    }
    const token = randomBytes(32).toString("base64url");
    const created = await trx
      .insertInto("calendar_tokens")
      .values({ user_id: user.id, token_hash: hashToken(token), created_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: user.id,
      action: live ? "calendar_token.regenerated" : "calendar_token.created",
      entityType: "calendar_token",
      entityId: created.id,
      before: before ? auditView(before) : undefined,
      after: auditView(created),
    });
    return { id: created.id, token, replaced: live !== undefined };
  });
}

/** Revokes the live address the page showed (`expected`); any other is stale (409) and nothing happens. */
export async function revokeCalendarToken(user: { id: number }, expected: number | null): Promise<Outcome<{ id: number }>> {
  return write(user, async (trx) => {
    const live = await trx.selectFrom("calendar_tokens").where("user_id", "=", user.id).where("revoked_at", "is", null).selectAll().executeTakeFirst();
    if (!live || live.id !== expected) throw refuse.conflict("calendar.stale");
    const after = await trx.updateTable("calendar_tokens").set({ revoked_at: nowIso() }).where("id", "=", live.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "calendar_token.revoked",
      entityType: "calendar_token",
      entityId: live.id,
      before: auditView(live),
      after: auditView(after),
    });
    return { id: live.id };
  });
}

/**
 * Revokes a user's live link, if any, inside the caller's transaction: a
 * feed address must not outlive the credentials it was made under. Called
 * when an account is deactivated (so reactivating it does not bring the old
 * address back) and when its password is reset or changed (a link made by
 * whoever knew the old password stops). Returns how many were revoked.
 */
export async function revokeCalendarLinksOf(trx: Transaction<Database>, userId: number, actorUserId: number): Promise<number> {
  const live = await trx.selectFrom("calendar_tokens").where("user_id", "=", userId).where("revoked_at", "is", null).selectAll().execute();
  const at = nowIso();
  for (const token of live) {
    const after = await trx.updateTable("calendar_tokens").set({ revoked_at: at }).where("id", "=", token.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId,
      action: "calendar_token.revoked",
      entityType: "calendar_token",
      entityId: token.id,
      before: auditView(token),
      after: auditView(after),
    });
  }
  return live.length;
}

// ---------------------------------------------------------------------------
// The feed

interface FeedOwner extends Actor {
  fullName: string;
  locale: Locale;
}

/** The active user a live token belongs to, as the permission checks see them; null for an unknown or revoked token. */
async function ownerOf(token: string, db: Kysely<Database>): Promise<FeedOwner | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db
    .selectFrom("calendar_tokens")
    .innerJoin("users", "users.id", "calendar_tokens.user_id")
    .where("calendar_tokens.token_hash", "=", hashToken(token))
    .where("calendar_tokens.revoked_at", "is", null)
    .where("users.active", "=", 1)
    .select(["users.id", "users.role", "users.agency_id", "users.full_name", "users.locale"])
    .executeTakeFirst();
  if (!row) return null;
  const seriesRoles = await db.selectFrom("series_members").where("user_id", "=", row.id).select(["series_id as seriesId", "role"]).execute();
  return { id: row.id, role: row.role, agencyId: row.agency_id, active: true, seriesRoles, fullName: row.full_name, locale: row.locale };
}

const isAgencyRole = (role: UserRole) => role === "agency_head" || role === "agency_staff";

/**
 * The series whose meetings a user's calendar shows: an agency's are those
 * it is a member of, the office's those it chairs or keeps, and observers
 * and administrators follow every active series.
 */
async function feedSeriesIds(owner: Actor, db: Kysely<Database>): Promise<number[]> {
  if (owner.role === "admin" || owner.role === "observer") {
    return (await db.selectFrom("series").where("active", "=", 1).select("id").execute()).map((s) => s.id);
  }
  const ids = new Set(owner.seriesRoles.map((r) => r.seriesId));
  if (isAgencyRole(owner.role) && owner.agencyId !== null) {
    const member = await db.selectFrom("series_agencies").where("agency_id", "=", owner.agencyId).select("series_id").execute();
    for (const m of member) ids.add(m.series_id);
  }
  if (ids.size === 0) return [];
  const active = await db
    .selectFrom("series")
    .where("id", "in", [...ids])
    .where("active", "=", 1)
    .select("id")
    .execute();
  return active.map((s) => s.id);
}

function meetingsQuery(db: Kysely<Database>) {
  return db
    .selectFrom("meetings")
    .innerJoin("series", "series.id", "meetings.series_id")
    .select((eb) => [
      "meetings.id",
      "meetings.title",
      "meetings.period",
      "meetings.starts_at",
      "meetings.cutoff_at",
      "meetings.place",
      "meetings.version",
      "meetings.updated_at",
      "series.name_vi",
      "series.name_en",
      jsonArrayFrom(
        eb.selectFrom("bridge_points").whereRef("bridge_points.meeting_id", "=", "meetings.id").select("bridge_points.label").orderBy("bridge_points.id"),
      ).as("bridge_points"),
    ]);
}

type MeetingRecord = Awaited<ReturnType<ReturnType<typeof meetingsQuery>["execute"]>>[number];

function toFeedMeeting(r: MeetingRecord): FeedMeeting {
  // jsonArrayFrom comes back as JSON text from SQLite unless the plugin parses it.
  const points = (typeof r.bridge_points === "string" ? JSON.parse(r.bridge_points) : r.bridge_points) as Array<{ label: string }>;
  return {
    id: r.id,
    title: r.title,
    seriesNameVi: r.name_vi,
    seriesNameEn: r.name_en,
    period: r.period,
    startsAt: r.starts_at,
    cutoffAt: r.cutoff_at,
    place: r.place,
    bridgePoints: points.map((p) => p.label),
    version: r.version,
    updatedAt: r.updated_at,
  };
}

/** The open tasks (in progress, with a deadline) that the owner's agency leads or coordinates, read through the register. */
async function feedTasks(owner: Actor, locale: Locale, today: string, db: Kysely<Database>): Promise<FeedTask[]> {
  if (!isAgencyRole(owner.role) || owner.agencyId === null) return [];
  const query = parseRegisterQuery(new URLSearchParams({ agency: String(owner.agencyId), role: "either", sort: "deadline" }));
  const register = await listTasks(owner, query, { today, locale, pageSize: FEED_TASKS, db });
  const open = register.rows.filter((r) => r.status === "in_progress" && r.deadline !== null);
  if (open.length === 0) return [];
  // Version and last change, for SEQUENCE and DTSTAMP, of the rows the register returned.
  const meta = await db
    .selectFrom("tasks")
    .where(sql<boolean>`tasks.id IN (SELECT value FROM json_each(${JSON.stringify(open.map((r) => r.id))}))`)
    .select(["id", "version", "updated_at"])
    .execute();
  const metaOf = new Map(meta.map((m) => [m.id, m]));
  return open.map((r) => ({
    id: r.id,
    title: r.title,
    deadline: r.deadline as string,
    leadAgencyId: r.leadAgencyId,
    leadAgency: r.leadAgency,
    coordinators: r.coordinators.map((c) => c.name),
    version: metaOf.get(r.id)?.version ?? 0,
    updatedAt: metaOf.get(r.id)?.updated_at ?? "",
  }));
}

/** The whole feed behind a secret address, or null when the address is unknown or revoked. */
export async function calendarFeed(token: string, origin: string, now: Date = new Date(), db: Kysely<Database> = getDb()): Promise<string | null> {
  const owner = await ownerOf(token, db);
  if (!owner) return null;
  const t = translator(owner.locale);
  const ctx: EventContext = { t, locale: owner.locale, origin };
  const seriesIds = await feedSeriesIds(owner, db);
  const meetings = seriesIds.length
    ? (
        await meetingsQuery(db)
          .where("meetings.series_id", "in", seriesIds)
          .orderBy("meetings.starts_at", "desc")
          .orderBy("meetings.id", "desc")
          .limit(FEED_MEETINGS)
          .execute()
      )
        .reverse()
        .map(toFeedMeeting)
    : [];
  const tasks = await feedTasks(owner, owner.locale, vnToday(now), db);
  const events: IcsEvent[] = [];
  for (const m of meetings) events.push(meetingEvent(m, ctx), cutoffEvent(m, ctx));
  for (const task of tasks) events.push(deadlineEvent(task, owner.agencyId as number, ctx));
  return serializeCalendar({
    prodId: PROD_ID,
    name: t("calendar.feed.name", { name: owner.fullName }),
    description: t("calendar.feed.description"),
    refreshMinutes: 60,
    events,
  });
}

/** One meeting as a file to import ("Add to calendar"), with the same UID as in the feeds. */
export async function meetingCalendar(meetingId: number, locale: Locale, origin: string, db: Kysely<Database> = getDb()): Promise<string | null> {
  const row = await meetingsQuery(db).where("meetings.id", "=", meetingId).executeTakeFirst();
  if (!row) return null;
  const ctx: EventContext = { t: translator(locale), locale, origin };
  return serializeCalendar({ prodId: PROD_ID, method: "PUBLISH", events: [meetingEvent(toFeedMeeting(row), ctx)] });
}

/**
 * What an unknown or revoked address answers. A plain 404 response rather
 * than the app's thrown error data: calendar apps keep polling an address
 * long after it is revoked, and each poll should not log an error.
 */
export function calendarNotFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The headers of every calendar response. */
export function calendarResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex, nofollow",
    },
  });
}
