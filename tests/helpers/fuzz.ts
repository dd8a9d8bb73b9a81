/**
 * Shared pieces for property-based tests of the actions: hostile form
 * values, form bodies built from them, a way to run an action and see
 * whether it answered or threw, and a cheap snapshot/restore of the test
 * database so every run starts from the same fixture.
 */
import fc from "fast-check";
import { createHash } from "node:crypto";
import { copyFileSync, rmSync } from "node:fs";
import { sql } from "kysely";
import { dictionaries } from "../../app/i18n";
import { getDb } from "../../app/utils/db.server";

// ---------------------------------------------------------------- values

const VIETNAMESE = [
  "Sở Tài nguyên và Môi trường",
  "Chuyển đổi số cấp huyện",
  "Nguyễn Thị Thường",
  "Đầm Hà",
  "Ủy ban nhân dân tỉnh Quảng Ninh",
  "hồ sơ địa chính đã số hóa",
  "Chưa liên thông dữ liệu đất đai với dân cư",
  "Kết luận: giao Sở chủ trì, báo cáo trước ngày 20",
];

/** Ordinary Vietnamese text, sometimes as an NFD keyboard would send it. */
export const vietnamese = fc.constantFrom(...VIETNAMESE);
export const vietnameseNfd = vietnamese.map((s) => s.normalize("NFD"));
export const text = fc.oneof(
  { weight: 3, arbitrary: vietnamese },
  { weight: 1, arbitrary: vietnameseNfd },
  { weight: 1, arbitrary: vietnamese.map((s) => `  ${s}\n`) },
);

const SPECIAL = [
  "",
  " ",
  "  \t\n  ",
  "\u0000",
  "a\u0000b",
  "\u0007\u0008",
  "\u202eevil\u202c",
  "\u200b",
  "\ufeff",
  "\r\n\r\n",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "'; DROP TABLE users;--",
  "' OR '1'='1",
  "1; DELETE FROM tasks",
  '" OR 1=1 --',
  "%00",
  "../../../etc/passwd",
  "{{7*7}}",
  "${7*7}",
  "__proto__",
  "constructor",
  "toString",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "[object Object]",
  "🙂",
  "👨‍👩‍👧‍👦",
  "𝕋𝕖𝕤𝕥",
  "\ud800",
  "Z̸̢̛a̵l̷g̴o̶",
];

const DATES = [
  "2023-02-30",
  "2023-02-29",
  "2024-02-30",
  "2023-13-01",
  "2023-00-10",
  "2023-04-31",
  "0000-00-00",
  "0000-01-01",
  "0099-12-31",
  "0100-01-01",
  "1000-02-29",
  "99999-01-01",
  "+002023-01-01",
  "2023-1-1",
  "2023/01/01",
  "01/02/2023",
  "2023-01-01T00:00:00Z",
  "9999-12-31",
  "1970-01-01",
  "today",
  "2023-W01",
  "2023-01",
  "25:00",
  "23:60",
];

const NUMBERS = [
  "0",
  "-0",
  "-1",
  "-999999",
  "1.5",
  "0.0001",
  "1e3",
  "1e20",
  "1e308",
  "-1e308",
  "NaN",
  "Infinity",
  "-Infinity",
  "9007199254740991",
  "9007199254740993",
  "99999999999999999999999",
  "0x10",
  "0b11",
  " 7 ",
  "+5",
  "5abc",
  "٣",
  "１２",
  "2147483648",
  "-2147483649",
  "101",
  "600",
  "601",
];

/**
 * Long enough to hit every length limit, in several shapes (multi-byte, NFD,
 * control characters); below the 1 MiB the server refuses before any action
 * runs (server/security.js).
 */
const long = fc
  .tuple(fc.constantFrom(10_001, 20_001, 100_001), fc.constantFrom("x", "ệ", "ệ".normalize("NFD"), "<b>", "\u0000", "🙂", "a "))
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));

/** A value no form should ever have to take seriously. */
export const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 3, arbitrary: fc.constantFrom(...DATES) },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: long },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: vietnameseNfd },
  { weight: 1, arbitrary: fc.tuple(vietnamese, fc.constantFrom(...SPECIAL)).map(([a, b]) => a + b) },
);

/** Intents a route does not know. */
export const unknownIntent = fc.constantFrom("", "delete", "DROP", "EDIT", "edit ", "save\u0000", "__proto__", "transition", "approve-all");

// ---------------------------------------------------------------- bodies

export type FieldValue = string | string[];
/** One form of a route: a valid-value arbitrary per field (the intent is a field like any other). */
export type FormSpec = Record<string, fc.Arbitrary<FieldValue>>;
export type Fields = Array<[string, string]>;

const JUNK_NAMES = ["__proto__", "constructor", "extra", "intent[]", "id", "user_id", "role", "status", "version", ""];

