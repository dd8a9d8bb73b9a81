import { sql, type Kysely, type SqlBool, type Transaction } from "kysely";
import type { AgendaItem, AgendaItemKind, AgendaItemOutcome, Database, TaskStatus } from "../../../db/schema";
import type { SessionUser } from "~/utils/auth.server";
import type { AuditAction } from "~/utils/audit-actions";
import { recordAudit } from "~/utils/audit.server";
import { nowIso, vnDayOf } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { cachedUntilWrite } from "~/utils/generation-cache.server";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { agendaEditable } from "~/features/meetings/meetings-rules";
import { buildAgenda, taskReasons, type AgendaInput, type AgendaReason, type SeriesTask } from "./agenda-rules";

type Db = Kysely<Database> | Transaction<Database>;

async function meetingOrNotFound(db: Db, meetingId: number) {
  const meeting = await db.selectFrom("meetings").where("id", "=", meetingId).selectAll().executeTakeFirst();
  if (!meeting) throw refuse.notFound();
  return meeting;
}

async function previousMeetingId(db: Db, meeting: { id: number; series_id: number; starts_at: string }): Promise<number | null> {
  const prev = await db
    .selectFrom("meetings")
    .where("series_id", "=", meeting.series_id)
    .where("starts_at", "<", meeting.starts_at)
    .orderBy("starts_at", "desc")
    .select("id")
    .executeTakeFirst();
  return prev?.id ?? null;
}

/** A due task as the JSON array of loadAgendaInput, in the order of its columns. */
type DueRow = [id: number, leadAgencyId: number, deadline: string | null, reportNextMeeting: number, meetingId: number | null, timesOnAgenda: number];

/** Loads everything the agenda rule needs for one meeting (inside a change, a missing meeting refuses it with 404). */
export async function loadAgendaInput(db: Db, meetingId: number): Promise<AgendaInput> {
  const meeting = await meetingOrNotFound(db, meetingId);
  const prevId = await previousMeetingId(db, meeting);
  const previousItems = prevId
    ? await db
        .selectFrom("agenda_items")
        .where("meeting_id", "=", prevId)
        .select(["id", "kind", "title", "blocker_id", "task_id", "presenter_agency_id", "minutes", "carry_count", "outcome", "removed"])
        .execute()
    : [];
  const priorTaskIds = previousItems.map((i) => i.task_id).filter((id): id is number => id !== null);
  const day = vnDayOf(meeting.starts_at);
  // Only the tasks the rule can use: open and due by the meeting day, open and
  // flagged by the previous meeting, or on the previous agenda. Any other task
  // of the series has no reason to be on this agenda (see taskReasons). The
  // first two are served by a covering index over open tasks; at province size
  // they are thousands of rows, so they read no column the rule does not use.
  const columns = ["id", "title", "lead_agency_id", "deadline", "report_next_meeting", "meeting_id", "times_on_agenda"] as const;
  const open = db.selectFrom("tasks").where("series_id", "=", meeting.series_id).where("status", "=", "in_progress");
  // The due tasks come as one JSON array of rows, without their titles (the items take them as they are
  // stored): at province size they are ~10k, and SQLite writing the array and V8 parsing it takes about
  // half as long as the driver making an object per row; the titles were most of the bytes.
  const dueColumns = columns.filter((c) => c !== "title");
  const dueJson = await open
    .where("deadline", "<=", day)
    .select(sql<string>`json_group_array(json_array(${sql.join(dueColumns.map((c) => sql.ref(c)))}))`.as("rows"))
    .executeTakeFirstOrThrow();
  const flaggedTasks = prevId ? await open.where("meeting_id", "=", prevId).where("report_next_meeting", "=", 1).select(columns).execute() : [];
  // By primary key alone: with the series in the where, the planner walks the series' index instead.
  const priorTasks = priorTaskIds.length
    ? await db
        .selectFrom("tasks")
        .where(sql<SqlBool>`id IN (SELECT value FROM json_each(${JSON.stringify(priorTaskIds)}))`)
        .select([...columns, "status", "series_id"])
        .execute()
    : [];
  const acceptedBlockers = await db
    .selectFrom("blockers")
    .where("meeting_id", "=", meetingId)
    .where("status", "=", "on_agenda")
    .select(["id", "title", "agency_id", "severity", "submitted_at"])
    .execute();
  const existing = await db
    .selectFrom("agenda_items")
    .where("meeting_id", "=", meetingId)
    .select(["id", "position", "source", "blocker_id", "task_id", "carried_from_item_id", "removed", "outcome"])
    .execute();
  // times_on_agenda counts every meeting; the rule wants the other meetings only.
  const onThisAgenda = new Set(existing.filter((e) => e.task_id !== null && e.removed === 0).map((e) => e.task_id));
  const tasks: SeriesTask[] = [];
  const seen = new Set<number>();
  const add = (task: SeriesTask) => {
    if (seen.has(task.id)) return;
    seen.add(task.id);
    if (onThisAgenda.has(task.id)) task.timesOnAgenda--;
    tasks.push(task);
  };
  for (const r of JSON.parse(dueJson.rows) as DueRow[]) {
    add({ id: r[0], status: "in_progress", leadAgencyId: r[1], deadline: r[2], reportNextMeeting: r[3] === 1, originMeetingId: r[4], timesOnAgenda: r[5] });
  }
  const fromRow = (t: (typeof flaggedTasks)[number], status: TaskStatus): SeriesTask => ({
    id: t.id,
    title: t.title,
    status,
    leadAgencyId: t.lead_agency_id,
    deadline: t.deadline,
    reportNextMeeting: t.report_next_meeting === 1,
    originMeetingId: t.meeting_id,
    timesOnAgenda: t.times_on_agenda,
  });
  for (const t of flaggedTasks) add(fromRow(t, "in_progress"));
  for (const t of priorTasks) if (t.series_id === meeting.series_id) add(fromRow(t, t.status));
  return {
    meeting: { day, previousMeetingId: prevId },
    acceptedBlockers: acceptedBlockers.map((b) => ({
      id: b.id,
      title: b.title,
      agencyId: b.agency_id,
      severity: b.severity,
      submittedAt: b.submitted_at ?? "",
    })),
    tasks,
    previousItems: previousItems.map((i) => ({
      id: i.id,
      kind: i.kind,
      title: i.title,
      blockerId: i.blocker_id,
      taskId: i.task_id,
      presenterAgencyId: i.presenter_agency_id,
      minutes: i.minutes,
      carryCount: i.carry_count,
      outcome: i.outcome,
      removed: i.removed === 1,
    })),
    existing: existing.map((e) => ({
      id: e.id,
      position: e.position,
      source: e.source,
      blockerId: e.blocker_id,
      taskId: e.task_id,
      carriedFromItemId: e.carried_from_item_id,
      removed: e.removed === 1,
      outcome: e.outcome,
    })),
  };
}

