import { z } from "zod";
import { AGENCY_KINDS } from "../../../db/schema";
import { f } from "~/utils/forms";
import { parseActiveFilter, parsePage, parseQuery } from "~/features/admin/listing";

/** Codes are short upper-case tags such as STNMT or CA-TINH; unique whatever the case. */
const agencyCode = () =>
  f
    .text(30)
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9._-]*$/, "admin.agency.codeFormat"));

/** The create and edit form. */
export const AgencySchema = z.object({
  code: agencyCode(),
  nameVi: f.text(200),
  nameEn: f.text(200),
  kind: f.choice(AGENCY_KINDS),
  parentId: f.optionalId(),
});
export type AgencyInput = z.output<typeof AgencySchema>;

export const AGENCY_INTENTS = ["save", "deactivate", "reactivate"] as const;
export const AgencyIntentSchema = z.object({ intent: z.enum(AGENCY_INTENTS, { error: "admin.unknownIntent" }) });

export interface AgencyFilters {
  q: string;
  kind: (typeof AGENCY_KINDS)[number] | null;
  active: boolean | null;
  page: number;
}

/** Filters from the URL; a value that makes no sense is ignored rather than refused. */
export function parseAgencyFilters(params: URLSearchParams): AgencyFilters {
  const kind = params.get("kind");
  return {
    q: parseQuery(params.get("q")),
    kind: (AGENCY_KINDS as readonly string[]).includes(kind ?? "") ? (kind as AgencyFilters["kind"]) : null,
    active: parseActiveFilter(params.get("active")),
    page: parsePage(params.get("page")),
  };
}
