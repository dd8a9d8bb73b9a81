import { z } from "zod";
import { f } from "~/utils/forms";
import { MEETING_TRANSITION_NAMES } from "./meetings-rules";

const time = () =>
  z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "meetings.invalidTime");

export const ScheduleMeetingSchema = z
  .object({
    seriesId: f.id(),
    period: z
      .string({ error: "validation.required" })
      .trim()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "meetings.invalidPeriod"),
    day: f.day(),
    time: time(),
    place: f.text(300),
    cutoffDay: f.day(),
    cutoffTime: time(),
    bridgePoints: f.optionalText(4000),
  })
  .refine((v) => `${v.cutoffDay}T${v.cutoffTime}` <= `${v.day}T${v.time}`, {
    path: ["cutoffDay"],
    message: "meetings.cutoffAfterStart",
  });
export type ScheduleMeetingInput = z.output<typeof ScheduleMeetingSchema>;

export const TransitionSchema = z.object({
  intent: z.literal("transition"),
  transition: z.enum(MEETING_TRANSITION_NAMES as [string, ...string[]]),
});