/** A presenter must be an active agency; anything else is the user's input error, not a crash. */
async function presenterIsValid(db: Db, agencyId: number | null): Promise<boolean> {
  if (agencyId === null) return true;
  return (await db.selectFrom("agencies").where("id", "=", agencyId).where("active", "=", 1).select("id").executeTakeFirst()) !== undefined;
}

const badPresenter = () => refuse.invalid({ presenterAgencyId: { key: "validation.invalidChoice" } });

function refuseUnlessEditable(status: string) {
  if (!agendaEditable(status as never)) throw refuse.conflict("meetings.refused.agenda_locked");
}

/** Agenda items inserted per statement: at most 13 values each, well under SQLite's 32 766 parameters. */
const INSERT_BATCH = 500;

/**
 * Builds (or rebuilds) the agenda by rule in one transaction: adds what is
 * missing, drops rule items whose reason has gone, keeps every hand edit.
 */
export async function rebuildAgenda(user: SessionUser, meetingId: number, options: WriteOptions = {}): Promise<Outcome<{ added: number; dropped: number }>> {
  return write(
    user,
    async (trx) => {
      const meeting = await meetingOrNotFound(trx, meetingId);
      refuseUnlessEditable(meeting.status);
      const plan = buildAgenda(await loadAgendaInput(trx, meetingId));
      const at = nowIso();
      // Ids as one JSON parameter and rows in batches: a province's agenda can hold thousands of
      // items, more than SQLite binds parameters (32 766) and too many for a statement each.
      if (plan.stale.length) {
        await trx
          .deleteFrom("agenda_items")
          .where(sql<SqlBool>`id IN (SELECT value FROM json_each(${JSON.stringify(plan.stale)}))`)
          .execute();
      }
      for (let i = 0; i < plan.add.length; i += INSERT_BATCH) {
        await trx
          .insertInto("agenda_items")
          .values(
            plan.add.slice(i, i + INSERT_BATCH).map((item) => ({
              meeting_id: meetingId,
              position: item.position,
              kind: item.kind,
              // A due task's title is read here, by the statement that stores its item.
              title: item.title ?? sql<string>`(SELECT title FROM tasks WHERE id = ${item.taskId})`,
              blocker_id: item.blockerId,
              task_id: item.taskId,
              carried_from_item_id: item.carriedFromItemId,
              carry_count: item.carryCount,
              presenter_agency_id: item.presenterAgencyId,
              minutes: item.minutes,
              source: "rule" as const,
              updated_at: at,
            })),
          )
          .execute();
      }
      await trx.updateTable("meetings").set({ agenda_built_at: at, updated_at: at }).where("id", "=", meetingId).execute();
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "agenda.built",
        entityType: "meeting",
        entityId: meetingId,
        // Counts only: the meeting's history is public, its draft agenda is not.
        after: { added: plan.add.length, dropped: plan.stale.length },
      });
      return { added: plan.add.length, dropped: plan.stale.length };
    },
    options,
  );
}

