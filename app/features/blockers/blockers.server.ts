/**
 * Blockers in SQL: what each user may see (scope in the query), drafting and
 * submission (step 2), triage (step 3). Every write runs in one transaction
 * together with its audit event; refusals roll the transaction back and come
 * back as values the route turns into 400 or 409.
 */
import type { ExpressionBuilder, Kysely, Transaction } from "kysely";
import type { Blocker, BlockerStatus, Database, Locale, MeetingStatus, TriageDecision } from "../../../db/schema";
import type { MessageKey } from "~/i18n";
import type { AuditAction } from "~/utils/audit-actions";
import { recordAudit } from "~/utils/audit.server";
import { addDaysToDay, nowIso, vnLocalToIso, vnToday } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import type { Option } from "~/utils/lookups.server";
import { can, type Actor, type Resource } from "~/utils/permissions";
import { seriesHat } from "~/utils/series-hat";
import { recordHistory } from "~/features/audit/audit.server";
import { acceptsSubmissions } from "~/features/meetings/meetings-rules";
import {
  acceptMeeting,
  blockerEditable,
  canSubmit,
  canTriage,
  canWithdraw,
  isPublished,
  PUBLISHED_BLOCKER_STATUSES,
  pullInMeeting,
  targetMeeting,
  validMergeTarget,
  withdrawNeedsHead,
  type MeetingSlot,
} from "./blockers-rules";
import type { BlockerListQuery, EditBlockerInput, NewBlockerInput, NewBlockerIntent, TriageInput } from "./blockers-schemas";

export const PAGE_SIZE = 25;

/** The signed-in user as this module needs them. */
export type Viewer = Actor & { locale: Locale };

type Db = Transaction<Database>;
type Refused = { ok: false; status: 400; errors: FieldErrors } | { ok: false; status: 409; messageKey: MessageKey };
export type WriteOutcome<T> = { ok: true; value: T } | Refused;

/** Thrown inside a transaction to roll it back; `write` turns it into a value. */
class Refusal {
  constructor(readonly outcome: Refused) {}
}
const invalid = (errors: FieldErrors) => new Refusal({ ok: false, status: 400, errors });
const refuse = (messageKey: MessageKey) => new Refusal({ ok: false, status: 409, messageKey });

async function write<T>(work: (trx: Db) => Promise<T>): Promise<WriteOutcome<T>> {
  try {
    return { ok: true, value: await getDb().transaction().execute(work) };
  } catch (e) {
    if (e instanceof Refusal) return e.outcome;
    throw e;
  }
}

const name = (row: { name_vi: string; name_en: string }, locale: Locale) => (locale === "vi" ? row.name_vi : row.name_en);

// ---------------------------------------------------------------- who sees what

const PUBLISHED = [...PUBLISHED_BLOCKER_STATUSES];

function officeSeriesIds(user: Actor): number[] {
  return [...new Set(user.seriesRoles.map((r) => r.seriesId))];
}

function chairSeriesIds(user: Actor): number[] {
  return [...new Set(user.seriesRoles.filter((r) => r.role === "chair").map((r) => r.seriesId))];
}

/** The agency a user drafts for; null for the office, observers and admins. */
function ownAgencyId(user: Actor): number | null {
  return user.role === "agency_head" || user.role === "agency_staff" ? user.agencyId : null;
}

/** Readable: published, or of the user's agency, or of a series whose office they are in. */
function readScope(user: Actor) {
  const office = officeSeriesIds(user);
  const agency = ownAgencyId(user);
  return (eb: ExpressionBuilder<Database, "blockers">) => {
    const ors = [eb("blockers.status", "in", PUBLISHED)];
    if (office.length) ors.push(eb("blockers.series_id", "in", office));
    if (agency !== null) ors.push(eb("blockers.agency_id", "=", agency));
    return eb.or(ors);
  };
}

/**
 * Listed: an agency sees what it drafted and sent; the office sees what its
 * series received (an agency's unsent drafts are its own working papers);
 * everyone else sees what reached an agenda.
 */
function listScope(user: Actor) {
  const office = officeSeriesIds(user);
  const agency = ownAgencyId(user);
  return (eb: ExpressionBuilder<Database, "blockers">) => {
    const ors = [];
    if (office.length) ors.push(eb.and([eb("blockers.series_id", "in", office), eb("blockers.submitted_at", "is not", null)]));
    if (agency !== null) ors.push(eb("blockers.agency_id", "=", agency));
    if (ors.length === 0) ors.push(eb("blockers.status", "in", PUBLISHED));
    return eb.or(ors);
  };
}

