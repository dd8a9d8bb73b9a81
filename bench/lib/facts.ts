/**
 * What the month's requests are drawn from, read once from the generated
 * database (read-only, while the server runs): the people, and samples of
 * each agency's tasks and blockers, the meetings and the months with data.
 */
import Database from "better-sqlite3";
import type { MonthFacts, Person, Role } from "./month";

const ROLES: Role[] = ["chair", "secretary", "agency_head", "agency_staff", "observer"];

/** The last month with a meeting, YYYY-MM. */
export function lastPeriod(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT max(period) AS p FROM meetings").get() as { p: string }).p;
  } finally {
    db.close();
  }
}

/** An agenda item's version as stored now (after a 409, the writer reloads the page and sees it). */
export function itemVersionReader(path: string): { read: (itemId: number) => number; close: () => void } {
  const db = new Database(path, { readonly: true });
  const stmt = db.prepare("SELECT version FROM agenda_items WHERE id = ?");
  return { read: (itemId) => (stmt.get(itemId) as { version: number } | undefined)?.version ?? 1, close: () => db.close() };
}

export function readFacts(path: string, session: { meetingId: number; items: number[] }): { facts: MonthFacts; people: Person[] } {
  const db = new Database(path, { readonly: true });
  try {
    const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
    const people = all<{ username: string; role: Role; agencyId: number | null }>(
      `SELECT username, role, agency_id AS agencyId FROM users WHERE active = 1 AND username LIKE 'bench.%' AND role IN (${ROLES.map(() => "?").join(",")}) ORDER BY id`,
      ...ROLES,
    );
    const agencies = all<{ id: number }>("SELECT id FROM agencies WHERE active = 1 ORDER BY id").map((a) => a.id);
    const byAgency = (sql: string, perAgency: number) => {
      const out = new Map<number, number[]>();
      const stmt = db.prepare(sql);
      for (const a of agencies)
        out.set(
          a,
          (stmt.all(a, perAgency) as Array<{ id: number }>).map((r) => r.id),
        );
      return out;
    };
    const facts: MonthFacts = {
      seriesId: (db.prepare("SELECT id FROM series ORDER BY id LIMIT 1").get() as { id: number }).id,
      agencies,
      openTasksByAgency: byAgency("SELECT id FROM tasks WHERE lead_agency_id = ? AND status = 'in_progress' ORDER BY id DESC LIMIT ?", 200),
      deadlines: new Map(
        all<{ id: number; deadline: string }>("SELECT id, deadline FROM tasks WHERE status = 'in_progress' AND deadline IS NOT NULL").map((t) => [
          t.id,
          t.deadline,
        ]),
      ),
      tasksByAgency: byAgency("SELECT id FROM tasks WHERE lead_agency_id = ? AND status <> 'draft' ORDER BY id DESC LIMIT ?", 400),
      publishedBlockers: all<{ id: number }>("SELECT id FROM blockers WHERE status IN ('on_agenda', 'resolved') ORDER BY id DESC LIMIT 20000").map((b) => b.id),
      blockersByAgency: byAgency("SELECT id FROM blockers WHERE agency_id = ? ORDER BY id DESC LIMIT ?", 150),
      submittedBlockers: all<{ id: number }>("SELECT id FROM blockers WHERE status = 'submitted' ORDER BY id").map((b) => b.id),
      meetings: all<{ id: number }>("SELECT id FROM meetings ORDER BY starts_at").map((m) => m.id),
      noticeMeetings: all<{ id: number }>("SELECT meeting_id AS id FROM notices WHERE status = 'issued' ORDER BY meeting_id").map((m) => m.id),
      sessionMeetingId: session.meetingId,
      sessionItems: session.items,
      periods: all<{ period: string }>("SELECT DISTINCT period FROM meetings ORDER BY period").map((m) => m.period),
      taskCount: (db.prepare("SELECT count(*) AS n FROM tasks").get() as { n: number }).n,
    };
    return { facts, people };
  } finally {
    db.close();
  }
}
