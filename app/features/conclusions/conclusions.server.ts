/**
 * In session: the secretary records a conclusion per agenda item, creates
 * the tasks it assigns (as drafts until the notice is issued), or marks the
 * item "not reached" so it carries over to the next meeting.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database, TaskStatus } from "../../../db/schema";
import type { SessionUser } from "~/utils/auth.server";
import { recordAudit } from "~/utils/audit.server";
import { nowIso, vnDayOf } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { recordsLocked, sessionOpen } from "~/features/meetings/meetings-rules";
import type { NewTaskInput } from "./conclusions-schemas";
import { createTask } from "~/features/tasks/task-create.server";

async function openItem(trx: Transaction<Database>, meetingId: number, itemId: number, opts: { allowAfterIssue?: boolean } = {}) {
  const meeting = await trx.selectFrom("meetings").where("id", "=", meetingId).selectAll().executeTakeFirst();
  if (!meeting) throw refuse.notFound();
  const item = await trx.selectFrom("agenda_items").where("id", "=", itemId).where("meeting_id", "=", meetingId).selectAll().executeTakeFirst();
  if (!item || item.removed === 1) throw refuse.notFound();
  const allowed = sessionOpen(meeting.status) || meeting.status === "concluded" || (opts.allowAfterIssue && recordsLocked(meeting.status));
  if (!allowed) throw refuse.conflict("meetings.refused.not_in_session");
  return { meeting, item };
}

/** What a stale save of a conclusion collided with: the text and version stored now (a type, not an interface: it travels as a refusal's detail). */
export type ConclusionConflict = {
  current: string;
  version: number;
};

/**
 * Records or rewrites an item's conclusion. After the notice is issued a
 * change is an amendment: the original stays in the audit history.
 *
 * It saves over the version the secretary started from. If someone saved
 * in between, nothing is written and the stored text comes back with the
 * refusal (409 `session.conflict`, detail `ConclusionConflict`), so the
 * secretary can merge both texts without losing either.
 */
export async function recordConclusion(
  user: SessionUser,
  meetingId: number,
  itemId: number,
  body: string,
  baseVersion: number,
  options: WriteOptions = {},
): Promise<Outcome<{ itemId: number }>> {
  return write(
    user,
    async (trx) => {
      const { meeting, item } = await openItem(trx, meetingId, itemId, { allowAfterIssue: true });
      const existing = await trx.selectFrom("conclusions").where("agenda_item_id", "=", itemId).selectAll().executeTakeFirst();
      if ((existing?.version ?? 0) !== baseVersion) {
        const conflict: ConclusionConflict = { current: existing?.body ?? "", version: existing?.version ?? 0 };
        throw refuse.conflict("session.conflict", conflict);
      }
      const at = nowIso();
      const amended = recordsLocked(meeting.status);
      if (existing) {
        const after = await trx
          .updateTable("conclusions")
          .set({ body, version: existing.version + 1, updated_at: at })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          actorUserId: user.id,
          action: amended ? "conclusion.amended" : "conclusion.edited",
          entityType: "conclusion",
          entityId: existing.id,
          before: existing,
          after,
        });
      } else {
        if (amended) throw refuse.conflict("meetings.refused.locked");
        const row = await trx
          .insertInto("conclusions")
          .values({ meeting_id: meetingId, agenda_item_id: itemId, body, created_by: user.id, updated_at: at })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { actorUserId: user.id, action: "conclusion.recorded", entityType: "conclusion", entityId: row.id, after: row });
      }
      if (item.outcome !== "concluded") {
        await trx
          .updateTable("agenda_items")
          .set({ outcome: "concluded", version: item.version + 1, updated_at: at })
          .where("id", "=", itemId)
          .execute();
        await recordAudit(trx, {
          actorUserId: user.id,
          action: "agenda_item.concluded",
          entityType: "agenda_item",
          entityId: itemId,
          before: { outcome: item.outcome },
          after: { outcome: "concluded" },
        });
      }
      return { itemId };
    },
    options,
  );
}

/** The item was not reached: it carries over to the next meeting's agenda. */
export async function markNotReached(user: SessionUser, meetingId: number, itemId: number, options: WriteOptions = {}): Promise<Outcome<{ itemId: number }>> {
  return write(
    user,
    async (trx) => {
      const { meeting, item } = await openItem(trx, meetingId, itemId);
      if (!sessionOpen(meeting.status)) throw refuse.conflict("meetings.refused.not_in_session");
      const hasConclusion = await trx.selectFrom("conclusions").where("agenda_item_id", "=", itemId).select("id").executeTakeFirst();
      if (hasConclusion) throw refuse.conflict("meetings.refused.already_concluded");
      await trx
        .updateTable("agenda_items")
        .set({ outcome: "not_reached", version: item.version + 1, updated_at: nowIso() })
        .where("id", "=", itemId)
        .execute();
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "agenda_item.not_reached",
        entityType: "agenda_item",
        entityId: itemId,
        before: { outcome: item.outcome },
        after: { outcome: "not_reached" },
      });
      return { itemId };
    },
    options,
  );
}