export type ListView = "office" | "agency" | "public";

export function listView(user: Actor): ListView {
  if (officeSeriesIds(user).length) return "office";
  if (ownAgencyId(user) !== null) return "agency";
  return "public";
}

/** What permission checks need to know about a blocker. */
export function blockerResource(b: Pick<Blocker, "series_id" | "agency_id" | "status">): Resource {
  return { seriesId: b.series_id, agencyId: b.agency_id, published: isPublished(b.status) };
}

/** The blocker if this user may read it; another agency's unpublished blocker does not exist for them. */
export async function findReadableBlocker(user: Actor, id: number): Promise<Blocker | undefined> {
  return getDb().selectFrom("blockers").selectAll().where("blockers.id", "=", id).where(readScope(user)).executeTakeFirst();
}

/** What the user may do with this blocker now: for buttons (the actions check again). */
export function blockerAbilities(user: Actor, b: Pick<Blocker, "series_id" | "agency_id" | "status" | "is_late">) {
  const res = blockerResource(b);
  return {
    edit: blockerEditable(b.status) && can(user, "blocker:draft", res),
    submit: canSubmit(b.status) && can(user, "blocker:submit", res),
    withdraw: canWithdraw(b.status) && can(user, withdrawNeedsHead(b.status) ? "blocker:submit" : "blocker:draft", res),
    triage: canTriage(b.status) && can(user, "blocker:triage", res),
    approve: can(user, "triage:approve", res),
    office: can(user, "blocker:triage", res),
    hat: seriesHat(user, b.series_id),
  };
}

// ---------------------------------------------------------------- lists

export interface BlockerRow {
  id: number;
  title: string;
  status: BlockerStatus;
  isLate: boolean;
  pillar: string;
  severity: string;
  agencyName: string;
  meetingId: number | null;
  meetingTitle: string | null;
  mergedIntoId: number | null;
  outcomeReason: string | null;
  submittedAt: string | null;
  referral: { taskId: number; agencyName: string; deadline: string | null } | null;
  pendingDecision: TriageDecision | null;
}

export interface BlockerList {
  view: ListView;
  status: BlockerStatus | "all";
  rows: BlockerRow[];
  counts: Partial<Record<BlockerStatus, number>>;
  countAll: number;
  total: number;
  page: number;
  pages: number;
  /** 1-based positions of the first and last row shown (0 when empty). */
  from: number;
  to: number;
  /** Blockers with a secretary's proposal waiting for this user as chair. */
  pendingForMe: number;
}

function pendingProposal(eb: ExpressionBuilder<Database, "blockers">) {
  return eb.and([
    eb("blockers.status", "=", "submitted"),
    eb.exists(
      eb
        .selectFrom("triage_decisions")
        .select("triage_decisions.id")
        .whereRef("triage_decisions.blocker_id", "=", "blockers.id")
        .where("triage_decisions.status", "=", "pending"),
    ),
  ]);
}

