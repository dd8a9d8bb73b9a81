/** One task's page: the task with its origins, its coordinators, and its progress, extensions and completion reports. */
import type { Kysely } from "kysely";
import type { Database, Locale } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import { localName as name } from "./task-sql.server";

export async function getTaskDetail(taskId: number, locale: Locale, db: Kysely<Database> = getDb()) {
  const t = await db
    .selectFrom("tasks")
    .innerJoin("series", "series.id", "tasks.series_id")
    .innerJoin("agencies as lead", "lead.id", "tasks.lead_agency_id")
    .leftJoin("meetings", "meetings.id", "tasks.meeting_id")
    .leftJoin("conclusions", "conclusions.id", "tasks.conclusion_id")
    .leftJoin("blockers", "blockers.id", "tasks.blocker_id")
    .leftJoin("users as creator", "creator.id", "tasks.created_by")
    .where("tasks.id", "=", taskId)
    .selectAll("tasks")
    .select([
      "series.name_vi as series_vi",
      "series.name_en as series_en",
      "lead.name_vi as lead_vi",
      "lead.name_en as lead_en",
      "meetings.title as meeting_title",
      "meetings.period as meeting_period",
      "meetings.starts_at as meeting_starts_at",
      "conclusions.meeting_id as conclusion_meeting_id",
      "conclusions.body as conclusion_body",
      "blockers.title as blocker_title",
      "creator.full_name as creator_name",
    ])
    .executeTakeFirst();
  if (!t) return null;

  const [coordinators, progress, extensions, completions] = await Promise.all([
    db
      .selectFrom("task_coordinators")
      .innerJoin("agencies", "agencies.id", "task_coordinators.agency_id")
      .where("task_coordinators.task_id", "=", taskId)
      .select(["agencies.id", "agencies.name_vi", "agencies.name_en"])
      .orderBy("agencies.name_vi")
      .execute(),
    db
      .selectFrom("progress_reports as p")
      .innerJoin("agencies", "agencies.id", "p.agency_id")
      .innerJoin("users", "users.id", "p.created_by")
      .where("p.task_id", "=", taskId)
      .select(["p.id", "p.agency_id", "p.percent", "p.body", "p.report_date", "p.created_at", "agencies.name_vi", "agencies.name_en", "users.full_name"])
      .orderBy("p.report_date", "desc")
      .orderBy("p.id", "desc")
      .execute(),
    db
      .selectFrom("extension_requests as x")
      .innerJoin("users as author", "author.id", "x.created_by")
      .leftJoin("users as decider", "decider.id", "x.decided_by")
      .where("x.task_id", "=", taskId)
      .selectAll("x")
      .select(["author.full_name as author_name", "decider.full_name as decider_name"])
      .orderBy("x.id", "desc")
      .execute(),
    db
      .selectFrom("completion_reports as c")
      .innerJoin("users as author", "author.id", "c.created_by")
      .leftJoin("users as decider", "decider.id", "c.decided_by")
      .where("c.task_id", "=", taskId)
      .selectAll("c")
      .select(["author.full_name as author_name", "decider.full_name as decider_name"])
      .orderBy("c.id", "desc")
      .execute(),
  ]);

  return {
    task: {
      id: t.id,
      title: t.title,
      description: t.description,
      expectedResult: t.expected_result,
      pillar: t.pillar,
      status: t.status,
      deadline: t.deadline,
      originalDeadline: t.original_deadline,
      completedOn: t.completed_on,
      reportNextMeeting: t.report_next_meeting === 1,
      version: t.version,
      createdAt: t.created_at,
      creatorName: t.creator_name,
      seriesId: t.series_id,
      seriesName: name(locale, t.series_vi, t.series_en),
      leadAgencyId: t.lead_agency_id,
      leadAgency: name(locale, t.lead_vi, t.lead_en),
      coordinators: coordinators.map((c) => ({ id: c.id, name: name(locale, c.name_vi, c.name_en) })),
      meeting: t.meeting_id !== null ? { id: t.meeting_id, title: t.meeting_title ?? "", period: t.meeting_period ?? "", startsAt: t.meeting_starts_at } : null,
      conclusion: t.conclusion_id !== null ? { id: t.conclusion_id, meetingId: t.conclusion_meeting_id, body: t.conclusion_body ?? "" } : null,
      blocker: t.blocker_id !== null ? { id: t.blocker_id, title: t.blocker_title ?? "" } : null,
    },
    progress: progress.map((p) => ({
      id: p.id,
      agencyId: p.agency_id,
      agency: name(locale, p.name_vi, p.name_en),
      isLead: p.agency_id === t.lead_agency_id,
      percent: p.percent,
      body: p.body,
      reportDate: p.report_date,
      authorName: p.full_name,
      createdAt: p.created_at,
    })),
    extensions: extensions.map((x) => ({
      id: x.id,
      previousDeadline: x.previous_deadline,
      requestedDeadline: x.requested_deadline,
      reason: x.reason,
      status: x.status,
      decisionReason: x.decision_reason,
      deciderName: x.decider_name,
      decidedAt: x.decided_at,
      authorName: x.author_name,
      createdAt: x.created_at,
    })),
    completions: completions.map((c) => ({
      id: c.id,
      result: c.result,
      evidence: c.evidence,
      completedOn: c.completed_on,
      status: c.status,
      decisionReason: c.decision_reason,
      deciderName: c.decider_name,
      decidedAt: c.decided_at,
      authorName: c.author_name,
      createdAt: c.created_at,
    })),
  };
}
export type TaskDetail = NonNullable<Awaited<ReturnType<typeof getTaskDetail>>>;
