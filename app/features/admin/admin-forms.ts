/**
 * Form pieces shared by the administration pages (agencies, users, series).
 */
import { z } from "zod";
import { f } from "~/utils/forms";

/**
 * Deactivating and reactivating ask for an explicit tick. The tick is checked
 * on the server, so the confirmation works without JavaScript and cannot be
 * skipped by posting directly.
 */
export const ConfirmSchema = z.object({
  confirm: f.checkbox().refine((v) => v, "admin.confirmRequired"),
});

/**
 * The record's `updated_at` as the edit form was drawn. Two administrators
 * editing the same record: the second save would silently undo the first,
 * so a save over a newer record is refused (409, "admin.stale") and the
 * form says so.
 */
export function seenOf(form: FormData): string | undefined {
  const seen = form.get("seen");
  return typeof seen === "string" && seen !== "" && seen.length <= 40 ? seen : undefined;
}

/** True when the form was drawn from an older version of the record than the one saved now. */
export function savedSince(current: string, seen: string | undefined): boolean {
  return seen !== undefined && seen !== current;
}

export { formValues, valueOf, valuesOf, type FormValues } from "~/utils/forms";

/** The confirmations shown after a POST-redirect-GET (`?saved=`). */
export const SAVED_KINDS = ["created", "updated", "deactivated", "reactivated", "password", "member-added", "member-removed", "agencies"] as const;
export type SavedKind = (typeof SAVED_KINDS)[number];

export function isSavedKind(value: string | null): value is SavedKind {
  return (SAVED_KINDS as readonly (string | null)[]).includes(value);
}