function flatten(entries: Array<[string, FieldValue | undefined]>): Fields {
  const out: Fields = [];
  for (const [name, v] of entries) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push([name, one]);
  }
  return out;
}

/** What a tampered field becomes: gone, hostile, repeated, or a valid value repeated with a hostile one. */
function tampered(valid: fc.Arbitrary<FieldValue>): fc.Arbitrary<FieldValue | undefined> {
  const one = valid.map((v) => (Array.isArray(v) ? (v[0] ?? "") : v));
  return fc.oneof(
    fc.constant(undefined),
    hostile,
    fc.array(hostile, { minLength: 2, maxLength: 3 }),
    fc.tuple(one, hostile).map(([a, b]) => [a, b]),
    fc.tuple(one, one).map(([a, b]) => [a, b]),
  );
}

/** Every field valid (the request reaches the state machine). */
function validBody(form: FormSpec): fc.Arbitrary<Fields> {
  const names = Object.keys(form);
  return fc.tuple(...names.map((n) => form[n])).map((values) => flatten(names.map((n, i) => [n, values[i]])));
}

/** Valid but for one field. */
function oneBadBody(form: FormSpec): fc.Arbitrary<Fields> {
  const names = Object.keys(form);
  return fc
    .constantFrom(...names)
    .chain((bad) =>
      fc
        .tuple(...names.map((n) => (n === bad ? tampered(form[n]) : form[n].map((v): FieldValue | undefined => v))))
        .map((values) => flatten(names.map((n, i) => [n, values[i]]))),
    );
}

/** Anything goes, with every field name the route knows and some it does not. */
function chaosBody(form: FormSpec, allNames: string[]): fc.Arbitrary<Fields> {
  const names = [...new Set([...Object.keys(form), ...allNames])];
  const perField = (n: string) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: (form[n] ?? hostile) as fc.Arbitrary<FieldValue | undefined> },
      { weight: 3, arbitrary: tampered(form[n] ?? hostile) },
    );
  const junk = fc.array(fc.tuple(fc.constantFrom(...JUNK_NAMES), hostile), { maxLength: 3 });
  return fc.tuple(fc.tuple(...names.map(perField)), junk, fc.boolean()).map(([values, extra, reverse]) => {
    const fields = [...flatten(names.map((n, i) => [n, values[i]])), ...extra];
    return reverse ? fields.reverse() : fields;
  });
}

/** Bodies for a route's forms: valid ones, nearly valid ones, and chaos. */
export function bodies(forms: FormSpec[]): fc.Arbitrary<Fields> {
  const allNames = [...new Set(forms.flatMap((f) => Object.keys(f)))];
  return fc
    .constantFrom(...forms)
    .chain((form) =>
      fc.oneof({ weight: 4, arbitrary: validBody(form) }, { weight: 4, arbitrary: oneBadBody(form) }, { weight: 3, arbitrary: chaosBody(form, allNames) }),
    );
}

/** An id from the fixture (mostly) or one that names nothing. */
export function idFrom(...ids: Array<number | string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ids.map(String)) }, { weight: 1, arbitrary: fc.constantFrom("999999", "2147483647") });
}

/** A path parameter: the fixture's ids, and ids that name nothing or are not ids. */
export function paramFrom(...ids: Array<number | string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...ids.map(String)) },
    { weight: 1, arbitrary: fc.constantFrom("999999", "0", "-1", "abc", "1e2", "1.0", "01", "9007199254740993", "99999999999", "1%00", " 1") },
  );
}

// ---------------------------------------------------------------- running an action

export interface Outcome {
  status: number;
  data: any;
  location: string | null;
  /** Thrown (shown by the ErrorBoundary) rather than returned (shown by the form). */
  thrown: boolean;
}

type Handler = (args: { request: Request; params: Record<string, string>; context: any }) => unknown;

function isDataWithInit(x: unknown): x is { type: string; data: unknown; init: ResponseInit | null } {
  return !!x && typeof x === "object" && (x as { type?: string }).type === "DataWithResponseInit";
}

async function normalize(x: unknown, thrown: boolean): Promise<Outcome> {
  if (x instanceof Response) {
    const type = x.headers.get("Content-Type") ?? "";
    const data = type.includes("json") ? await x.json() : await x.text();
    return { status: x.status, data, location: x.headers.get("Location"), thrown };
  }
  if (isDataWithInit(x)) {
    const headers = new Headers(x.init?.headers);
    return { status: x.init?.status ?? 200, data: x.data, location: headers.get("Location"), thrown };
  }
  return { status: 200, data: x, location: null, thrown };
}

export const ORIGIN = "http://localhost";

