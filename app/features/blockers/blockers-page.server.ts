/** What /blockers/:id shows, limited to what the reader may read. */
import type { Blocker } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import { recordHistory } from "~/features/audit/audit.server";
import { pullInMeeting } from "./blockers-rules";
import { MERGE_CHOICES } from "./blockers-schemas";
import { activeAgencies, blockerFormOptions } from "./blockers-drafts.server";
import { blockerAbilities, name, readScope, type Viewer } from "./blockers-scope.server";
import { meetingSlots } from "./blockers-reads.server";

/** Everything /blockers/:id shows, limited to what this user may read. */
export async function blockerDetail(user: Viewer, b: Blocker) {
  const db = getDb();
  const locale = user.locale;
  const abilities = blockerAbilities(user, b);
  const agencyIds = [b.agency_id, ...(b.help_agency_id ? [b.help_agency_id] : [])];

  const [agencies, series, meeting, mergedInto, mergedFrom, task, history] = await Promise.all([
    db.selectFrom("agencies").where("id", "in", agencyIds).select(["id", "name_vi", "name_en"]).execute(),
    db.selectFrom("series").where("id", "=", b.series_id).select(["name_vi", "name_en"]).executeTakeFirstOrThrow(),
    b.meeting_id
      ? db.selectFrom("meetings").where("id", "=", b.meeting_id).select(["id", "title", "status", "starts_at", "cutoff_at"]).executeTakeFirst()
      : undefined,
    b.merged_into_id
      ? db.selectFrom("blockers").where("blockers.id", "=", b.merged_into_id).where(readScope(user)).select(["id", "title"]).executeTakeFirst()
      : undefined,
    db
      .selectFrom("blockers")
      .innerJoin("agencies", "agencies.id", "blockers.agency_id")
      .where("blockers.merged_into_id", "=", b.id)
      .where(readScope(user))
      .select(["blockers.id", "blockers.title", "agencies.name_vi", "agencies.name_en"])
      .orderBy("blockers.id")
      .execute(),
    db
      .selectFrom("tasks")
      .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
      .where("tasks.blocker_id", "=", b.id)
      // A task still in draft (its notice not yet issued) is the office's alone.
      .$if(!abilities.office, (q) => q.where("tasks.status", "!=", "draft"))
      .select(["tasks.id", "tasks.title", "tasks.deadline", "tasks.status", "agencies.name_vi", "agencies.name_en"])
      .orderBy("tasks.id", "desc")
      .executeTakeFirst(),
    // Filtered by the reader: drafts, returns and proposals stay with the agency and the office.
    recordHistory(user, { kind: "blocker", id: b.id, seriesId: b.series_id, agencyId: b.agency_id, status: b.status }),
  ]);
  const agencyName = (id: number | null) => {
    const a = agencies.find((x) => x.id === id);
    return a ? name(a, locale) : null;
  };

  // The office's working papers: proposals and decisions, and what triage needs.
  const office = abilities.office
    ? await (async () => {
        const decisions = await db
          .selectFrom("triage_decisions")
          .innerJoin("users as proposer", "proposer.id", "triage_decisions.proposed_by")
          .leftJoin("users as decider", "decider.id", "triage_decisions.decided_by")
          .leftJoin("agencies", "agencies.id", "triage_decisions.refer_agency_id")
          .where("triage_decisions.blocker_id", "=", b.id)
          .select([
            "triage_decisions.id",
            "triage_decisions.decision",
            "triage_decisions.reason",
            "triage_decisions.status",
            "triage_decisions.merge_into_id",
            "triage_decisions.refer_deadline",
            "triage_decisions.created_at",
            "triage_decisions.decided_at",
            "proposer.full_name as proposerName",
            "decider.full_name as deciderName",
            "agencies.name_vi",
            "agencies.name_en",
          ])
          .orderBy("triage_decisions.id", "desc")
          .execute();
        const triageChoices = abilities.triage
          ? await Promise.all([
              // The likeliest duplicates: what else awaits the same meeting or is on its agenda
              // (or, before any meeting, what else waits for one). Others are typed by number.
              db
                .selectFrom("blockers")
                .innerJoin("agencies", "agencies.id", "blockers.agency_id")
                .where((eb) => (b.meeting_id === null ? eb("blockers.meeting_id", "is", null) : eb("blockers.meeting_id", "=", b.meeting_id)))
                .where("blockers.series_id", "=", b.series_id)
                .where("blockers.status", "in", ["submitted", "on_agenda"])
                .where("blockers.id", "!=", b.id)
                .select(["blockers.id", "blockers.title", "agencies.name_vi", "agencies.name_en"])
                .orderBy("blockers.id", "desc")
                .limit(MERGE_CHOICES)
                .execute(),
              activeAgencies(locale),
            ])
          : null;
        let pullIn: { id: number; title: string } | null = null;
        if (abilities.approve) {
          const slots = await meetingSlots(db, b.series_id);
          const target = pullInMeeting(slots, { status: b.status, isLate: b.is_late === 1, meetingId: b.meeting_id, submittedAt: b.submitted_at });
          if (target !== null) {
            pullIn = (await db.selectFrom("meetings").where("id", "=", target).select(["id", "title"]).executeTakeFirst()) ?? null;
          }
        }
        return {
          decisions: decisions.map((d) => ({
            id: d.id,
            decision: d.decision,
            reason: d.reason,
            status: d.status,
            mergeIntoId: d.merge_into_id,
            referAgency: d.name_vi && d.name_en ? name({ name_vi: d.name_vi, name_en: d.name_en }, locale) : null,
            referDeadline: d.refer_deadline,
            proposedAt: d.created_at,
            decidedAt: d.decided_at,
            proposerName: d.proposerName,
            deciderName: d.deciderName,
          })),
          mergeCandidates: (triageChoices?.[0] ?? []).map((c) => ({ value: String(c.id), label: `#${c.id} ${c.title} (${name(c, locale)})` })),
          agencies: triageChoices?.[1] ?? [],
          pullIn,
        };
      })()
    : null;

  const pending = b.status === "submitted" ? (office?.decisions.find((d) => d.status === "pending") ?? null) : null;
  const form = abilities.edit ? await blockerFormOptions(user) : null;

  return {
    blocker: {
      id: b.id,
      seriesId: b.series_id,
      title: b.title,
      description: b.description,
      pillar: b.pillar,
      severity: b.severity,
      helpAgencyId: b.help_agency_id,
      proposal: b.proposal,
      planTarget: b.plan_target,
      status: b.status,
      isLate: b.is_late === 1,
      outcomeReason: b.outcome_reason,
      submittedAt: b.submitted_at,
      triagedAt: b.triaged_at,
      createdAt: b.created_at,
      version: b.version,
      agencyName: agencyName(b.agency_id),
      helpAgencyName: agencyName(b.help_agency_id),
      seriesName: name(series, locale),
    },
    meeting: meeting ? { id: meeting.id, title: meeting.title, status: meeting.status, startsAt: meeting.starts_at, cutoffAt: meeting.cutoff_at } : null,
    mergedInto: b.merged_into_id ? { id: b.merged_into_id, title: mergedInto?.title ?? null } : null,
    mergedFrom: mergedFrom.map((m) => ({ id: m.id, title: m.title, agencyName: name(m, locale) })),
    task: task ? { id: task.id, title: task.title, deadline: task.deadline, status: task.status, agencyName: name(task, locale) } : null,
    office,
    pending,
    form,
    abilities,
    history,
  };
}

export type BlockerPage = Awaited<ReturnType<typeof blockerDetail>>;
