/**
 * The one way a change is written (docs/decisions/0022-one-write-path.md).
 *
 * `write(actor, work, { formKey })`:
 * - opens one transaction (`BEGIN IMMEDIATE`: see db/connection.ts);
 * - runs `work`, which changes the rows and records its audit events with
 *   `recordAudit`; whatever subscribed with `onAudit` (notifications and
 *   their e-mails in the outbox) is written by the same transaction, so a
 *   change is never kept without its audit event and its notices, nor the
 *   other way round;
 * - stores the form's one-time key with the change's result, in the same
 *   transaction: a submission sent twice (a double click, a retry after a
 *   timeout, the browser's "resend") finds the key and gets the first one's
 *   result back, and nothing is changed twice;
 * - after the commit, tells the `onCommit` subscribers which events were
 *   recorded (the e-mail sender goes out at once instead of at its next
 *   round);
 * - returns one outcome: ok with the value, or refused with 400 (field
 *   errors), 403, 404 or 409 (a message key). `work` refuses by throwing
 *   `refuse.*(…)`, which rolls everything back. Any other error is a bug
 *   and propagates (a 500).
 *
 * Routes turn an outcome into a response with `respond` (respond.server.ts).
 * No feature throws Remix responses.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { MessageKey } from "~/i18n";
import { nowIso } from "./dates";
import { getDb } from "./db.server";
import type { FieldErrors } from "./forms";

export type Refused =
  | { ok: false; status: 400; errors: FieldErrors }
  | { ok: false; status: 403 }
  | { ok: false; status: 404 }
  | { ok: false; status: 409; messageKey: MessageKey; detail?: Readonly<Record<string, unknown>> };

/** What a change came to. `replayed`: the form had been stored already, and this is that first result. */
export type Outcome<T> = { ok: true; value: T; replayed: boolean } | Refused;

/** Thrown inside `work` to refuse the change; `write` rolls back and returns its outcome. */
export class Refusal extends Error {
  constructor(readonly outcome: Refused) {
    super(`change refused (${outcome.status})`);
  }
}

export const refuse = {
  invalid: (errors: FieldErrors) => new Refusal({ ok: false, status: 400, errors }),
  forbidden: () => new Refusal({ ok: false, status: 403 }),
  notFound: () => new Refusal({ ok: false, status: 404 }),
  conflict: (messageKey: MessageKey, detail?: Readonly<Record<string, unknown>>) => new Refusal({ ok: false, status: 409, messageKey, detail }),
};

/** An audit event as a change records it. */
export interface AuditEvent {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
}

type AuditHook = (trx: Transaction<Database>, event: AuditEvent) => Promise<void>;
type CommitHook = (events: readonly AuditEvent[]) => void | Promise<void>;

const auditHooks: AuditHook[] = [];
const commitHooks: CommitHook[] = [];
let wired = false;

/** Runs `hook` inside the transaction of every audited change, after its event is stored. */
export function onAudit(hook: AuditHook): void {
  if (!auditHooks.includes(hook)) auditHooks.push(hook);
}

/** Runs `hook` after every commit of a change that recorded events (its failure is logged, never undoes the change). Returns how to stop. */
export function onCommit(hook: CommitHook): () => void {
  if (!commitHooks.includes(hook)) commitHooks.push(hook);
  return () => {
    const i = commitHooks.indexOf(hook);
    if (i >= 0) commitHooks.splice(i, 1);
  };
}

/**
 * Called once the subscribers are registered (app/subscribers.server.ts).
 * `write` refuses to run before: a change that silently skipped its
 * notifications would be a bug nobody sees.
 */
export function markSubscribersWired(): void {
  wired = true;
}

/** What one `write` has recorded so far: its events, for the commit hooks. */
interface Change {
  events: AuditEvent[];
}
const current = new AsyncLocalStorage<Change>();

/** The hooks of one audit event, inside its transaction; called by `recordAudit`. */
export async function auditRecorded(trx: Transaction<Database>, event: AuditEvent): Promise<void> {
  current.getStore()?.events.push(event);
  for (const hook of auditHooks) await hook(trx, event);
}

/** A form's one-time key, and a fingerprint of what the form sent with it. */
export interface FormKey {
  key: string;
  fingerprint: string;
}

/** The key as `<FormKey />` writes it; anything else is no key. */
const KEY_SHAPE = /^[A-Za-z0-9_.:-]{8,100}$/;

