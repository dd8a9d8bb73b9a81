/** Links within the blocker list: they keep its filters from the address, so a link can be shared and works without JavaScript. */

/** The same list with some parameters changed (`null` removes one); the page resets unless given. */
export function listHref(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const s = params.toString();
  return s ? `/blockers?${s}` : "/blockers";
}

/** The file of the same list: every page of the same filters. */
export function exportHref(search: string, format: "csv" | "xlsx"): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  const s = params.toString();
  return s ? `/blockers.${format}?${s}` : `/blockers.${format}`;
}
