/**
 * Statements as the app runs them, and what SQLite's planner makes of them.
 *
 * `StatementLog` is given to `openDatabase` as its statement observer: it
 * keeps each SQL text with a few of the parameter sets it ran with, and which
 * request ran it. `fullScans` then asks `EXPLAIN QUERY PLAN` about each one,
 * with its parameters, on a connection of its own, and returns the steps that
 * read a whole big table.
 */
import type Database from "better-sqlite3";

export interface Captured {
  sql: string;
  /** Distinct parameter sets it ran with (a few at most). */
  parameters: unknown[][];
  /** The requests that ran it (a few at most). */
  by: string[];
}

const KEEP = 4;

export class StatementLog {
  readonly statements = new Map<string, Captured>();
  /** What is running now, e.g. "GET /tasks as chair"; null: not recorded. */
  current: string | null = null;

  readonly observe = (sql: string, parameters: readonly unknown[]): void => {
    if (this.current === null || /^\s*(begin|commit|rollback|savepoint|release|pragma)\b/i.test(sql)) return;
    let entry = this.statements.get(sql);
    if (!entry) this.statements.set(sql, (entry = { sql, parameters: [], by: [] }));
    const key = (p: readonly unknown[]) => JSON.stringify(p, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    if (entry.parameters.length < KEEP && !entry.parameters.some((p) => key(p) === key(parameters))) entry.parameters.push([...parameters]);
    if (entry.by.length < KEEP && !entry.by.includes(this.current)) entry.by.push(this.current);
  };

  /** Runs `work` with its statements recorded under `label`. */
  async during<T>(label: string, work: () => Promise<T>): Promise<T> {
    const before = this.current;
    this.current = label;
    try {
      return await work();
    } finally {
      this.current = before;
    }
  }
}

export interface PlanStep {
  id: number;
  parent: number;
  detail: string;
}

export interface Offence {
  sql: string;
  parameters: unknown[];
  by: string[];
  /** The offending steps. */
  steps: string[];
  /** The whole plan, indented as SQLite nests it. */
  plan: string;
}

const NOT_AN_ALIAS = new Set([
  "where",
  "on",
  "using",
  "join",
  "inner",
  "left",
  "right",
  "full",
  "outer",
  "cross",
  "natural",
  "group",
  "order",
  "limit",
  "offset",
  "union",
  "except",
  "intersect",
  "set",
  "values",
  "select",
  "as",
  "indexed",
  "not",
  "returning",
  "having",
  "window",
  "default",
]);

/**
 * Each name a plan may call a table by: its own name, or an alias given in
 * the statement (`from "tasks" as "t"`, `join agencies a`). One alias may
 * stand for different tables in different parts of a statement: all are kept.
 */
export function tableNames(sql: string, tables: ReadonlySet<string>): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (name: string, table: string) => {
    let set = names.get(name);
    if (!set) names.set(name, (set = new Set()));
    set.add(table);
  };
  for (const t of tables) add(t, t);
  const re = /\b(?:from|join|update|into)\s+"?([A-Za-z_]\w*)"?(?:\s+(?:as\s+)?"?([A-Za-z_]\w*)"?)?/gi;
  for (const m of sql.matchAll(re)) {
    const table = m[1];
    const alias = m[2];
    if (!tables.has(table) || !alias || NOT_AN_ALIAS.has(alias.toLowerCase())) continue;
    add(alias, table);
  }
  return names;
}