export interface AgendaRow {
  id: number;
  position: number;
  kind: AgendaItemKind;
  title: string;
  blockerId: number | null;
  taskId: number | null;
  carryCount: number;
  presenterAgencyId: number | null;
  presenterVi: string | null;
  presenterEn: string | null;
  minutes: number | null;
  source: "rule" | "manual";
  removed: boolean;
  removedReason: string | null;
  outcome: AgendaItemOutcome;
  version: number;
  conclusionId: number | null;
  conclusion: string | null;
  conclusionVersion: number | null;
  reasons: AgendaReason[];
}

/** The agenda in order (removed items last), with each item's conclusion and why it is there. */
export async function listAgenda(meetingId: number): Promise<AgendaRow[]> {
  // Read by the meeting page, the session page and the agenda's Word file, each view: kept until the next write.
  return cachedUntilWrite(getDb(), ["agenda", meetingId], () => readAgenda(meetingId));
}

async function readAgenda(meetingId: number): Promise<AgendaRow[]> {
  const db = getDb();
  // Its pages have answered 404 for a meeting that does not exist before they ask for its agenda.
  const meeting = await db.selectFrom("meetings").where("id", "=", meetingId).selectAll().executeTakeFirst();
  if (!meeting) return [];
  const prevId = await previousMeetingId(db, meeting);
  const rows = await db
    .selectFrom("agenda_items as i")
    .leftJoin("agencies as a", "a.id", "i.presenter_agency_id")
    .leftJoin("conclusions as c", "c.agenda_item_id", "i.id")
    .leftJoin("tasks as t", "t.id", "i.task_id")
    .where("i.meeting_id", "=", meetingId)
    .orderBy("i.removed")
    .orderBy("i.position")
    .orderBy("i.id")
    .select([
      "i.id",
      "i.position",
      "i.kind",
      "i.title",
      "i.blocker_id",
      "i.task_id",
      "i.carry_count",
      "i.presenter_agency_id",
      "a.name_vi",
      "a.name_en",
      "i.minutes",
      "i.source",
      "i.removed",
      "i.removed_reason",
      "i.outcome",
      "i.version",
      "c.id as conclusion_id",
      "c.body as conclusion",
      "c.version as conclusion_version",
      "t.status as task_status",
      "t.deadline as task_deadline",
      "t.report_next_meeting",
      "t.meeting_id as task_meeting_id",
    ])
    .execute();
  const day = vnDayOf(meeting.starts_at);
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    kind: r.kind,
    title: r.title,
    blockerId: r.blocker_id,
    taskId: r.task_id,
    carryCount: r.carry_count,
    presenterAgencyId: r.presenter_agency_id,
    presenterVi: r.name_vi,
    presenterEn: r.name_en,
    minutes: r.minutes,
    source: r.source,
    removed: r.removed === 1,
    removedReason: r.removed_reason,
    outcome: r.outcome,
    version: r.version,
    conclusionId: r.conclusion_id,
    conclusion: r.conclusion,
    conclusionVersion: r.conclusion_version,
    reasons: [
      ...(r.kind === "carried_over" ? (["not_reached"] as AgendaReason[]) : []),
      ...(r.kind === "new_blocker" ? (["accepted_blocker"] as AgendaReason[]) : []),
      ...(r.task_id !== null && r.task_status
        ? taskReasons(
            {
              id: r.task_id,
              title: r.title,
              status: r.task_status,
              leadAgencyId: r.presenter_agency_id ?? 0,
              deadline: r.task_deadline,
              reportNextMeeting: r.report_next_meeting === 1,
              originMeetingId: r.task_meeting_id,
              timesOnAgenda: r.carry_count,
            },
            { day, previousMeetingId: prevId },
          ).filter((reason) => r.kind !== "carried_over" || reason !== "flagged")
        : []),
    ],
  }));
}

async function itemOf(trx: Transaction<Database>, meetingId: number, itemId: number) {
  const item = await trx.selectFrom("agenda_items").where("id", "=", itemId).where("meeting_id", "=", meetingId).selectAll().executeTakeFirst();
  if (!item) throw refuse.notFound();
  return item;
}

