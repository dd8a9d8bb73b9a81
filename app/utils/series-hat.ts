import type { Actor } from "./permissions";

/** The hat a user wears in a series: chair wins over secretary; agencies and observers wear none. */
export function seriesHat(actor: Actor, seriesId: number): "chair" | "secretary" | null {
  const roles = actor.seriesRoles.filter((r) => r.seriesId === seriesId).map((r) => r.role);
  if (roles.includes("chair")) return "chair";
  if (roles.includes("secretary")) return "secretary";
  return null;
}