/**
 * The steps of a plan that read every row of a big table:
 * - `SCAN t` with no index (an index walked in order, `SCAN t USING INDEX`,
 *   is let through: it is how a page is read off an ordered index and stops
 *   after its LIMIT);
 * - `... USING AUTOMATIC ... INDEX`: an index SQLite builds for this one
 *   statement, by reading the whole table first;
 * - a full-text table scanned without its MATCH or a rowid (`INDEX n:` with
 *   neither `M` nor `=` in its plan string).
 *
 * A table walked in its own (rowid) order by a plain `SELECT … ORDER BY id
 * LIMIT n` — the plan says `SCAN t` and sorts nothing — stops after its page,
 * as a walk of an index does: it is let through.
 *
 * Foreign-key checks show in a plan too. Those of a DELETE or of an UPDATE
 * of a key run with the statement and count. An INSERT's plan may show the
 * tables whose rows refer to the inserted row's table (that table itself,
 * for a reference within it), but SQLite reads them only while a foreign-key
 * violation is outstanding (`OP_FkIfZero` skips them otherwise), which never
 * happens here: they are let through — every step of an `INSERT … VALUES`,
 * and of an `INSERT … SELECT` the steps on tables it does not name.
 */
export function scanSteps(plan: readonly PlanStep[], sql: string, names: Map<string, Set<string>>, big: (table: string) => boolean): string[] {
  const insert = /^\s*insert\b/i.test(sql);
  if (insert && !/\bselect\b/i.test(sql)) return [];
  const isBig = (name: string) => [...(names.get(name) ?? [])].some(big);
  const named = (name: string) => new RegExp(`(^|[^\\w])${name}([^\\w]|$)`).test(sql);
  const out: string[] = [];
  const orderedWalk =
    (sql.match(/\bselect\b/gi) ?? []).length === 1 &&
    /\border by\s+("?\w+"?\.)?"?id"?(\s+(asc|desc))?\s+limit\b/i.test(sql) &&
    !plan.some((s) => s.detail.startsWith("USE TEMP B-TREE FOR ORDER BY"));
  for (const { detail } of plan) {
    const m = detail.match(/^(SCAN|SEARCH) (\S+)(.*)$/);
    if (!m) continue;
    const [, verb, name, rest] = m;
    if (!isBig(name)) continue;
    if (insert && !named(name)) continue;
    if (/AUTOMATIC/.test(rest)) out.push(detail);
    else if (/VIRTUAL TABLE INDEX/.test(rest)) {
      const idx = rest.match(/VIRTUAL TABLE INDEX \d+:(\S*)/)?.[1] ?? "";
      if (!/[M=]/.test(idx)) out.push(detail);
    } else if (verb === "SCAN" && rest === "" && !orderedWalk) out.push(detail);
    else if (verb === "SCAN" && rest !== "" && !/USING (COVERING )?INDEX/.test(rest)) out.push(detail);
  }
  return out;
}

export function formatPlan(plan: readonly PlanStep[]): string {
  const depth = new Map<number, number>([[0, 0]]);
  return plan
    .map((s) => {
      const d = (depth.get(s.parent) ?? 0) + 1;
      depth.set(s.id, d);
      return `${"  ".repeat(d)}${s.detail}`;
    })
    .join("\n");
}

/** Every full scan of a big table in the plans of the captured statements. */
export function fullScans(sqlite: Database.Database, captured: Iterable<Captured>, big: (table: string) => boolean): Offence[] {
  const tables = new Set(
    (sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'").all() as { name: string }[]).map((r) => r.name),
  );
  const offences: Offence[] = [];
  for (const c of captured) {
    const names = tableNames(c.sql, tables);
    for (const parameters of c.parameters) {
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(parameters) as PlanStep[];
      const steps = scanSteps(plan, c.sql, names, big);
      if (steps.length > 0) {
        offences.push({ sql: c.sql, parameters, by: c.by, steps, plan: formatPlan(plan) });
        break;
      }
    }
  }
  return offences;
}

export function describeOffences(offences: readonly Offence[]): string {
  return offences
    .map(
      (o, i) =>
        `#${i + 1} ${o.steps.join("; ")}\n  run by: ${o.by.join(" | ")}\n  sql: ${o.sql}\n  parameters: ${JSON.stringify(o.parameters)}\n  plan:\n${o.plan
          .split("\n")
          .map((l) => `  ${l}`)
          .join("\n")}`,
    )
    .join("\n\n");
}
