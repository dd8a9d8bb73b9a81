/** What waits for a chair's decision: extension requests and completion reports of the series they chair. */
import { sql, type Kysely } from "kysely";
import type { Database, Locale } from "../../../db/schema";
import { getDb } from "~/utils/db.server";
import { cachedUntilWrite } from "~/utils/generation-cache.server";
import type { Actor } from "~/utils/permissions";
import { localName as name, officeSeries } from "./task-sql.server";

export interface PendingDecision {
  kind: "extension" | "completion";
  id: number;
  taskId: number;
  title: string;
  leadAgency: string;
  deadline: string | null;
  /** The requested deadline, or the reported completion date. */
  day: string;
  createdAt: string;
}

/** How many of the waiting decisions the register lists; the rest are behind the "awaiting" filter. */
export const PENDING_SHOWN = 10;

/**
 * What waits for this chair's decision: the oldest `limit`, and how many in
 * all. Nothing for anyone who chairs nothing. Read from the pending requests
 * (few, with an index of their own) to their tasks, never from every task.
 */
export async function pendingDecisionsFor(
  actor: Actor,
  locale: Locale,
  db: Kysely<Database> = getDb(),
  limit = PENDING_SHOWN,
): Promise<{ items: PendingDecision[]; total: number }> {
  const chaired = officeSeries(actor, ["chair"]);
  if (chaired.length === 0) return { items: [], total: 0 };
  // Counting the pending requests reads each one (~2 ms for a province's thousands): kept until the next write.
  const key = [...chaired].sort((a, b) => a - b);
  return cachedUntilWrite(db, ["pending-decisions", key, locale, limit], () => readPendingDecisions(chaired, locale, db, limit));
}

async function readPendingDecisions(
  chaired: number[],
  locale: Locale,
  db: Kysely<Database>,
  limit: number,
): Promise<{ items: PendingDecision[]; total: number }> {
  const extensions = db
    .selectFrom("extension_requests as x")
    // From the pending requests to their tasks (CROSS JOIN keeps this order); a literal, so that their partial index serves.
    .crossJoin("tasks")
    .whereRef("tasks.id", "=", "x.task_id")
    .where(sql.ref("x.status"), "=", sql.lit("pending"))
    .where("tasks.status", "in", ["in_progress", "awaiting_acceptance"])
    .where("tasks.series_id", "in", chaired);
  const completions = db
    .selectFrom("completion_reports as c")
    .crossJoin("tasks")
    .whereRef("tasks.id", "=", "c.task_id")
    .where(sql.ref("c.status"), "=", sql.lit("pending"))
    .where("tasks.status", "=", "awaiting_acceptance")
    .where("tasks.series_id", "in", chaired);
  const shown = ["tasks.title", "tasks.deadline", "agencies.name_vi", "agencies.name_en"] as const;
  const [xCount, cCount, xRows, cRows] = await Promise.all([
    extensions.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    completions.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    extensions
      .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
      .select(["x.id", "x.task_id", "x.requested_deadline as day", "x.created_at", ...shown])
      .orderBy("x.created_at")
      .orderBy("x.id")
      .limit(limit)
      .execute(),
    completions
      .innerJoin("agencies", "agencies.id", "tasks.lead_agency_id")
      .select(["c.id", "c.task_id", "c.completed_on as day", "c.created_at", ...shown])
      .orderBy("c.created_at")
      .orderBy("c.id")
      .limit(limit)
      .execute(),
  ]);
  const map = (kind: PendingDecision["kind"]) => (r: (typeof xRows)[number]) => ({
    kind,
    id: r.id,
    taskId: r.task_id,
    title: r.title,
    leadAgency: name(locale, r.name_vi, r.name_en),
    deadline: r.deadline,
    day: r.day,
    createdAt: r.created_at,
  });
  const items = [...xRows.map(map("extension")), ...cRows.map(map("completion"))]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
    .slice(0, limit);
  return { items, total: Number(xCount.n) + Number(cCount.n) };
}
