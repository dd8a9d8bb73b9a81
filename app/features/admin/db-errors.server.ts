/**
 * Turns a constraint error from SQLite into something a form can show.
 * The feature modules check uniqueness first to report every clash at once;
 * this catches the one that slips between the check and the write.
 */
import type { FieldErrors } from "~/utils/forms";
import { refuse, type Outcome } from "~/utils/write.server";

/** "UNIQUE constraint failed: users.email" -> "users.email"; null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  if (!error || typeof error !== "object") return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== "SQLITE_CONSTRAINT_UNIQUE" || typeof message !== "string") return null;
  return /UNIQUE constraint failed: ([\w.]+)/.exec(message)?.[1] ?? "";
}

/**
 * A change's outcome, where a unique constraint that failed on one of the
 * listed columns ("users.email") is refused with that column's field errors;
 * any other error is still a bug. The transaction has been rolled back by
 * then, key and audit event with it.
 */
export async function refusingClashes<T>(change: Promise<Outcome<T>>, clashes: Readonly<Record<string, FieldErrors>>): Promise<Outcome<T>> {
  try {
    return await change;
  } catch (e) {
    const column = uniqueViolation(e);
    if (column && Object.hasOwn(clashes, column)) return refuse.invalid(clashes[column]).outcome;
    throw e;
  }
}
