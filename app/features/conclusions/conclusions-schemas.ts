import { z } from "zod";
import { f, isValidDayOrEmpty } from "~/utils/forms";

export const ConclusionSchema = z.object({
  intent: z.literal("conclude"),
  itemId: f.id(),
  body: f.text(20_000),
  /** The version the secretary started from; 0 when there was no conclusion yet. */
  version: z.coerce.number({ error: "validation.invalidNumber" }).int("validation.invalidNumber").min(0, "validation.invalidNumber").default(0),
});

export const NotReachedSchema = z.object({
  intent: z.literal("not_reached"),
  itemId: f.id(),
});

export const NewTaskSchema = z.object({
  intent: z.literal("add_task"),
  itemId: f.id(),
  title: f.text(500),
  leadAgencyId: f.id(),
  coordinatingAgencyIds: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== ""),
    z.array(f.id()).max(50, "validation.invalidChoice"),
  ),
  deadline: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .refine(isValidDayOrEmpty, "validation.invalidDate")
    .transform((s) => (s === "" ? null : s)),
  expectedResult: f.optionalText(4000),
  reportNextMeeting: f.checkbox(),
});
export type NewTaskInput = z.output<typeof NewTaskSchema>;

export const DeleteTaskSchema = z.object({
  intent: z.literal("delete_task"),
  taskId: f.id(),
});
