/**
 * Who sees which blocker: the scope every blocker query carries in its
 * `where`, so a row a user may not read simply does not exist for them.
 */
import type { ExpressionBuilder } from "kysely";
import type { Blocker, Database, Locale } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import { can, type Actor, type Resource } from "~/utils/permissions";
import { seriesHat } from "~/utils/series-hat";
import { blockerEditable, canSubmit, canTriage, canWithdraw, isPublished, PUBLISHED_BLOCKER_STATUSES, withdrawNeedsHead } from "./blockers-rules";

/** The signed-in user as this module needs them. */
export type Viewer = Actor & { locale: Locale };

export const name = (row: { name_vi: string; name_en: string }, locale: Locale) => (locale === "vi" ? row.name_vi : row.name_en);

export const PUBLISHED = [...PUBLISHED_BLOCKER_STATUSES];

export function officeSeriesIds(user: Actor): number[] {
  return [...new Set(user.seriesRoles.map((r) => r.seriesId))];
}

export function chairSeriesIds(user: Actor): number[] {
  return [...new Set(user.seriesRoles.filter((r) => r.role === "chair").map((r) => r.seriesId))];
}

/** The agency a user drafts for; null for the office, observers and admins. */
export function ownAgencyId(user: Actor): number | null {
  return user.role === "agency_head" || user.role === "agency_staff" ? user.agencyId : null;
}

/** Readable: published, or of the user's agency, or of a series whose office they are in. */
export function readScope(user: Actor) {
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
export function listScope(user: Actor) {
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

/**
 * `listScope` on `blocker_counts` (blockers summed by series, agency, status,
 * pillar, lateness and whether they were sent): the same rule on the columns
 * the counts are kept by. A test compares the two on random blockers.
 */
export function listCountScope(user: Actor) {
  const office = officeSeriesIds(user);
  const agency = ownAgencyId(user);
  return (eb: ExpressionBuilder<Database, "blocker_counts">) => {
    const ors = [];
    if (office.length) ors.push(eb.and([eb("blocker_counts.series_id", "in", office), eb("blocker_counts.submitted", "=", 1)]));
    if (agency !== null) ors.push(eb("blocker_counts.agency_id", "=", agency));
    if (ors.length === 0) ors.push(eb("blocker_counts.status", "in", PUBLISHED));
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