async function updateItem(
  user: SessionUser,
  meetingId: number,
  itemId: number,
  action: AuditAction,
  change: (item: AgendaItem) => Partial<{
    position: number;
    title: string;
    presenter_agency_id: number | null;
    minutes: number | null;
    removed: number;
    removed_reason: string | null;
  }>,
  opts: { expectedVersion?: number },
  options: WriteOptions,
): Promise<Outcome<{ id: number }>> {
  return write(
    user,
    async (trx) => {
      const meeting = await meetingOrNotFound(trx, meetingId);
      refuseUnlessEditable(meeting.status);
      const before = await itemOf(trx, meetingId, itemId);
      // Saving over a newer version would silently undo someone else's edit.
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== before.version) throw refuse.conflict("agenda.conflict");
      const after = await trx
        .updateTable("agenda_items")
        .set({ ...change(before), version: before.version + 1, updated_at: nowIso() })
        .where("id", "=", itemId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action, entityType: "agenda_item", entityId: itemId, before, after });
      return { id: itemId };
    },
    options,
  );
}

export async function editAgendaItem(
  user: SessionUser,
  meetingId: number,
  itemId: number,
  input: { presenterAgencyId: number | null; minutes: number | null; title: string | null; version: number },
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  if (!(await presenterIsValid(getDb(), input.presenterAgencyId))) return badPresenter().outcome;
  return updateItem(
    user,
    meetingId,
    itemId,
    "agenda_item.edited",
    (item) => ({
      presenter_agency_id: input.presenterAgencyId,
      minutes: input.minutes,
      // Rule items keep the title of what they are about; custom items can be renamed.
      title: item.source === "manual" && input.title ? input.title : item.title,
    }),
    { expectedVersion: input.version },
    options,
  );
}

export function removeAgendaItem(user: SessionUser, meetingId: number, itemId: number, reason: string, options: WriteOptions = {}) {
  return updateItem(user, meetingId, itemId, "agenda_item.removed", () => ({ removed: 1, removed_reason: reason }), {}, options);
}

export function restoreAgendaItem(user: SessionUser, meetingId: number, itemId: number, options: WriteOptions = {}) {
  return updateItem(user, meetingId, itemId, "agenda_item.restored", () => ({ removed: 0, removed_reason: null }), {}, options);
}

/** Swaps an item with its neighbour above or below (among items not removed). */
export async function moveAgendaItem(
  user: SessionUser,
  meetingId: number,
  itemId: number,
  direction: "up" | "down",
  options: WriteOptions = {},
): Promise<Outcome<{ moved: boolean }>> {
  return write(
    user,
    async (trx) => {
      const meeting = await meetingOrNotFound(trx, meetingId);
      refuseUnlessEditable(meeting.status);
      const items = await trx
        .selectFrom("agenda_items")
        .where("meeting_id", "=", meetingId)
        .where("removed", "=", 0)
        .orderBy("position")
        .orderBy("id")
        .select(["id", "position"])
        .execute();
      const index = items.findIndex((i) => i.id === itemId);
      if (index < 0) throw refuse.notFound();
      const other = items[direction === "up" ? index - 1 : index + 1];
      if (!other) return { moved: false };
      // Renumber densely so equal positions never make a swap a no-op.
      const order = items.map((i) => i.id);
      order[index] = other.id;
      order[direction === "up" ? index - 1 : index + 1] = itemId;
      const at = nowIso();
      for (const [n, id] of order.entries()) {
        await trx
          .updateTable("agenda_items")
          .set({ position: n + 1, updated_at: at })
          .where("id", "=", id)
          .execute();
      }
      await recordAudit(trx, {
        actorUserId: user.id,
        action: `agenda_item.moved_${direction}`,
        entityType: "agenda_item",
        entityId: itemId,
        before: { order: items.map((i) => i.id) },
        after: { order },
      });
      return { moved: true };
    },
    options,
  );
}

export async function addCustomItem(
  user: SessionUser,
  meetingId: number,
  input: { title: string; kind: "report" | "other"; presenterAgencyId: number | null; minutes: number | null },
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  return write(
    user,
    async (trx) => {
      const meeting = await meetingOrNotFound(trx, meetingId);
      refuseUnlessEditable(meeting.status);
      if (!(await presenterIsValid(trx, input.presenterAgencyId))) throw badPresenter();
      const last = await trx
        .selectFrom("agenda_items")
        .where("meeting_id", "=", meetingId)
        .select((eb) => eb.fn.max("position").as("p"))
        .executeTakeFirst();
      const row = await trx
        .insertInto("agenda_items")
        .values({
          meeting_id: meetingId,
          position: Number(last?.p ?? 0) + 1,
          kind: input.kind,
          title: input.title,
          blocker_id: null,
          task_id: null,
          carried_from_item_id: null,
          presenter_agency_id: input.presenterAgencyId,
          minutes: input.minutes,
          source: "manual",
          updated_at: nowIso(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: "agenda_item.added", entityType: "agenda_item", entityId: row.id, after: row });
      return { id: row.id };
    },
    options,
  );
}
