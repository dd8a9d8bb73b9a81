/**
 * The dashboard's URL parameters. Like the register's filters, anything odd
 * in a shared or hand-edited link is dropped (the default takes its place)
 * rather than refused.
 */
import { z } from "zod";
import { SCORECARD_SORTS } from "./dashboard-rules";

export const DASHBOARD_VIEWS = ["province", "agency"] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];

const lenientPeriod = z
  .string()
  .optional()
  .transform((s) => (s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s.trim()) ? s.trim() : null));

export const dashboardQuerySchema = z.object({
  view: z.enum(DASHBOARD_VIEWS).nullable().catch(null).default(null),
  series: z
    .string()
    .optional()
    .transform((s) => (s && /^[1-9]\d{0,9}$/.test(s) ? Number(s) : null)),
  from: lenientPeriod,
  to: lenientPeriod,
  sort: z.enum(SCORECARD_SORTS).catch("rank").default("rank"),
  dir: z.enum(["asc", "desc"]).nullable().catch(null).default(null),
});
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;

export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
  const raw: Record<string, string> = {};
  for (const key of ["view", "series", "from", "to", "sort", "dir"]) {
    const v = params.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  return dashboardQuerySchema.parse(raw);
}
