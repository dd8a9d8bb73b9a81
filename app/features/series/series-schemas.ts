import { z } from "zod";
import { SERIES_ROLES } from "../../../db/schema";
import { f } from "~/utils/forms";

const upper = (max: number, format: RegExp, message: string) =>
  f
    .text(max)
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(format, message));

/** Names, the body that issues the notices, and the symbol in "Số: 45/TB-UBND". */
const details = {
  nameVi: f.text(200),
  nameEn: f.text(200),
  issuingBody: f.text(200),
  // Letters (Đ included), digits and dashes: the part after the number in "45/TB-UBND".
  noticeSymbol: upper(30, /^[\p{Lu}\p{N}]+(-[\p{Lu}\p{N}]+)*$/u, "admin.series.symbolFormat"),
  // What each new conclusion notice starts from (Decree 30: "Nơi nhận" and the signature block).
  // Left blank, each falls back to the usual Office of the People's Committee wording.
  standingRecipients: f.optionalText(2000),
  archiveLine: f.optionalText(200),
  signerAuthority: f.optionalText(200),
  signerTitle: f.optionalText(200),
  signerName: f.optionalText(200),
};

export const SeriesDetailsSchema = z.object(details);
export type SeriesDetailsInput = z.output<typeof SeriesDetailsSchema>;

export const NewSeriesSchema = z.object({
  code: upper(30, /^[A-Z0-9][A-Z0-9._-]*$/, "admin.agency.codeFormat"),
  ...details,
});
export type NewSeriesInput = z.output<typeof NewSeriesSchema>;

export const MemberSchema = z.object({
  userId: f.id(),
  seat: f.choice(SERIES_ROLES),
});
export type MemberInput = z.output<typeof MemberSchema>;

/** The ticked member agencies; none ticked means none. */
export const SeriesAgenciesSchema = z.object({
  agencyId: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(f.id()).max(500)),
});

export const SERIES_INTENTS = ["save", "add-member", "remove-member", "set-agencies"] as const;
export const SeriesIntentSchema = z.object({ intent: z.enum(SERIES_INTENTS, { error: "admin.unknownIntent" }) });
