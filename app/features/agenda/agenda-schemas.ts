import { z } from "zod";
import { f } from "~/utils/forms";

const minutes = () =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .refine((s) => s === "" || (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 600), "agenda.invalidMinutes")
    .transform((s) => (s === "" ? null : Number(s)));

/** Every form of the agenda page, told apart by `intent`. */
export const AgendaActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("build") }),
    z.object({ intent: z.literal("move"), itemId: f.id(), direction: z.enum(["up", "down"]) }),
    z.object({
      intent: z.literal("edit"),
      itemId: f.id(),
      presenterAgencyId: f.optionalId(),
      minutes: minutes(),
      title: f.optionalText(500),
      version: z.coerce.number({ error: "validation.invalidNumber" }).int("validation.invalidNumber").positive("validation.invalidNumber"),
    }),
    z.object({ intent: z.literal("remove"), itemId: f.id(), reason: f.text(1000) }),
    z.object({ intent: z.literal("restore"), itemId: f.id() }),
    z.object({ intent: z.literal("add"), title: f.text(500), kind: z.enum(["report", "other"]), presenterAgencyId: f.optionalId(), minutes: minutes() }),
  ],
  { error: "validation.invalidChoice" },
);
export type AgendaAction = z.output<typeof AgendaActionSchema>;