/** One page of the list; the register export asks for larger pages of the very same query. */
export async function listBlockers(user: Viewer, query: BlockerListQuery, options: { pageSize?: number } = {}): Promise<BlockerList> {
  const db = getDb();
  const size = options.pageSize ?? PAGE_SIZE;
  const view = listView(user);
  const status = query.status ?? (view === "office" ? "submitted" : "all");

  let base = db.selectFrom("blockers").where(listScope(user));
  if (query.series) base = base.where("blockers.series_id", "=", query.series);
  if (query.meeting) base = base.where("blockers.meeting_id", "=", query.meeting);
  if (query.agency) base = base.where("blockers.agency_id", "=", query.agency);
  if (query.pillar) base = base.where("blockers.pillar", "=", query.pillar);
  if (query.from) base = base.where("blockers.submitted_at", ">=", vnLocalToIso(query.from, "00:00"));
  if (query.to) base = base.where("blockers.submitted_at", "<", vnLocalToIso(addDaysToDay(query.to, 1), "00:00"));
  if (query.late) base = base.where("blockers.is_late", "=", 1);
  if (query.pending) base = base.where(pendingProposal);

  const countRows = await base
    .select((eb) => ["blockers.status", eb.fn.countAll<number>().as("n")])
    .groupBy("blockers.status")
    .execute();
  const counts: Partial<Record<BlockerStatus, number>> = {};
  for (const r of countRows) counts[r.status] = Number(r.n);
  const countAll = countRows.reduce((sum, r) => sum + Number(r.n), 0);
  const total = status === "all" ? countAll : (counts[status] ?? 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(query.page, pages);

  let rowsQuery = base.innerJoin("agencies", "agencies.id", "blockers.agency_id").leftJoin("meetings", "meetings.id", "blockers.meeting_id");
  if (status !== "all") rowsQuery = rowsQuery.where("blockers.status", "=", status);
  const rows = await rowsQuery
    .select([
      "blockers.id",
      "blockers.title",
      "blockers.status",
      "blockers.is_late",
      "blockers.pillar",
      "blockers.severity",
      "blockers.meeting_id",
      "blockers.merged_into_id",
      "blockers.outcome_reason",
      "blockers.submitted_at",
      "agencies.name_vi",
      "agencies.name_en",
      "meetings.title as meeting_title",
    ])
    .orderBy((eb) => eb.fn.coalesce("blockers.submitted_at", "blockers.updated_at"), "desc")
    .orderBy("blockers.id", "desc")
    .limit(size)
    .offset((page - 1) * size)
    .execute();

  const ids = rows.map((r) => r.id);
  const [tasks, proposals] = ids.length
    ? await Promise.all([
        db
          .selectFrom("tasks")
          .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
          .where("tasks.blocker_id", "in", ids)
          .select(["tasks.id", "tasks.blocker_id", "tasks.deadline", "agencies.name_vi", "agencies.name_en"])
          .orderBy("tasks.id")
          .execute(),
        view === "office"
          ? db.selectFrom("triage_decisions").where("blocker_id", "in", ids).where("status", "=", "pending").select(["blocker_id", "decision"]).execute()
          : Promise.resolve([]),
      ])
    : [[], []];
  const taskOf = new Map(tasks.map((t) => [t.blocker_id, t]));
  const proposalOf = new Map(proposals.map((p) => [p.blocker_id, p.decision]));

  const chairOf = chairSeriesIds(user);
  const pendingForMe = chairOf.length
    ? Number(
        (
          await db
            .selectFrom("blockers")
            .where("blockers.series_id", "in", chairOf)
            .where(pendingProposal)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;

  return {
    view,
    status,
    counts,
    countAll,
    total,
    page,
    pages,
    from: rows.length ? (page - 1) * size + 1 : 0,
    to: (page - 1) * size + rows.length,
    pendingForMe,
    rows: rows.map((r) => {
      const task = taskOf.get(r.id);
      return {
        id: r.id,
        title: r.title,
        status: r.status,
        isLate: r.is_late === 1,
        pillar: r.pillar,
        severity: r.severity,
        agencyName: name(r, user.locale),
        meetingId: r.meeting_id,
        meetingTitle: r.meeting_title,
        mergedIntoId: r.merged_into_id,
        outcomeReason: r.outcome_reason,
        submittedAt: r.submitted_at,
        referral: r.status === "referred" && task ? { taskId: task.id, agencyName: name(task, user.locale), deadline: task.deadline } : null,
        pendingDecision: proposalOf.get(r.id) ?? null,
      };
    }),
  };
}

/** The choices of the list's filters, limited to what the user can see. */
export async function listFilterOptions(user: Viewer) {
  const db = getDb();
  const office = officeSeriesIds(user);
  const agency = ownAgencyId(user);
  let seriesQuery = db.selectFrom("series").select(["series.id", "series.name_vi", "series.name_en"]).orderBy("series.id");
  if (office.length || agency !== null) {
    seriesQuery = seriesQuery.where((eb) => {
      const ors = [];
      if (office.length) ors.push(eb("series.id", "in", office));
      if (agency !== null) {
        ors.push(
          eb.exists(
            eb
              .selectFrom("series_agencies")
              .select("series_agencies.series_id")
              .whereRef("series_agencies.series_id", "=", "series.id")
              .where("series_agencies.agency_id", "=", agency),
          ),
        );
      }
      return eb.or(ors);
    });
  }
  const series = await seriesQuery.execute();
  const [meetings, agencies] = office.length
    ? await Promise.all([
        db.selectFrom("meetings").where("series_id", "in", office).select(["id", "title"]).orderBy("starts_at", "desc").execute(),
        db
          .selectFrom("agencies")
          .innerJoin("series_agencies", "series_agencies.agency_id", "agencies.id")
          .where("series_agencies.series_id", "in", office)
          .select(["agencies.id", "agencies.name_vi", "agencies.name_en"])
          .distinct()
          .orderBy("agencies.name_vi")
          .execute(),
      ])
    : [[], []];
  const opt = (id: number, label: string): Option => ({ value: String(id), label });
  return {
    series: series.map((s) => opt(s.id, name(s, user.locale))),
    meetings: meetings.map((m) => opt(m.id, m.title)),
    agencies: agencies.map((a) => opt(a.id, name(a, user.locale))),
  };
}

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

async function activeAgencies(locale: Locale): Promise<Option[]> {
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

async function reread(trx: Db, id: number): Promise<Blocker> {
  return trx.selectFrom("blockers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function meetingSlots(db: Kysely<Database>, seriesId: number): Promise<MeetingSlot[]> {
  const rows = await db.selectFrom("meetings").where("series_id", "=", seriesId).select(["id", "starts_at", "cutoff_at", "status"]).execute();
  return rows.map((m) => ({
    id: m.id,
    startsAt: m.starts_at,
    cutoffAt: m.cutoff_at,
    acceptsSubmissions: acceptsSubmissions(m.status as MeetingStatus),
  }));
}

/** The checks zod cannot make: the series is one the agency takes part in, the agency asked for help exists. */
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
  if (Object.keys(errors).length) throw invalid(errors);
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

export async function createBlocker(user: Viewer, input: NewBlockerInput, intent: NewBlockerIntent): Promise<WriteOutcome<Blocker>> {
  const agencyId = ownAgencyId(user);
  if (agencyId === null) throw new Error("createBlocker needs an agency user; the route checks blocker:draft first");
  return write(async (trx) => {
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
    return intent === "submit" ? submitIn(trx, user.id, created) : created;
  });
}

export async function updateBlocker(user: Viewer, id: number, input: EditBlockerInput): Promise<WriteOutcome<Blocker>> {
  return write(async (trx) => {
    const before = await reread(trx, id);
    if (!blockerEditable(before.status)) throw refuse("blockers.error.notEditable");
    if (before.version !== input.version) throw refuse("blockers.error.stale");
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
    return after;
  });
}

export async function submitBlocker(user: Viewer, id: number): Promise<WriteOutcome<Blocker>> {
  return write(async (trx) => {
    const before = await reread(trx, id);
    if (!canSubmit(before.status)) throw refuse("blockers.error.cannotSubmit");
    return submitIn(trx, user.id, before);
  });
}

export async function withdrawBlocker(user: Viewer, id: number): Promise<WriteOutcome<Blocker>> {
  return write(async (trx) => {
    const before = await reread(trx, id);
    const needed = withdrawNeedsHead(before.status) ? "blocker:submit" : "blocker:draft";
    if (!canWithdraw(before.status) || !can(user, needed, blockerResource(before))) throw refuse("blockers.error.cannotWithdraw");
    const after = await trx
      .updateTable("blockers")
      .set({ status: "withdrawn", version: before.version + 1, updated_at: nowIso() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: user.id, action: "blocker.withdrawn", entityType: "blocker", entityId: id, before, after });
    return after;
  });
}

// ---------------------------------------------------------------- step 3: triage

interface DecisionFields {
  decision: TriageDecision;
  reason: string | null;
  mergeIntoId: number | null;
  referAgencyId: number | null;
  referDeadline: string | null;
}

function decisionFields(input: TriageInput): DecisionFields {
  return {
    decision: input.decision,
    reason: input.reason,
    mergeIntoId: input.decision === "merge" ? input.mergeIntoId : null,
    referAgencyId: input.decision === "refer" ? input.referAgencyId : null,
    referDeadline: input.decision === "refer" ? input.referDeadline : null,
  };
}

/** What a decision points at must still hold: a live merge target, an active agency, a deadline not past. */
async function decisionErrors(trx: Db, blocker: Blocker, d: DecisionFields): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (d.decision === "merge") {
    const target = d.mergeIntoId
      ? await trx.selectFrom("blockers").where("id", "=", d.mergeIntoId).select(["id", "series_id", "status"]).executeTakeFirst()
      : undefined;
    const ok = validMergeTarget(
      { id: blocker.id, seriesId: blocker.series_id },
      target && { id: target.id, seriesId: target.series_id, status: target.status },
    );
    if (!ok) errors.mergeIntoId = { key: "blockers.triage.mergeInvalid" };
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
      if (meetingId === null) throw refuse("blockers.error.noMeeting");
      change = { ...common, status: "on_agenda" as const, meeting_id: meetingId };
      break;
    }
    case "merge":
      change = { ...common, status: "merged" as const, merged_into_id: d.mergeIntoId };
      break;
    case "refer": {
      const task = await trx
        .insertInto("tasks")
        .values({
          series_id: before.series_id,
          meeting_id: null,
          conclusion_id: null,
          blocker_id: before.id,
          title: before.title,
          description: d.reason ?? "",
          expected_result: "",
          pillar: before.pillar,
          lead_agency_id: d.referAgencyId!,
          original_deadline: d.referDeadline,
          deadline: d.referDeadline,
          // A referral is settled outside the meeting, so the task is live at once.
          status: "in_progress",
          created_by: actorId,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: actorId, action: "task.created", entityType: "task", entityId: task.id, after: task });
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
export async function triageBlocker(user: Viewer, id: number, input: TriageInput): Promise<WriteOutcome<{ applied: boolean }>> {
  const d = decisionFields(input);
  return write(async (trx) => {
    const before = await reread(trx, id);
    const hat = seriesHat(user, before.series_id);
    if (!hat) throw new Error("triageBlocker needs the series' chair or secretary; the route checks blocker:triage first");
    if (!canTriage(before.status)) throw refuse("blockers.error.notAwaitingTriage");
    const errors = await decisionErrors(trx, before, d);
    if (Object.keys(errors).length) throw invalid(errors);
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
      if (pending.length) throw refuse("blockers.error.proposalPending");
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
  });
}

/** The chair approves (applies) or rejects a secretary's proposal. */
export async function decideProposal(user: Viewer, id: number, decisionId: number, approve: boolean): Promise<WriteOutcome<{ approved: boolean }>> {
  return write(async (trx) => {
    const before = await reread(trx, id);
    const proposal = await trx.selectFrom("triage_decisions").selectAll().where("id", "=", decisionId).where("blocker_id", "=", id).executeTakeFirst();
    if (!proposal || proposal.status !== "pending") throw refuse("blockers.error.noPendingProposal");
    const now = nowIso();
    let meetingId = proposal.meeting_id;
    if (approve) {
      if (!canTriage(before.status)) throw refuse("blockers.error.notAwaitingTriage");
      const d: DecisionFields = {
        decision: proposal.decision,
        reason: proposal.reason,
        mergeIntoId: proposal.merge_into_id,
        referAgencyId: proposal.refer_agency_id,
        referDeadline: proposal.refer_deadline,
      };
      if (Object.keys(await decisionErrors(trx, before, d)).length) throw refuse("blockers.error.proposalStale");
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
  });
}

/** The chair brings a late blocker into the meeting whose cut-off it missed; it stays marked late. */
export async function pullInBlocker(user: Viewer, id: number): Promise<WriteOutcome<Blocker>> {
  return write(async (trx) => {
    const before = await reread(trx, id);
    const target = pullInMeeting(await meetingSlots(trx, before.series_id), {
      status: before.status,
      isLate: before.is_late === 1,
      meetingId: before.meeting_id,
      submittedAt: before.submitted_at,
    });
    if (target === null) throw refuse("blockers.error.cannotPullIn");
    const after = await trx
      .updateTable("blockers")
      .set({ meeting_id: target, version: before.version + 1, updated_at: nowIso() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: user.id, action: "blocker.pulled_in", entityType: "blocker", entityId: id, before, after });
    return after;
  });
}

// ---------------------------------------------------------------- the record page

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
              db
                .selectFrom("blockers")
                .innerJoin("agencies", "agencies.id", "blockers.agency_id")
                .where("blockers.series_id", "=", b.series_id)
                .where("blockers.id", "!=", b.id)
                .where("blockers.status", "in", ["submitted", "on_agenda", "referred"])
                .select(["blockers.id", "blockers.title", "agencies.name_vi", "agencies.name_en"])
                .orderBy("blockers.id", "desc")
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
