import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "./connection";
import { migrations } from "./migrations/index";

describe("migrations", () => {
  it("run from an empty database and a second run does nothing", async () => {
    const db = openDatabase(":memory:");
    const applied = await migrateToLatest(db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(db)).toEqual([]);
    // Tables and virtual tables; an FTS5 table's own storage (type 'shadow') is its business.
    const tables = await sql<{
      name: string;
    }>`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%' ORDER BY name`.execute(
      db,
    );
    expect(tables.rows.map((r) => r.name)).toEqual(
      [
        "agencies",
        "agenda_items",
        "audit_events",
        "blocker_counts",
        "blockers",
        "bridge_points",
        "calendar_tokens",
        "completion_reports",
        "conclusions",
        "email_outbox",
        "extension_requests",
        "form_submissions",
        "meetings",
        "notification_prefs",
        "notifications",
        "reminder_log",
        "notices",
        "progress_reports",
        "search_index",
        "series",
        "series_agencies",
        "series_members",
        "sign_in_attempts",
        "sessions",
        "task_coordinator_counts",
        "task_coordinators",
        "task_counts",
        "task_counts_by_pillar",
        "task_overdue_stretches",
        "tasks",
        "triage_decisions",
        "users",
      ].sort(),
    );
    await db.destroy();
  });

  it("are listed in name order, so they apply in the order they were written", () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
  });

  it("turn foreign keys on and enforce CHECK constraints", async () => {
    const db = openDatabase(":memory:");
    await migrateToLatest(db);
    const at = new Date().toISOString();
    await expect(
      db
        .insertInto("agencies")
        .values({ code: "X", name_vi: "X", name_en: "X", kind: "bogus" as never, parent_id: null, updated_at: at })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await expect(
      db.insertInto("agencies").values({ code: "Y", name_vi: "Y", name_en: "Y", kind: "department", parent_id: 999, updated_at: at }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    // An agency user must belong to an agency.
    await expect(
      db
        .insertInto("users")
        .values({ username: "u", email: null, full_name: "U", title: null, password_hash: "x", role: "agency_head", agency_id: null, updated_at: at })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await db.destroy();
  });

  it("keep the audit history append-only", async () => {
    const db = openDatabase(":memory:");
    await migrateToLatest(db);
    await db
      .insertInto("audit_events")
      .values({ at: "2023-04-07T01:00:00.000Z", actor_user_id: null, action: "x", entity_type: "system", entity_id: null, before_json: null, after_json: null })
      .execute();
    await expect(db.updateTable("audit_events").set({ action: "y" }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_events").execute()).rejects.toThrow(/append-only/);
    const rows = await db.selectFrom("audit_events").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].action).toBe("x");
    await db.destroy();
  });
});
