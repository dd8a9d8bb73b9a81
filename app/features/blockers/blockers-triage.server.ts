/**
 * Step 3: the series' office triages a submitted blocker. A chair decides;
 * a secretary proposes and the chair approves or rejects; a late blocker
 * may be pulled into the meeting it missed.
 */
import type { Blocker, TriageDecision } from "../../../db/schema";
import type { AuditAction } from "~/utils/audit-actions";
import { recordAudit } from "~/utils/audit.server";
import { nowIso, vnToday } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import { seriesHat } from "~/utils/series-hat";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { createTask } from "~/features/tasks/task-create.server";
import { acceptMeeting, canTriage, pullInMeeting, validMergeTarget } from "./blockers-rules";
import type { TriageInput } from "./blockers-schemas";
import { readScope, type Viewer } from "./blockers-scope.server";
import { meetingSlots, reread, type Db } from "./blockers-reads.server";

interface DecisionFields {
  decision: TriageDecision;
  reason: string | null;
  mergeIntoId: number | null;
  /** Where the merge target came from: chosen in the list, or typed by its number (then a refusal names it). */
  mergeTyped: boolean;
  referAgencyId: number | null;
  referDeadline: string | null;
}

function decisionFields(input: TriageInput): DecisionFields {
  const typed = input.decision === "merge" ? input.mergeIntoNumber : null;
  return {
    decision: input.decision,
    reason: input.reason,
    mergeIntoId: input.decision === "merge" ? (typed ?? input.mergeIntoId) : null,
    mergeTyped: typed !== null,
    referAgencyId: input.decision === "refer" ? input.referAgencyId : null,
    referDeadline: input.decision === "refer" ? input.referDeadline : null,
  };
}

/** What a decision points at must still hold: a live merge target, an active agency, a deadline not past. */
async function decisionErrors(trx: Db, user: Viewer, blocker: Blocker, d: DecisionFields): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (d.decision === "merge") {
    // Read in the user's scope: a number typed for a blocker they may not read is a blocker that does not exist.
    const target = d.mergeIntoId
      ? await trx
          .selectFrom("blockers")
          .where("blockers.id", "=", d.mergeIntoId)
          .where(readScope(user))
          .select(["blockers.id", "blockers.series_id", "blockers.status"])
          .executeTakeFirst()
      : undefined;
    const ok = validMergeTarget(
      { id: blocker.id, seriesId: blocker.series_id },
      target && { id: target.id, seriesId: target.series_id, status: target.status },
    );
    if (!ok && !d.mergeTyped) errors.mergeIntoId = { key: "blockers.triage.mergeInvalid" };
    if (!ok && d.mergeTyped) {
      errors.mergeIntoNumber = target
        ? { key: "blockers.triage.mergeNumberNotTarget", params: { id: d.mergeIntoId! } }
        : { key: "blockers.triage.mergeNotFound", params: { id: d.mergeIntoId! } };
    }
  }
  if (d.decision === "refer") {
    const agency = d.referAgencyId
      ? await trx.selectFrom("agencies").where("id", "=", d.referAgencyId).where("active", "=", 1).select("id").executeTakeFirst()
      : undefined;
    if (!agency) errors.referAgencyId = { key: "blockers.triage.agencyInvalid" };
    if (!d.referDeadline || d.referDeadline < vnToday()) errors.referDeadline = { key: "blockers.triage.deadlinePast" };
  }
  return errors;
}

const DECIDED_ACTION: Record<TriageDecision, AuditAction> = {
  accept: "blocker.accepted",
  merge: "blocker.merged",
  refer: "blocker.referred",
  return: "blocker.returned",
  decline: "blocker.declined",
};

/** Applies a decision to the blocker (and, for a referral, creates the live task). Returns the meeting it concerns. */
async function applyDecision(trx: Db, actorId: number, before: Blocker, d: DecisionFields): Promise<number | null> {
  const now = nowIso();
  const common = { triaged_at: now, outcome_reason: d.reason, version: before.version + 1, updated_at: now };
  let meetingId = before.meeting_id;
  let change;
  switch (d.decision) {
    case "accept": {
      meetingId = acceptMeeting(await meetingSlots(trx, before.series_id), {
        meetingId: before.meeting_id,
        submittedAt: before.submitted_at ?? now,
      });
      if (meetingId === null) throw refuse.conflict("blockers.error.noMeeting");
      change = { ...common, status: "on_agenda" as const, meeting_id: meetingId };
      break;
    }
    case "merge":
      change = { ...common, status: "merged" as const, merged_into_id: d.mergeIntoId };
      break;
    case "refer": {
      await createTask(trx, actorId, {
        seriesId: before.series_id,
        meetingId: null,
        conclusionId: null,
        blockerId: before.id,
        title: before.title,
        description: d.reason ?? "",
        expectedResult: "",
        pillar: before.pillar,
        leadAgencyId: d.referAgencyId!,
        coordinatingAgencyIds: [],
        deadline: d.referDeadline,
        reportNextMeeting: false,
        // A referral is settled outside the meeting, so the task is live at once.
        status: "in_progress",
      });
      change = { ...common, status: "referred" as const };
      break;
    }
    case "return":
      change = { ...common, status: "returned" as const };
      break;
    case "decline":
      change = { ...common, status: "declined" as const };
      break;
  }
  const after = await trx.updateTable("blockers").set(change).where("id", "=", before.id).returningAll().executeTakeFirstOrThrow();
  await recordAudit(trx, { actorUserId: actorId, action: DECIDED_ACTION[d.decision], entityType: "blocker", entityId: before.id, before, after });
  return meetingId;
}