/**
 * The form's key, with the SHA-256 of the address it was sent to and its
 * fields (the key left out, in a fixed order). A key replays only the very
 * same submission: the same key sent with other fields or to another page
 * (a page restored from the browser's history, a component reused from one
 * task to the next) is a submission of its own.
 */
export function formKeyOf(request: Request, form: FormData): FormKey | null {
  const key = form.get("_key");
  if (typeof key !== "string" || !KEY_SHAPE.test(key)) return null;
  const fields = [...form.entries()]
    .filter(([name, value]) => name !== "_key" && typeof value === "string")
    .map(([name, value]) => JSON.stringify([name, value]))
    .sort();
  const fingerprint = createHash("sha256").update(new URL(request.url).pathname).update("\n").update(fields.join("\n")).digest("base64url");
  return { key, fingerprint };
}

/** Keys older than this are pruned: nobody resubmits a form two days later. */
const KEY_LIFETIME_MS = 2 * 24 * 3600 * 1000;

export interface WriteOptions {
  /** The form's one-time key (`formKeyOf(request, form)`); null or absent for changes no form asked for. */
  formKey?: FormKey | null;
  db?: Kysely<Database>;
}

/** Values a change returns must survive JSON, since a repeated submission gets them back from the database. */
type Json = string | number | boolean | null | undefined | void | readonly Json[] | { readonly [key: string]: Json };

export async function write<T extends Json>(
  actor: { id: number } | null,
  work: (trx: Transaction<Database>) => Promise<T>,
  options: WriteOptions = {},
): Promise<Outcome<T>> {
  if (!wired) throw new Error("write() before the subscribers were registered: import app/subscribers.server");
  const db = options.db ?? getDb();
  const key = actor && options.formKey ? options.formKey : null;
  const change: Change = { events: [] };
  let outcome: Outcome<T>;
  try {
    outcome = await db.transaction().execute((trx) =>
      current.run(change, async (): Promise<Outcome<T>> => {
        const at = nowIso();
        if (key) {
          const stored = await trx
            .insertInto("form_submissions")
            .values({ user_id: actor!.id, key: key.key, fingerprint: key.fingerprint, result: "null", at })
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst();
          if (Number(stored.numInsertedOrUpdatedRows ?? 0) === 0) {
            const first = await trx
              .selectFrom("form_submissions")
              .where("user_id", "=", actor!.id)
              .where("key", "=", key.key)
              .where("fingerprint", "=", key.fingerprint)
              .select("result")
              .executeTakeFirstOrThrow();
            return { ok: true, value: JSON.parse(first.result) as T, replayed: true };
          }
        }
        const value = await work(trx);
        if (key) {
          await trx
            .updateTable("form_submissions")
            .set({ result: JSON.stringify(value ?? null) })
            .where("user_id", "=", actor!.id)
            .where("key", "=", key.key)
            .where("fingerprint", "=", key.fingerprint)
            .execute();
          await trx
            .deleteFrom("form_submissions")
            .where("at", "<", new Date(Date.parse(at) - KEY_LIFETIME_MS).toISOString())
            .execute();
        }
        return { ok: true, value, replayed: false };
      }),
    );
  } catch (e) {
    if (e instanceof Refusal) return e.outcome;
    throw e;
  }
  if (change.events.length) {
    for (const hook of commitHooks) {
      try {
        await hook(change.events);
      } catch (e) {
        console.error("After-commit hook:", e instanceof Error ? e.message : e);
      }
    }
  }
  return outcome;
}

/**
 * Whether this very submission was stored already. For the few checks made
 * before `write` on state the first copy changed (a withdrawal's guard reads
 * the blocker's status; a password change checks the current password): a
 * resend skips them and `write` gives it the first answer, instead of the
 * resend being refused for what its own first copy did.
 */
export async function submittedBefore(actor: { id: number } | null, formKey: FormKey | null | undefined, db: Kysely<Database> = getDb()): Promise<boolean> {
  if (!actor || !formKey) return false;
  const row = await db
    .selectFrom("form_submissions")
    .where("user_id", "=", actor.id)
    .where("key", "=", formKey.key)
    .where("fingerprint", "=", formKey.fingerprint)
    .select("key")
    .executeTakeFirst();
  return row !== undefined;
}

/** True inside `write`'s work: `recordAudit` outside a change is a bug the tests catch. */
export function insideWrite(): boolean {
  return current.getStore() !== undefined;
}
