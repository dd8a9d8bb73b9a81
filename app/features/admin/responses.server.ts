/**
 * The answer administration routes give after a save: a redirect to the
 * record, whose page shows the matching confirmation. A refused form is
 * answered by `respond` / `formFailure` (utils/respond.server.ts), an id in
 * the URL is read by `idParam`, as everywhere else.
 */
import { redirect } from "@remix-run/node";
import type { SavedKind } from "./admin-forms";

/** POST-redirect-GET; the page shows the matching confirmation. */
export function savedRedirect(path: string, saved: SavedKind) {
  return redirect(`${path}?saved=${saved}`);
}
