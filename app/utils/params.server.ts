import { notFound } from "./permissions.server";

/** A positive whole-number id from the URL, or a 404: `/meetings/abc` is a page that does not exist. */
export function idParam(params: Record<string, string | undefined>, name: string): number {
  const raw = params[name];
  const id = Number(raw);
  if (!raw || !/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}
