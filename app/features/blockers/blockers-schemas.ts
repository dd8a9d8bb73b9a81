/**
 * The blocker forms, one schema each. Error messages are dictionary keys so
 * the form shows them in the reader's language.
 */
import { z } from "zod";
import { BLOCKER_STATUSES, PILLARS, SEVERITIES } from "../../../db/schema";
import { isValidDay, vnToday } from "~/utils/dates";
import { f } from "~/utils/forms";
import { blockerNumber } from "./blockers-rules";

export const TITLE_MAX = 300;
export const DESCRIPTION_MAX = 5000;
export const PROPOSAL_MAX = 3000;
export const PLAN_TARGET_MAX = 300;
export const REASON_MAX = 2000;
/**
 * How many blockers the triage form offers to merge into: the likeliest
 * duplicates, the same meeting's queue, newest first. Any other is typed by
 * its number; a list of the whole series (17,000 at province size) was a
 * page nobody could use.
 */
export const MERGE_CHOICES = 200;

const blockerFields = {
  title: f.text(TITLE_MAX),
  description: f.text(DESCRIPTION_MAX),
  pillar: f.choice(PILLARS),
  severity: f.choice(SEVERITIES),
  helpAgencyId: f.optionalId(),
  proposal: f.text(PROPOSAL_MAX),
  planTarget: f.optionalText(PLAN_TARGET_MAX),
};

/** /blockers/new: a head may save a draft or submit at once; staff only save. */
export const NewBlockerSchema = z.object({
  ...blockerFields,
  seriesId: f.id(),
});
export type NewBlockerInput = z.output<typeof NewBlockerSchema>;

export const NEW_BLOCKER_INTENTS = ["save", "submit"] as const;
export type NewBlockerIntent = (typeof NEW_BLOCKER_INTENTS)[number];

/** Editing on /blockers/:id. The series can change only while the blocker is a draft. */
export const EditBlockerSchema = z.object({
  ...blockerFields,
  seriesId: f.optionalId(),
  version: z.coerce.number({ error: "validation.invalidNumber" }).int("validation.invalidNumber").positive("validation.invalidNumber"),
});
export type EditBlockerInput = z.output<typeof EditBlockerSchema>;

/** The buttons of /blockers/:id, each a form with its own intent. */
export const BLOCKER_INTENTS = ["edit", "submit", "withdraw", "triage", "approve", "reject", "pull_in"] as const;
export type BlockerIntent = (typeof BLOCKER_INTENTS)[number];
export const IntentSchema = z.object({ intent: z.enum(BLOCKER_INTENTS) });
export const NewIntentSchema = z.object({ intent: z.enum(NEW_BLOCKER_INTENTS) });

/** The confirmation step posts confirm=yes; the server insists, so it works without JavaScript. */
export const WithdrawSchema = z.object({
  confirm: z.literal("yes", { error: "blockers.withdraw.confirmRequired" }),
});

const optionalReason = f.optionalText(REASON_MAX);
const requiredReason = f.text(REASON_MAX);

/** A referral deadline: a real calendar day, not before today in Vietnam. */
const referDeadline = () => f.day().refine((day) => day >= vnToday(), "blockers.triage.deadlinePast");

/**
 * The blocker to merge into: one of the same meeting's queue chosen from the
 * list, or any other typed by its number (which then wins). Either must be
 * given; whether it may take the merge is the triage's to check.
 */
const mergeChoice = z
  .object({
    decision: z.literal("merge"),
    mergeIntoId: f.optionalId(),
    mergeIntoNumber: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (s === undefined || s.trim() === "") return null;
        const id = blockerNumber(s);
        if (id === null) ctx.addIssue({ code: "custom", message: "blockers.triage.mergeNumberInvalid" });
        return id;
      }),
    reason: optionalReason,
  })
  .superRefine((v, ctx) => {
    if (v.mergeIntoId === null && v.mergeIntoNumber === null) {
      ctx.addIssue({ code: "custom", path: ["mergeIntoId"], message: "blockers.triage.mergeChoose" });
    }
  });

/** One triage decision; which fields it needs depends on the decision. */
export const TriageSchema = z.discriminatedUnion(
  "decision",
  [
    z.object({ decision: z.literal("accept"), reason: optionalReason }),
    mergeChoice,
    z.object({
      decision: z.literal("refer"),
      referAgencyId: f.id(),
      referDeadline: referDeadline(),
      reason: requiredReason,
    }),
    z.object({ decision: z.literal("return"), reason: requiredReason }),
    z.object({ decision: z.literal("decline"), reason: requiredReason }),
  ],
  { error: "blockers.triage.chooseDecision" },
);
export type TriageInput = z.output<typeof TriageSchema>;

/** The chair approves or rejects one pending proposal. */
export const ProposalSchema = z.object({ decisionId: f.id() });

/**
 * The list's URL: filters and page. A hand-edited or stale value is dropped
 * rather than refused, so a shared link always opens.
 */
const flag = z
  .string()
  .optional()
  .transform((v) => v === "1")
  .catch(false);

/** A day of submission (Vietnam), `YYYY-MM-DD`; anything else is dropped. */
const day = z
  .string()
  .optional()
  .transform((v) => (v && isValidDay(v.trim()) ? v.trim() : undefined))
  .catch(undefined);

export const BlockerListQuerySchema = z.object({
  status: z
    .enum([...BLOCKER_STATUSES, "all"])
    .optional()
    .catch(undefined),
  series: f.filterId(),
  meeting: f.filterId(),
  agency: f.filterId(),
  pillar: z.enum(PILLARS).optional().catch(undefined),
  /** Submitted on or after this day, and on or before `to`, in Vietnam. */
  from: day,
  to: day,
  late: flag,
  pending: flag,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type BlockerListQuery = z.output<typeof BlockerListQuerySchema>;

export function parseListQuery(params: URLSearchParams): BlockerListQuery {
  const raw: Record<string, string> = {};
  for (const key of ["status", "series", "meeting", "agency", "pillar", "from", "to", "late", "pending", "page"]) {
    const value = params.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  return BlockerListQuerySchema.parse(raw);
}