/**
 * A chair's decision applies at once (and sets aside any proposal still
 * pending); a secretary's is a proposal for the chair.
 */
export async function triageBlocker(user: Viewer, id: number, input: TriageInput, options: WriteOptions = {}): Promise<Outcome<{ applied: boolean }>> {
  const d = decisionFields(input);
  return write(
    user,
    async (trx) => {
      const before = await reread(trx, id);
      const hat = seriesHat(user, before.series_id);
      if (!hat) throw new Error("triageBlocker needs the series' chair or secretary; the route checks blocker:triage first");
      if (!canTriage(before.status)) throw refuse.conflict("blockers.error.notAwaitingTriage");
      const errors = await decisionErrors(trx, user, before, d);
      if (Object.keys(errors).length) throw refuse.invalid(errors);
      const pending = await trx.selectFrom("triage_decisions").selectAll().where("blocker_id", "=", id).where("status", "=", "pending").execute();
      const now = nowIso();
      const row = {
        blocker_id: id,
        decision: d.decision,
        reason: d.reason,
        merge_into_id: d.mergeIntoId,
        refer_agency_id: d.referAgencyId,
        refer_deadline: d.referDeadline,
        proposed_by: user.id,
      };

      if (hat === "secretary") {
        if (pending.length) throw refuse.conflict("blockers.error.proposalPending");
        const proposal = await trx
          .insertInto("triage_decisions")
          .values({ ...row, meeting_id: before.meeting_id, status: "pending" })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { actorUserId: user.id, action: "blocker.triage_proposed", entityType: "blocker", entityId: id, after: proposal });
        return { applied: false };
      }

      for (const p of pending) {
        const rejected = await trx
          .updateTable("triage_decisions")
          .set({ status: "rejected", decided_by: user.id, decided_at: now })
          .where("id", "=", p.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { actorUserId: user.id, action: "blocker.triage_rejected", entityType: "blocker", entityId: id, before: p, after: rejected });
      }
      const meetingId = await applyDecision(trx, user.id, before, d);
      await trx
        .insertInto("triage_decisions")
        .values({ ...row, meeting_id: meetingId, status: "approved", decided_by: user.id, decided_at: now })
        .execute();
      return { applied: true };
    },
    options,
  );
}

/** The chair approves (applies) or rejects a secretary's proposal. */
export async function decideProposal(
  user: Viewer,
  id: number,
  decisionId: number,
  approve: boolean,
  options: WriteOptions = {},
): Promise<Outcome<{ approved: boolean }>> {
  return write(
    user,
    async (trx) => {
      const before = await reread(trx, id);
      const proposal = await trx.selectFrom("triage_decisions").selectAll().where("id", "=", decisionId).where("blocker_id", "=", id).executeTakeFirst();
      if (!proposal || proposal.status !== "pending") throw refuse.conflict("blockers.error.noPendingProposal");
      const now = nowIso();
      let meetingId = proposal.meeting_id;
      if (approve) {
        if (!canTriage(before.status)) throw refuse.conflict("blockers.error.notAwaitingTriage");
        const d: DecisionFields = {
          decision: proposal.decision,
          reason: proposal.reason,
          mergeIntoId: proposal.merge_into_id,
          mergeTyped: false,
          referAgencyId: proposal.refer_agency_id,
          referDeadline: proposal.refer_deadline,
        };
        if (Object.keys(await decisionErrors(trx, user, before, d)).length) throw refuse.conflict("blockers.error.proposalStale");
        meetingId = await applyDecision(trx, user.id, before, d);
      }
      const after = await trx
        .updateTable("triage_decisions")
        .set({ status: approve ? "approved" : "rejected", decided_by: user.id, decided_at: now, meeting_id: meetingId })
        .where("id", "=", decisionId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: user.id,
        action: approve ? "blocker.triage_approved" : "blocker.triage_rejected",
        entityType: "blocker",
        entityId: id,
        before: proposal,
        after,
      });
      return { approved: approve };
    },
    options,
  );
}

/** The chair brings a late blocker into the meeting whose cut-off it missed; it stays marked late. */
export async function pullInBlocker(user: Viewer, id: number, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  return write(
    user,
    async (trx) => {
      const before = await reread(trx, id);
      const target = pullInMeeting(await meetingSlots(trx, before.series_id), {
        status: before.status,
        isLate: before.is_late === 1,
        meetingId: before.meeting_id,
        submittedAt: before.submitted_at,
      });
      if (target === null) throw refuse.conflict("blockers.error.cannotPullIn");
      const after = await trx
        .updateTable("blockers")
        .set({ meeting_id: target, version: before.version + 1, updated_at: nowIso() })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: "blocker.pulled_in", entityType: "blocker", entityId: id, before, after });
      return { id };
    },
    options,
  );
}
