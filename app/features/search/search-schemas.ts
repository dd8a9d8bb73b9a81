/**
 * The search page's URL: /search?q=…&kind=task&page=2. Anything odd in a
 * shared or hand-edited link is dropped rather than refused.
 */
import { z } from "zod";
import { MAX_QUERY_CHARS, SEARCH_KINDS } from "./search-rules";

export const searchQuerySchema = z.object({
  q: z
    .string()
    .optional()
    .transform((s) => (s ?? "").normalize("NFC").replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_CHARS)),
  kind: z.enum(SEARCH_KINDS).nullable().catch(null).default(null),
  page: z
    .string()
    .optional()
    .transform((s) => (s && /^\d{1,6}$/.test(s) ? Math.max(1, Number(s)) : 1)),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

/** Reads the query from a URL's search params (the first value of each). */
export function parseSearchQuery(params: URLSearchParams): SearchQuery {
  const raw: Record<string, string> = {};
  for (const key of ["q", "kind", "page"]) {
    const v = params.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  return searchQuerySchema.parse(raw);
}
