/**
 * Turns a constraint error from SQLite into something a form can show.
 * The feature modules check uniqueness first to report every clash at once;
 * this catches the one that slips between the check and the write.
 */
/** "UNIQUE constraint failed: users.email" -> "users.email"; null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  if (!error || typeof error !== "object") return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== "SQLITE_CONSTRAINT_UNIQUE" || typeof message !== "string") return null;
  return /UNIQUE constraint failed: ([\w.]+)/.exec(message)?.[1] ?? "";
}
