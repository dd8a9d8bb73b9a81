import { sql } from "kysely";
import { getDb } from "~/utils/db.server";

/** For load balancers and operators: 200 when the database answers, 503 when it does not. */
export async function loader() {
  try {
    const row = await sql<{ ok: number }>`SELECT 1 AS ok`.execute(getDb());
    const ok = row.rows[0]?.ok === 1;
    return Response.json({ status: ok ? "ok" : "degraded", database: ok }, { status: ok ? 200 : 503 });
  } catch {
    return Response.json({ status: "down", database: false }, { status: 503 });
  }
}
