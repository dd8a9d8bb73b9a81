/**
 * Step 2 of a blocker's life: an agency drafts, edits, submits and
 * withdraws; and the choices its form offers.
 */
import type { Blocker, Locale } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import type { Option } from "~/utils/lookups.server";
import { can } from "~/utils/permissions";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { blockerEditable, canSubmit, canWithdraw, targetMeeting, withdrawNeedsHead } from "./blockers-rules";
import type { EditBlockerInput, NewBlockerInput, NewBlockerIntent } from "./blockers-schemas";
import { blockerResource, name, ownAgencyId, type Viewer } from "./blockers-scope.server";
import { meetingSlots, reread, type Db } from "./blockers-reads.server";

// ---------------------------------------------------------------- the form's choices

/** Active series the agency takes part in; the first is the default. */
async function agencySeries(agencyId: number | null, locale: Locale): Promise<Option[]> {
  if (agencyId === null) return [];
  const rows = await getDb()
    .selectFrom("series")
    .innerJoin("series_agencies", "series_agencies.series_id", "series.id")
    .where("series_agencies.agency_id", "=", agencyId)
    .where("series.active", "=", 1)
    .select(["series.id", "series.name_vi", "series.name_en"])
    .orderBy("series.id")
    .execute();
  return rows.map((r) => ({ value: String(r.id), label: name(r, locale) }));
}

export async function activeAgencies(locale: Locale): Promise<Option[]> {
  const rows = await getDb()
    .selectFrom("agencies")
    .where("active", "=", 1)
    .select(["id", "name_vi", "name_en"])
    .orderBy(locale === "vi" ? "name_vi" : "name_en")
    .execute();
  return rows.map((r) => ({ value: String(r.id), label: name(r, locale) }));
}

export async function blockerFormOptions(user: Viewer) {
  const [series, agencies] = await Promise.all([agencySeries(ownAgencyId(user), user.locale), activeAgencies(user.locale)]);
  return { series, agencies };
}

// ---------------------------------------------------------------- step 2: draft, edit, submit, withdraw

async function checkReferences(trx: Db, agencyId: number, input: { seriesId: number | null; helpAgencyId: number | null }) {
  const errors: FieldErrors = {};
  if (input.seriesId !== null) {
    const member = await trx
      .selectFrom("series_agencies")
      .innerJoin("series", "series.id", "series_agencies.series_id")
      .where("series_agencies.series_id", "=", input.seriesId)
      .where("series_agencies.agency_id", "=", agencyId)
      .where("series.active", "=", 1)
      .select("series.id")
      .executeTakeFirst();
    if (!member) errors.seriesId = { key: "blockers.field.series.invalid" };
  }
  if (input.helpAgencyId !== null) {
    const agency = await trx.selectFrom("agencies").where("id", "=", input.helpAgencyId).where("active", "=", 1).select("id").executeTakeFirst();
    if (!agency) errors.helpAgencyId = { key: "blockers.field.helpAgency.invalid" };
  }
  if (Object.keys(errors).length) throw refuse.invalid(errors);
}

/** Aims the blocker at the first meeting still taking submissions; past its cut-off it is late and goes to the next. */
async function submitIn(trx: Db, actorId: number, before: Blocker): Promise<Blocker> {
  const now = nowIso();
  const target = targetMeeting(await meetingSlots(trx, before.series_id), now);
  const after = await trx
    .updateTable("blockers")
    .set({
      status: "submitted",
      meeting_id: target.meetingId,
      is_late: target.late ? 1 : 0,
      submitted_at: now,
      submitted_by: actorId,
      // A resubmission answers the earlier return; the reason stays in the history.
      outcome_reason: null,
      triaged_at: null,
      version: before.version + 1,
      updated_at: now,
    })
    .where("id", "=", before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, { actorUserId: actorId, action: "blocker.submitted", entityType: "blocker", entityId: before.id, before, after });
  return after;
}

/** What a blocker change comes to: the blocker it made or changed (a form sent twice gets the same back). */
type Changed = { id: number };

export async function createBlocker(user: Viewer, input: NewBlockerInput, intent: NewBlockerIntent, options: WriteOptions = {}): Promise<Outcome<Changed>> {
  const agencyId = ownAgencyId(user);
  if (agencyId === null) throw new Error("createBlocker needs an agency user; the route checks blocker:draft first");
  return write(
    user,
    async (trx) => {
      await checkReferences(trx, agencyId, input);
      const now = nowIso();
      const created = await trx
        .insertInto("blockers")
        .values({
          series_id: input.seriesId,
          agency_id: agencyId,
          title: input.title,
          description: input.description,
          pillar: input.pillar,
          severity: input.severity,
          help_agency_id: input.helpAgencyId,
          proposal: input.proposal,
          plan_target: input.planTarget,
          created_by: user.id,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: "blocker.created", entityType: "blocker", entityId: created.id, after: created });
      if (intent === "submit") await submitIn(trx, user.id, created);
      return { id: created.id };
    },
    options,
  );
}

export async function updateBlocker(user: Viewer, id: number, input: EditBlockerInput, options: WriteOptions = {}): Promise<Outcome<Changed>> {
  return write(
    user,
    async (trx) => {
      const before = await reread(trx, id);
      if (!blockerEditable(before.status)) throw refuse.conflict("blockers.error.notEditable");
      if (before.version !== input.version) throw refuse.conflict("blockers.error.stale");
      // Once sent, the blocker belongs to its series' queue; only a draft may move.
      const seriesId = before.status === "draft" && input.seriesId !== null ? input.seriesId : before.series_id;
      await checkReferences(trx, before.agency_id, { seriesId: seriesId === before.series_id ? null : seriesId, helpAgencyId: input.helpAgencyId });
      const after = await trx
        .updateTable("blockers")
        .set({
          series_id: seriesId,
          title: input.title,
          description: input.description,
          pillar: input.pillar,
          severity: input.severity,
          help_agency_id: input.helpAgencyId,
          proposal: input.proposal,
          plan_target: input.planTarget,
          version: before.version + 1,
          updated_at: nowIso(),
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: "blocker.updated", entityType: "blocker", entityId: id, before, after });
      return { id };
    },
    options,
  );
}

export async function submitBlocker(user: Viewer, id: number, options: WriteOptions = {}): Promise<Outcome<Changed>> {
  return write(
    user,
    async (trx) => {
      const before = await reread(trx, id);
      if (!canSubmit(before.status)) throw refuse.conflict("blockers.error.cannotSubmit");
      await submitIn(trx, user.id, before);
      return { id };
    },
    options,
  );
}

export async function withdrawBlocker(user: Viewer, id: number, options: WriteOptions = {}): Promise<Outcome<Changed>> {
  return write(
    user,
    async (trx) => {
      const before = await reread(trx, id);
      const needed = withdrawNeedsHead(before.status) ? "blocker:submit" : "blocker:draft";
      if (!canWithdraw(before.status) || !can(user, needed, blockerResource(before))) throw refuse.conflict("blockers.error.cannotWithdraw");
      const after = await trx
        .updateTable("blockers")
        .set({ status: "withdrawn", version: before.version + 1, updated_at: nowIso() })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: "blocker.withdrawn", entityType: "blocker", entityId: id, before, after });
      return { id };
    },
    options,
  );
}
