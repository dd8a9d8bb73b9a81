/**
 * Who may do what: one pure function used by the UI to show or hide and by
 * the server guards (permissions.server.ts) to refuse. Hiding is never the check.
 */
import type { SeriesRole, UserRole } from "../../db/schema";

export interface Actor {
  id: number;
  role: UserRole;
  agencyId: number | null;
  active: boolean;
  /** Chair and secretary rights are per series. */
  seriesRoles: ReadonlyArray<{ seriesId: number; role: SeriesRole }>;
}

/** What an action is about: the series it belongs to and the agency that owns it. */
export interface Resource {
  seriesId?: number;
  /** The agency that owns the record (submitter of a blocker, lead of a task). */
  agencyId?: number;
  /** Agencies that share in a task (coordinating agencies). */
  coordinatingAgencyIds?: readonly number[];
  /** Whether the record is published (agenda, notice, issued tasks). */
  published?: boolean;
}

export const ACTIONS = [
  "admin:manage",
  "series:read",
  "meeting:schedule",
  "meeting:transition",
  "blocker:draft",
  "blocker:submit",
  "blocker:read",
  "blocker:triage",
  "triage:approve",
  "agenda:edit",
  "agenda:publish",
  "conclusion:record",
  "notice:draft",
  "notice:approve",
  "task:read",
  "task:report-progress",
  "task:contribute",
  "task:request-extension",
  "task:report-completion",
  "extension:decide",
  "completion:decide",
  "task:cancel",
  "audit:read",
] as const;
export type Action = (typeof ACTIONS)[number];

function hasSeriesRole(actor: Actor, seriesId: number | undefined, role: SeriesRole): boolean {
  if (seriesId === undefined) return actor.seriesRoles.some((r) => r.role === role);
  return actor.seriesRoles.some((r) => r.seriesId === seriesId && r.role === role);
}

const isChair = (a: Actor, r: Resource) => hasSeriesRole(a, r.seriesId, "chair");
const isSecretary = (a: Actor, r: Resource) => hasSeriesRole(a, r.seriesId, "secretary");
const isOffice = (a: Actor, r: Resource) => isChair(a, r) || isSecretary(a, r);
const isAgencyUser = (a: Actor) => (a.role === "agency_head" || a.role === "agency_staff") && a.agencyId !== null;
const ownsIt = (a: Actor, r: Resource) => isAgencyUser(a) && r.agencyId !== undefined && r.agencyId === a.agencyId;
const sharesIt = (a: Actor, r: Resource) => isAgencyUser(a) && a.agencyId !== null && (r.coordinatingAgencyIds ?? []).includes(a.agencyId);

export function can(actor: Actor | null | undefined, action: Action, resource: Resource = {}): boolean {
  if (!actor || !actor.active) return false;
  switch (action) {
    case "admin:manage":
      return actor.role === "admin";
    case "series:read":
    case "audit:read":
      return true;
    case "meeting:schedule":
    case "meeting:transition":
    case "agenda:edit":
    case "conclusion:record":
    case "notice:draft":
    case "blocker:triage":
      return isOffice(actor, resource);
    case "triage:approve":
    case "agenda:publish":
    case "notice:approve":
    case "extension:decide":
    case "completion:decide":
    case "task:cancel":
      return isChair(actor, resource);
    case "blocker:draft":
      return ownsIt(actor, resource);
    case "blocker:submit":
      return ownsIt(actor, resource) && actor.role === "agency_head";
    case "blocker:read":
      // Drafts and unsubmitted blockers: their agency and the series' office only.
      return resource.published === true || ownsIt(actor, resource) || isOffice(actor, resource);
    case "task:read":
      // A task is a draft until its notice is issued: only the office sees it then.
      return resource.published === true || isOffice(actor, resource);
    case "task:report-progress":
      return ownsIt(actor, resource);
    case "task:contribute":
      return ownsIt(actor, resource) || sharesIt(actor, resource);
    case "task:request-extension":
    case "task:report-completion":
      return ownsIt(actor, resource) && actor.role === "agency_head";
  }
}