/** Creates a task assigned by an item's conclusion. It stays a draft until the notice is issued. */
export async function createTaskFromConclusion(
  user: SessionUser,
  meetingId: number,
  input: NewTaskInput,
  options: WriteOptions = {},
): Promise<Outcome<{ id: number }>> {
  return write(
    user,
    async (trx) => {
      const { meeting, item } = await openItem(trx, meetingId, input.itemId);
      const conclusion = await trx.selectFrom("conclusions").where("agenda_item_id", "=", item.id).select("id").executeTakeFirst();
      if (!conclusion) throw refuse.invalid({ title: { key: "session.concludeFirst" } });
      const agencyIds = [input.leadAgencyId, ...input.coordinatingAgencyIds];
      const agencies = await trx.selectFrom("agencies").where("id", "in", agencyIds).where("active", "=", 1).select("id").execute();
      const known = new Set(agencies.map((a) => a.id));
      if (!known.has(input.leadAgencyId)) throw refuse.invalid({ leadAgencyId: { key: "validation.invalidChoice" } });
      if (input.coordinatingAgencyIds.some((id) => !known.has(id))) throw refuse.invalid({ coordinatingAgencyIds: { key: "validation.invalidChoice" } });
      if (input.deadline && input.deadline < vnDayOf(meeting.starts_at)) throw refuse.invalid({ deadline: { key: "session.deadlineBeforeMeeting" } });
      const blocker = item.blocker_id
        ? await trx.selectFrom("blockers").where("id", "=", item.blocker_id).select(["id", "pillar"]).executeTakeFirst()
        : undefined;
      const id = await createTask(trx, user.id, {
        seriesId: meeting.series_id,
        meetingId,
        conclusionId: conclusion.id,
        blockerId: blocker?.id ?? null,
        title: input.title,
        description: "",
        expectedResult: input.expectedResult ?? "",
        pillar: blocker?.pillar ?? null,
        leadAgencyId: input.leadAgencyId,
        coordinatingAgencyIds: input.coordinatingAgencyIds,
        deadline: input.deadline,
        reportNextMeeting: input.reportNextMeeting,
        status: "draft",
      });
      return { id };
    },
    options,
  );
}

/** A draft task can be taken back before the notice makes it live. */
export async function deleteDraftTask(user: SessionUser, meetingId: number, taskId: number, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  return write(
    user,
    async (trx) => {
      const task = await trx.selectFrom("tasks").where("id", "=", taskId).where("meeting_id", "=", meetingId).selectAll().executeTakeFirst();
      if (!task) throw refuse.notFound();
      if (task.status !== "draft") throw refuse.conflict("meetings.refused.task_live");
      await trx.deleteFrom("task_coordinators").where("task_id", "=", taskId).execute();
      await trx.deleteFrom("tasks").where("id", "=", taskId).execute();
      await recordAudit(trx, { actorUserId: user.id, action: "task.deleted_draft", entityType: "task", entityId: taskId, before: task });
      return { id: taskId };
    },
    options,
  );
}

export interface SessionTask {
  id: number;
  conclusionId: number | null;
  title: string;
  leadAgencyId: number;
  leadVi: string;
  leadEn: string;
  coordinators: Array<{ id: number; nameVi: string; nameEn: string }>;
  deadline: string | null;
  originalDeadline: string | null;
  expectedResult: string;
  reportNextMeeting: boolean;
  status: TaskStatus;
}

/**
 * The tasks a meeting's conclusions assigned, with their agencies, in creation order.
 * Inside a change, pass its transaction: it holds the one connection.
 */
export async function tasksOfMeeting(meetingId: number, db: Kysely<Database> | Transaction<Database> = getDb()): Promise<SessionTask[]> {
  const tasks = await db
    .selectFrom("tasks")
    .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
    .where("tasks.meeting_id", "=", meetingId)
    .orderBy("tasks.id")
    .select([
      "tasks.id",
      "tasks.conclusion_id",
      "tasks.title",
      "tasks.lead_agency_id",
      "agencies.name_vi",
      "agencies.name_en",
      "tasks.deadline",
      "tasks.original_deadline",
      "tasks.expected_result",
      "tasks.report_next_meeting",
      "tasks.status",
    ])
    .execute();
  const coords = tasks.length
    ? await db
        .selectFrom("task_coordinators")
        .innerJoin("agencies", "agencies.id", "task_coordinators.agency_id")
        .where(
          "task_coordinators.task_id",
          "in",
          tasks.map((t) => t.id),
        )
        .select(["task_coordinators.task_id", "agencies.id", "agencies.name_vi", "agencies.name_en"])
        .orderBy("agencies.name_vi")
        .execute()
    : [];
  return tasks.map((t) => ({
    id: t.id,
    conclusionId: t.conclusion_id,
    title: t.title,
    leadAgencyId: t.lead_agency_id,
    leadVi: t.name_vi,
    leadEn: t.name_en,
    coordinators: coords.filter((c) => c.task_id === t.id).map((c) => ({ id: c.id, nameVi: c.name_vi, nameEn: c.name_en })),
    deadline: t.deadline,
    originalDeadline: t.original_deadline,
    expectedResult: t.expected_result,
    reportNextMeeting: t.report_next_meeting === 1,
    status: t.status,
  }));
}