/** POSTs a url-encoded form the way a browser does; anything thrown that is not a response is a bug and propagates. */
export async function post(handler: Handler, path: string, params: Record<string, string>, fields: Fields, cookie?: string): Promise<Outcome> {
  const body = new URLSearchParams();
  for (const [k, v] of fields) body.append(k, v);
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN });
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request(ORIGIN + path, { method: "POST", body, headers });
  let result: unknown;
  try {
    result = await handler({ request, params, context: {} });
  } catch (e) {
    if (e instanceof Response || isDataWithInit(e)) return normalize(e, true);
    throw e;
  }
  return normalize(result, false);
}

const isKey = (k: unknown) => typeof k === "string" && k in dictionaries.vi;

/**
 * The refusal carries something the user can read: field errors or a form
 * error (both dictionary keys) when returned to the form, or a status the
 * ErrorBoundary explains — with a known key if it names one. Returns a
 * problem, or null.
 */
export function unreadable(out: Outcome): string | null {
  const d = out.data;
  if (out.thrown) {
    if (d && typeof d === "object" && "messageKey" in d && !isKey(d.messageKey))
      return `thrown ${out.status} names an unknown message key ${String(d.messageKey)}`;
    return null;
  }
  if (!d || typeof d !== "object") return `returned ${out.status} without a body`;
  // An edit collision: the form shows the text now saved next to the user's own.
  if ("conflict" in d && d.conflict && typeof d.conflict === "object") return null;
  if ("formError" in d) return isKey(d.formError) ? null : `formError ${String(d.formError)} is not a dictionary key`;
  if ("error" in d) return isKey(d.error) ? null : `error ${String(d.error)} is not a dictionary key`;
  if ("message" in d && d.message !== undefined) return isKey(d.message) ? null : `message ${String(d.message)} is not a dictionary key`;
  if ("errors" in d && d.errors && typeof d.errors === "object") {
    const entries = Object.entries(d.errors as Record<string, { key?: unknown }>);
    if (entries.length === 0) return `returned ${out.status} with an empty errors object`;
    const bad = entries.filter(([, e]) => !isKey(e?.key));
    return bad.length ? `errors with unknown keys: ${JSON.stringify(bad).slice(0, 300)}` : null;
  }
  return `returned ${out.status} with neither errors nor formError: ${JSON.stringify(d).slice(0, 300)}`;
}

// ---------------------------------------------------------------- the database

type Dump = Record<string, string>;

/**
 * Every table's content as a row count and a hash of its sorted rows. The
 * audit history is append-only, so its count and last id say it all.
 */
export async function dump(): Promise<Dump> {
  const db = getDb();
  const { rows: tables } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(
    db,
  );
  const out: Dump = {};
  for (const { name } of tables) {
    if (name === "audit_events") {
      const { rows } = await sql<{ n: number; m: number | null }>`SELECT count(*) AS n, max(id) AS m FROM audit_events`.execute(db);
      out[name] = `${rows[0].n} rows, last ${rows[0].m}`;
      continue;
    }
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    const lines = rows.map((r) => JSON.stringify(r)).sort();
    out[name] = `${rows.length} rows, ${createHash("sha1").update(lines.join("\n")).digest("hex").slice(0, 16)}`;
  }
  return out;
}

/** C0 controls other than tab and line breaks, DEL, and the bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** Columns of a table holding text that is not NFC, or that carries control characters. */
export async function textProblems(table: string): Promise<{ nonNfc: string[]; controls: string[] }> {
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(getDb());
  const nonNfc = new Set<string>();
  const controls = new Set<string>();
  for (const row of rows)
    for (const [col, v] of Object.entries(row)) {
      if (typeof v !== "string") continue;
      if (v !== v.normalize("NFC")) nonNfc.add(`${table}.${col}`);
      if (CONTROL.test(v)) controls.add(`${table}.${col}`);
    }
  return { nonNfc: [...nonNfc], controls: [...controls] };
}

const dbFile = () => {
  const file = process.env.DATABASE_PATH;
  if (!file || file === ":memory:") throw new Error("fuzz snapshots need a file database (tests/helpers/setup-db.ts)");
  return file;
};
const frozenFile = () => `${dbFile()}.frozen`;

async function close() {
  await globalThis.__giaobanDb?.destroy();
  globalThis.__giaobanDb = undefined;
  for (const suffix of ["-wal", "-shm"]) rmSync(dbFile() + suffix, { force: true });
}

/** Keeps a copy of the database as it is now; `restore` goes back to it. */
export async function freeze(): Promise<void> {
  await close();
  copyFileSync(dbFile(), frozenFile());
}

/** Back to the frozen copy (the audit history cannot be rolled back any other way: it refuses deletes). */
export async function restore(): Promise<void> {
  await close();
  copyFileSync(frozenFile(), dbFile());
}

export function dropFrozen(): void {
  rmSync(frozenFile(), { force: true });
}
