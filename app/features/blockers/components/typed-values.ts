/** What was typed in a blocker's fields, as a refused form brings it back (one value per field). */
import type { BlockerFieldValues } from "~/components/blocker-fields";
import { valueOf, type FormValues } from "~/utils/forms";

const FIELDS = ["title", "description", "pillar", "severity", "helpAgencyId", "proposal", "planTarget"] as const satisfies ReadonlyArray<
  keyof BlockerFieldValues
>;

export function blockerFieldValues(values: FormValues | undefined): Partial<BlockerFieldValues> {
  const typed: Partial<BlockerFieldValues> = {};
  for (const name of FIELDS) {
    const value = valueOf(values, name);
    if (value !== undefined) typed[name] = value;
  }
  return typed;
}
