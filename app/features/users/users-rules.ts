/** Pure rules about accounts, shared by the forms and the server checks. */
import type { SeriesRole, UserRole } from "../../../db/schema";

/** Agency heads and staff act for one agency; they cannot exist without it. */
export function roleNeedsAgency(role: UserRole): boolean {
  return role === "agency_head" || role === "agency_staff";
}

/**
 * Who may take a seat in a series: a chair seat goes to an account with the
 * chair role, a secretary seat to one with the secretary role. Keeping the
 * two aligned stops an agency account from gaining office rights by mistake.
 */
export function fitsSeriesRole(userRole: UserRole, seat: SeriesRole): boolean {
  return userRole === seat;
}

export const MIN_PASSWORD_LENGTH = 10;
