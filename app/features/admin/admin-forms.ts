/**
 * Form pieces shared by the administration pages (agencies, users, series).
 */
import { z } from "zod";
import { f } from "../../utils/forms";

/**
 * Deactivating and reactivating ask for an explicit tick. The tick is checked
 * on the server, so the confirmation works without JavaScript and cannot be
 * skipped by posting directly.
 */
export const ConfirmSchema = z.object({
  confirm: f.checkbox().refine((v) => v, "admin.confirmRequired"),
});

/** What the user typed, sent back with a 400 so the form keeps it. */
export type FormValues = Record<string, string | string[]>;

/** Never echoed back: what a shoulder-surfer or a cache must not see again. */
const SECRET_FIELDS = ["password", "passwordConfirm"];

export function formValues(form: FormData, omit: readonly string[] = SECRET_FIELDS): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || omit.includes(name)) continue;
    const prev = values[name];
    if (prev === undefined) values[name] = value;
    else values[name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return values;
}

/** One value of a field, as a string, for a `defaultValue`. */
export function valueOf(values: FormValues | undefined, name: string): string | undefined {
  const v = values?.[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Every value of a multi-valued field (checkbox lists). */
export function valuesOf(values: FormValues | undefined, name: string): string[] | undefined {
  const v = values?.[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}

/** The confirmations shown after a POST-redirect-GET (`?saved=`). */
export const SAVED_KINDS = [
  "created",
  "updated",
  "deactivated",
  "reactivated",
  "password",
  "member-added",
  "member-removed",
  "agencies",
] as const;
export type SavedKind = (typeof SAVED_KINDS)[number];

export function isSavedKind(value: string | null): value is SavedKind {
  return (SAVED_KINDS as readonly (string | null)[]).includes(value);
}
