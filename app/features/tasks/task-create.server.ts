/**
 * Where a task is born. Tasks are assigned in two places — a conclusion in
 * the session (a draft until the notice is issued) and a referral at triage
 * (live at once) — and both call this inside their own `write`, so a task
 * always starts the same way: its coordinators without the lead agency,
 * its first deadline kept as the original one, and its "task.created"
 * audit event in the same transaction.
 */
import type { Insertable, Transaction } from "kysely";
import type { Database, TaskTable } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";

export interface NewTask {
  seriesId: number;
  meetingId: number | null;
  conclusionId: number | null;
  blockerId: number | null;
  title: string;
  description: string;
  expectedResult: string;
  pillar: Insertable<TaskTable>["pillar"];
  leadAgencyId: number;
  coordinatingAgencyIds: readonly number[];
  deadline: string | null;
  reportNextMeeting: boolean;
  /** "draft" for a conclusion's task (live when the notice is issued), "in_progress" for a referral. */
  status: "draft" | "in_progress";
}

/** Inserts the task and its coordinators and records the event; call it inside a `write`. The new task's id. */
export async function createTask(trx: Transaction<Database>, actorUserId: number, input: NewTask): Promise<number> {
  const at = nowIso();
  const task = await trx
    .insertInto("tasks")
    .values({
      series_id: input.seriesId,
      meeting_id: input.meetingId,
      conclusion_id: input.conclusionId,
      blocker_id: input.blockerId,
      title: input.title,
      description: input.description,
      expected_result: input.expectedResult,
      pillar: input.pillar,
      lead_agency_id: input.leadAgencyId,
      original_deadline: input.deadline,
      deadline: input.deadline,
      report_next_meeting: input.reportNextMeeting ? 1 : 0,
      status: input.status,
      created_by: actorUserId,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const coordinators = [...new Set(input.coordinatingAgencyIds)].filter((id) => id !== input.leadAgencyId);
  if (coordinators.length) {
    await trx
      .insertInto("task_coordinators")
      .values(coordinators.map((agency_id) => ({ task_id: task.id, agency_id })))
      .execute();
  }
  await recordAudit(trx, {
    actorUserId,
    action: "task.created",
    entityType: "task",
    entityId: task.id,
    after: { ...task, coordinating_agency_ids: coordinators },
  });
  return task.id;
}
