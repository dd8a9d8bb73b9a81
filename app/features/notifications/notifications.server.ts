/**
 * Turns audit events into notifications, inside the transaction of the
 * change (called from recordAudit), and writes their e-mails to the outbox
 * in that same transaction.
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database, Locale } from "../../../db/schema";
import { translate, type MessageKey } from "~/i18n";
import { nowIso } from "~/utils/dates";
import { linkFor, messageOf, outcomeOf, recipients, renderEmail, ruleFor, type Audience, type NotificationKind, type NotificationParams } from "./notify-rules";

type Db = Transaction<Database> | Kysely<Database>;

export interface AuditLike {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  after?: unknown;
}

/** E-mail is on when an SMTP server is configured. */
export function emailEnabled(): boolean {
  return Boolean(process.env.SMTP_URL);
}

function publicUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

interface Facts {
  seriesId: number | null;
  agencyIds: number[];
  params: NotificationParams;
}

async function factsOf(db: Db, entityType: string, entityId: number, audience: Audience, after: unknown): Promise<Facts | null> {
  const reason =
    after && typeof after === "object"
      ? ((after as { outcome_reason?: unknown; decision_reason?: unknown }).outcome_reason ?? (after as { decision_reason?: unknown }).decision_reason)
      : undefined;
  if (entityType === "blocker") {
    const b = await db.selectFrom("blockers").where("id", "=", entityId).select(["series_id", "agency_id", "title", "outcome_reason"]).executeTakeFirst();
    if (!b) return null;
    return { seriesId: b.series_id, agencyIds: [b.agency_id], params: { title: b.title, ...(b.outcome_reason ? { reason: b.outcome_reason } : {}) } };
  }
  if (entityType === "task") {
    const t = await db.selectFrom("tasks").where("id", "=", entityId).select(["series_id", "lead_agency_id", "title"]).executeTakeFirst();
    if (!t) return null;
    const coordinators =
      audience.to === "agency" && audience.which === "task_all"
        ? (await db.selectFrom("task_coordinators").where("task_id", "=", entityId).select("agency_id").execute()).map((c) => c.agency_id)
        : [];
    return {
      seriesId: t.series_id,
      agencyIds: [t.lead_agency_id, ...coordinators],
      params: { title: t.title, ...(typeof reason === "string" && reason ? { reason } : {}) },
    };
  }
  if (entityType === "meeting") {
    const m = await db.selectFrom("meetings").where("id", "=", entityId).select(["series_id", "title"]).executeTakeFirst();
    if (!m) return null;
    return { seriesId: m.series_id, agencyIds: [], params: { title: m.title } };
  }
  return null;
}

async function audienceUsers(db: Db, audience: Audience, facts: Facts): Promise<number[]> {
  const agencyUsers = (agencyIds: number[]) =>
    agencyIds.length
      ? db
          .selectFrom("users")
          .where("agency_id", "in", agencyIds)
          .where("role", "in", ["agency_head", "agency_staff"])
          .where("active", "=", 1)
          .select("id")
          .execute()
      : Promise.resolve([]);
  switch (audience.to) {
    case "agency":
      return (await agencyUsers(audience.which === "task_lead" ? facts.agencyIds.slice(0, 1) : facts.agencyIds)).map((u) => u.id);
    case "office":
    case "chair": {
      if (facts.seriesId === null) return [];
      const rows = await db
        .selectFrom("series_members")
        .innerJoin("users", "users.id", "series_members.user_id")
        .where("series_members.series_id", "=", facts.seriesId)
        .where("series_members.role", "in", audience.to === "chair" ? ["chair"] : ["chair", "secretary"])
        .where("users.active", "=", 1)
        .select("users.id")
        .execute();
      return rows.map((r) => r.id);
    }
    case "series_agencies": {
      if (facts.seriesId === null) return [];
      const agencies = await db.selectFrom("series_agencies").where("series_id", "=", facts.seriesId).select("agency_id").execute();
      return (await agencyUsers(agencies.map((a) => a.agency_id))).map((u) => u.id);
    }
  }
}

/** Writes one notification per recipient (and its e-mail to the outbox). Returns how many. */
export async function deliver(
  db: Db,
  userIds: readonly number[],
  n: { kind: NotificationKind; entityType: string; entityId: number | null; params: NotificationParams; link: string },
): Promise<number> {
  if (userIds.length === 0) return 0;
  const at = nowIso();
  const users = await db
    .selectFrom("users")
    .where("id", "in", [...userIds])
    .select(["id", "email", "full_name", "locale"])
    .execute();
  const optedOut = new Set(
    (
      await db
        .selectFrom("notification_prefs")
        .where("user_id", "in", [...userIds])
        .where("kind", "=", n.kind)
        .where("email", "=", 0)
        .select("user_id")
        .execute()
    ).map((p) => p.user_id),
  );
  for (const u of users) {
    const row = await db
      .insertInto("notifications")
      .values({
        user_id: u.id,
        kind: n.kind,
        entity_type: n.entityType,
        entity_id: n.entityId,
        params_json: JSON.stringify(n.params),
        link: n.link,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (!emailEnabled() || !u.email || optedOut.has(u.id)) continue;
    const t = (key: string, params?: Record<string, string | number>) => translate(u.locale as Locale, key as MessageKey, params);
    const mail = renderEmail(t, n.kind, n.params, {
      name: u.full_name,
      link: publicUrl() + n.link,
      preferencesLink: `${publicUrl()}/account#notifications`,
      appName: t("app.name"),
    });
    await db
      .insertInto("email_outbox")
      .values({
        message_id: `<${randomUUID()}@giaoban>`,
        notification_id: row.id,
        to_address: u.email,
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html,
        next_attempt_at: at,
        created_at: at,
      })
      .execute();
  }
  return users.length;
}

/** Called by recordAudit inside the change's transaction. */
export async function notifyForAudit(db: Db, event: AuditLike): Promise<void> {
  const rule = ruleFor(event.action, event.after);
  if (!rule || event.entityId === null) return;
  const facts = await factsOf(db, event.entityType, event.entityId, rule.audience, event.after);
  if (!facts) return;
  const outcome = outcomeOf(event.action);
  const users = recipients(await audienceUsers(db, rule.audience, facts), event.actorUserId);
  await deliver(db, users, {
    kind: rule.kind,
    entityType: event.entityType,
    entityId: event.entityId,
    params: { ...facts.params, ...(outcome ? { outcome } : {}) },
    link: linkFor(event.entityType, event.entityId),
  });
}

export { messageOf };
