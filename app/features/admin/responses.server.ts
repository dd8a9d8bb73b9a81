/**
 * The answers administration routes give: 400 with field errors and what
 * was typed, a redirect after a save, and 404 for an id that is not one.
 */
import { data, redirect } from "@remix-run/node";
import type { FieldErrors } from "~/utils/forms";
import { notFound } from "~/utils/permissions.server";
import type { FormValues, SavedKind } from "./admin-forms";

/** 400 with what to correct, or 409 when the record was saved by someone else meanwhile. */
export function invalid(errors: FieldErrors, values: FormValues) {
  return data({ errors, values }, { status: errors.form?.key === "admin.stale" ? 409 : 400 });
}

/** POST-redirect-GET; the page shows the matching confirmation. */
export function savedRedirect(path: string, saved: SavedKind) {
  return redirect(`${path}?saved=${saved}`);
}

/** A route id such as `/admin/agencies/12`; anything but a positive integer is a 404. */
export function requireId(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) notFound();
  return Number(value);
}
