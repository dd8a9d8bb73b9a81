/**
 * One zod schema per form, parsed on the server. Field errors travel as
 * dictionary keys with their parameters, so the form shows them in the
 * reader's language.
 */
import { z } from "zod";
import type { MessageKey, Params } from "~/i18n";
import { dictionaries } from "~/i18n";
import { isValidDay } from "./dates";
import { vietnameseD } from "./search";

export interface FieldError {
  key: MessageKey;
  params?: Params;
}
export type FieldErrors = Record<string, FieldError>;

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

const isKey = (s: string): s is MessageKey => s in dictionaries.vi;

function toFieldError(issue: z.core.$ZodIssue): FieldError {
  if (isKey(issue.message)) {
    const params: Params = {};
    if (issue.code === "too_big") params.max = Number(issue.maximum);
    if (issue.code === "too_small") params.min = Number(issue.minimum);
    return { key: issue.message, params };
  }
  switch (issue.code) {
    case "too_big":
      return { key: "validation.tooLong", params: { max: Number(issue.maximum) } };
    case "too_small":
      return { key: "validation.required" };
    case "invalid_value":
      return { key: "validation.invalidChoice" };
    case "invalid_format":
      return { key: issue.format === "email" ? "validation.invalidEmail" : "validation.invalidChoice" };
    default:
      return { key: "validation.required" };
  }
}

/** What the user typed, sent back with a 400 or 409 so the form keeps it (see respond.server.ts). */
export type FormValues = Record<string, string | string[]>;

/** Never echoed back: what a shoulder-surfer or a cache must not see again, and the form's one-time key. */
const NOT_ECHOED = ["password", "passwordConfirm", "currentPassword", "_key"];

export function formValues(form: FormData, omit: readonly string[] = NOT_ECHOED): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || omit.includes(name)) continue;
    const prev = values[name];
    if (prev === undefined) values[name] = value;
    else values[name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return values;
}

/** One value of a field, as a string, for a `defaultValue`. */
export function valueOf(values: FormValues | undefined, name: string): string | undefined {
  const v = values?.[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Every value of a multi-valued field (checkbox lists). */
export function valuesOf(values: FormValues | undefined, name: string): string[] | undefined {
  const v = values?.[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}

/** Parses a form; the first error of each field is kept. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData | URLSearchParams): ParseResult<z.output<S>> {
  const raw: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    if (name in raw) {
      const prev = raw[name];
      raw[name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else {
      raw[name] = value;
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    errors[field] ??= toFieldError(issue);
  }
  return { ok: false, errors };
}

/**
 * Text as it is stored: NFC (the same word typed on different keyboards is
 * the same word), without control characters other than tab and newlines,
 * and without the bidirectional overrides that can disguise text. The
 * Icelandic eth (Ð ð), which some keyboards and old encodings put where
 * Vietnamese has Đ đ and which looks the same, is stored as Đ đ: otherwise
 * "Đầm Hà" typed that way would be a different word to search and sort.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
const nfc = (s: string) => vietnameseD(s.normalize("NFC").replace(UNSAFE_CHARS, "").trim());

export const isValidDayOrEmpty = (s: string) => s === "" || isValidDay(s);

/**
 * The one reading of an id, wherever it comes from (a URL segment, a form
 * field, a filter): a positive whole number written plainly, as the app
 * writes it — no sign, no leading zero, no exponent, no spaces — and small
 * enough to be exact. Anything else is no id.
 */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== "string" || !/^[1-9]\d{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/** Reusable field schemas. Text is trimmed and normalised to NFC on the way in. */
export const f = {
  text: (max: number) =>
    z.string({ error: "validation.required" }).transform(nfc).pipe(z.string().min(1, "validation.required").max(max, "validation.tooLong")),
  optionalText: (max: number) =>
    z
      .string()
      .optional()
      .transform((s) => nfc(s ?? ""))
      .pipe(z.string().max(max, "validation.tooLong"))
      .transform((s) => (s === "" ? null : s)),
  email: () =>
    z
      .string()
      .optional()
      .transform((s) => nfc(s ?? "").toLowerCase())
      .pipe(z.union([z.literal(""), z.email("validation.invalidEmail").max(200, "validation.tooLong")]))
      .transform((s) => (s === "" ? null : s)),
  id: () =>
    z.string({ error: "validation.invalidChoice" }).transform((s, ctx) => {
      const id = parseId(s.trim());
      if (id === null) ctx.addIssue({ code: "custom", message: "validation.invalidChoice" });
      return id ?? 0;
    }),
  optionalId: () =>
    z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (s === undefined || s.trim() === "") return null;
        const id = parseId(s.trim());
        if (id === null) ctx.addIssue({ code: "custom", message: "validation.invalidChoice" });
        return id;
      }),
  /** An id in a query string's filter: anything but an id means "no filter", so a hand-edited or stale link still opens. */
  filterId: () =>
    z
      .unknown()
      .optional()
      .transform((s) => parseId(s)),
  checkbox: () =>
    z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "1" || v === "true"),
  day: () => z.string({ error: "validation.invalidDate" }).transform(nfc).refine(isValidDay, "validation.invalidDate"),
  choice: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: "validation.invalidChoice" }),
};
