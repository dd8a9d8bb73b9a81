/**
 * Who may see one task: the facts the task page's guards need, and the rule
 * that drafts are the series' office's until the notice issues them.
 */
import type { Kysely } from "kysely";
import type { Database, TaskStatus } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import { can, type Actor, type Resource } from "~/utils/permissions";
import { seriesHat } from "~/utils/series-hat";

export interface TaskAccess {
  id: number;
  seriesId: number;
  status: TaskStatus;
  leadAgencyId: number;
  coordinatingAgencyIds: number[];
  deadline: string | null;
  completedOn: string | null;
  version: number;
  resource: Resource;
}

/** The facts the guards need about one task, or null when there is no such task. */
export async function loadTaskAccess(taskId: number, db: Kysely<Database> = getDb()): Promise<TaskAccess | null> {
  const task = await db
    .selectFrom("tasks")
    .where("id", "=", taskId)
    .select(["id", "series_id", "status", "lead_agency_id", "deadline", "completed_on", "version"])
    .executeTakeFirst();
  if (!task) return null;
  const coordinators = await db.selectFrom("task_coordinators").where("task_id", "=", taskId).select("agency_id").execute();
  const coordinatingAgencyIds = coordinators.map((c) => c.agency_id);
  return {
    id: task.id,
    seriesId: task.series_id,
    status: task.status,
    leadAgencyId: task.lead_agency_id,
    coordinatingAgencyIds,
    deadline: task.deadline,
    completedOn: task.completed_on,
    version: task.version,
    resource: {
      seriesId: task.series_id,
      agencyId: task.lead_agency_id,
      coordinatingAgencyIds,
      published: task.status !== "draft",
    },
  };
}

/**
 * Issued tasks are public to everyone signed in; a draft (created in the
 * meeting, not yet issued by the notice) only to the series' chair and
 * secretaries — not yet to the agencies it will be assigned to.
 */
export function canSeeTask(actor: Actor, resource: Resource): boolean {
  if (!can(actor, "task:read", resource)) return false;
  return resource.published === true || (resource.seriesId !== undefined && seriesHat(actor, resource.seriesId) !== null);
}
