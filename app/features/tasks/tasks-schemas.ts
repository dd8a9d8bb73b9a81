import { PILLARS } from "../../../db/schema";
/**
 * The task forms and the register's URL filters. One schema per form; the
 * ones that depend on the calendar take `today` (a `YYYY-MM-DD` day in
 * Vietnam) so that "not in the future" means the same thing in every zone.
 */
import { z } from "zod";
import { f, parseId } from "~/utils/forms";
import { isValidDay } from "~/utils/dates";
import { TRACKING_STATUSES } from "./tasks-rules";

export const TASK_INTENTS = [
  "report-progress",
  "request-extension",
  "approve-extension",
  "reject-extension",
  "report-completion",
  "accept-completion",
  "return-completion",
  "cancel",
] as const;
export type TaskIntent = (typeof TASK_INTENTS)[number];

export const intentSchema = z.object({ intent: z.enum(TASK_INTENTS) });

/** The task's version as the form saw it; a stale one is refused (someone acted meanwhile). */
const version = z
  .string()
  .optional()
  .transform((s) => (s && /^\d{1,9}$/.test(s) ? Number(s) : null));

/** A day that defaults to today when left empty, and may not lie after today. */
const pastOrToday = (today: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").normalize("NFC").trim() || today)
    .pipe(f.day().refine((d) => !isValidDay(d) || d <= today, "tasks.validation.notInFuture"));

const percent = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const v = (s ?? "").trim().replace(/%$/, "").trim();
    if (v === "") return null;
    if (!/^\d{1,3}$/.test(v) || Number(v) > 100) {
      ctx.addIssue({ code: "custom", message: "tasks.validation.percent" });
      return z.NEVER;
    }
    return Number(v);
  });

export const progressSchema = (today: string) =>
  z.object({
    body: f.text(4000),
    percent,
    reportDate: pastOrToday(today),
  });
export type ProgressInput = z.output<ReturnType<typeof progressSchema>>;

export const extensionRequestSchema = (today: string) =>
  z.object({
    requestedDeadline: f.day().refine((d) => !isValidDay(d) || d >= today, "tasks.validation.notInPast"),
    reason: f.text(2000),
    version,
  });
export type ExtensionRequestInput = z.output<ReturnType<typeof extensionRequestSchema>>;

export const extensionDecisionSchema = (approve: boolean) =>
  z.object({
    extensionId: f.id(),
    decisionReason: approve ? f.optionalText(2000) : f.text(2000),
    version,
  });
export type ExtensionDecisionInput = z.output<ReturnType<typeof extensionDecisionSchema>>;

export const completionReportSchema = (today: string) =>
  z.object({
    result: f.text(4000),
    evidence: f.text(2000),
    completedOn: pastOrToday(today),
    version,
  });
export type CompletionReportInput = z.output<ReturnType<typeof completionReportSchema>>;

export const completionDecisionSchema = (accept: boolean) =>
  z.object({
    completionId: f.id(),
    returnReason: accept ? f.optionalText(2000) : f.text(2000),
    version,
  });
export type CompletionDecisionInput = z.output<ReturnType<typeof completionDecisionSchema>>;

export const cancelSchema = z.object({
  cancelReason: f.text(2000),
  version,
});
export type CancelInput = z.output<typeof cancelSchema>;

// ---------------------------------------------------------------------------
// The register's filters live in the URL; anything odd in a shared or
// hand-edited link is dropped rather than refused.

export const ROLE_FILTERS = ["either", "lead", "coordinating"] as const;
export type RoleFilter = (typeof ROLE_FILTERS)[number];
export const SORTS = ["deadline", "-deadline", "newest"] as const;
export type TaskSort = (typeof SORTS)[number];

const lenientDay = z
  .string()
  .optional()
  .transform((s) => (s && isValidDay(s.trim()) ? s.trim() : null));
const lenientMonth = z
  .string()
  .optional()
  .transform((s) => (s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s) ? s : null));

export const registerFilterSchema = z.object({
  /** "all", an agency id, or absent (the viewer's default). */
  agency: z
    .string()
    .optional()
    .transform((s): number | "all" | null => (s === "all" ? "all" : parseId(s))),
  role: z.enum(ROLE_FILTERS).catch("either").default("either"),
  /**
   * One tracking status; "open": every task still owed (in progress or
   * awaiting acceptance); "issued": every task but the drafts.
   */
  status: z
    .enum([...TRACKING_STATUSES, "open", "issued"])
    .nullable()
    .catch(null)
    .default(null),
  /** A pillar, or "none": tasks not classified under any. */
  pillar: z
    .enum([...PILLARS, "none"])
    .nullable()
    .catch(null)
    .default(null),
  from: lenientDay,
  to: lenientDay,
  /**
   * With a deadline range: also the tasks still owed whose deadline fell
   * before it — the dashboard's "tasks in the period" (its scope: what fell
   * due in the range, plus what was carried into it unfinished).
   */
  owed: z
    .string()
    .optional()
    .transform((s) => s === "1"),
  /** "asked": tasks for which an extension was ever asked, whatever its outcome. */
  extension: z.enum(["asked"]).nullable().catch(null).default(null),
  /** Tasks assigned in a month: issued by that month's notice, or referred (live at once) in it. */
  assigned: lenientMonth,
  /** Tasks completed (accepted) with a completion day in a month. */
  completed: lenientMonth,
  /** Tasks that were overdue on a past day: issued by then, past the deadline then in force, not yet closed. */
  overdueOn: lenientDay,
  series: f.filterId(),
  period: lenientMonth,
  q: z
    .string()
    .optional()
    .transform((s) => (s ?? "").normalize("NFC").trim().slice(0, 100)),
  sort: z.enum(SORTS).catch("deadline").default("deadline"),
  /**
   * Tasks waiting for a chair's decision (completion reported, or an
   * extension asked): "chair", those the viewer decides as chair;
   * "decision", any the viewer can see (an agency following its requests).
   */
  awaiting: z.enum(["chair", "decision"]).nullable().catch(null).default(null),
  page: z
    .string()
    .optional()
    .transform((s) => (s && /^\d{1,6}$/.test(s) ? Math.max(1, Number(s)) : 1)),
});
export type RegisterQuery = z.output<typeof registerFilterSchema>;

const REGISTER_KEYS = [
  "agency",
  "role",
  "status",
  "pillar",
  "from",
  "to",
  "owed",
  "extension",
  "assigned",
  "completed",
  "overdueOn",
  "series",
  "period",
  "q",
  "sort",
  "awaiting",
  "page",
] as const;

/** Reads the register's filters from a URL's search params (the first value of each). */
export function parseRegisterQuery(params: URLSearchParams): RegisterQuery {
  const raw: Record<string, string> = {};
  for (const key of REGISTER_KEYS) {
    const v = params.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  return registerFilterSchema.parse(raw);
}
