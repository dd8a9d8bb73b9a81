import { parseId } from "./forms";
import { notFound } from "./permissions.server";

/** A positive whole-number id from the URL, or a 404: `/meetings/abc` is a page that does not exist. */
export function idParam(params: Record<string, string | undefined>, name: string): number {
  return parseId(params[name]) ?? notFound();
}
