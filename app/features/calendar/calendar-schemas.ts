/**
 * The calendar section of the account page: one form per intent. `current`
 * is the live token the page showed ("none" when there was none), so a
 * resubmitted or outdated form changes nothing.
 */
import { z } from "zod";
import { f } from "~/utils/forms";

export const CALENDAR_INTENTS = ["generate", "regenerate", "revoke"] as const;
export type CalendarIntent = (typeof CALENDAR_INTENTS)[number];

/** "none" (or anything but an id): the page showed no live link. */
const current = f.filterId();

export const calendarFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("generate"), current }),
  z.object({ intent: z.literal("regenerate"), current }),
  z.object({
    intent: z.literal("revoke"),
    current,
    confirm: f.checkbox().refine((v) => v, "calendar.revokeConfirmRequired"),
  }),
]);
export type CalendarForm = z.output<typeof calendarFormSchema>;
