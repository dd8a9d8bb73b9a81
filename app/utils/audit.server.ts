import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { AuditAction } from "./audit-actions";
import { nowIso } from "./dates";
import { auditRecorded, insideWrite } from "./write.server";

export interface AuditInput {
  actorUserId: number | null;
  action: AuditAction;
  entityType: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Every change that matters goes through recordAudit, so counting them gives
 * a cheap "has anything changed?" for caches of aggregates (dashboards):
 * a cache entry made at generation g is fresh while the generation is g.
 * The bump happens inside the writer's transaction, which holds the one
 * connection, so no reader can see the new generation with the old data.
 */
let generation = 0;
export function dataGeneration(): number {
  return generation;
}

/** Appends one audit event. Call it inside the `write` of the change it records. */
export async function recordAudit(trx: Transaction<Database>, input: AuditInput): Promise<void> {
  // A change recorded outside write() would skip its form key and its commit hooks: a bug, found by any test that makes it.
  if (!insideWrite()) throw new Error(`recordAudit outside write(): ${input.action}`);
  generation++;
  await trx
    .insertInto("audit_events")
    .values({
      at: nowIso(),
      actor_user_id: input.actorUserId,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      before_json: input.before === undefined ? null : JSON.stringify(withoutSecrets(input.before)),
      after_json: input.after === undefined ? null : JSON.stringify(withoutSecrets(input.after)),
    })
    .execute();
  // Whoever subscribed (notifications, their e-mails) writes in the same transaction: see write.server.ts.
  await auditRecorded(trx, input);
}

function withoutSecrets(value: unknown): unknown {
  if (value && typeof value === "object" && "password_hash" in value) {
    const { password_hash: _omit, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value;
}
