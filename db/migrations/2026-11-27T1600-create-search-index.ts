import { sql, type Kysely } from "kysely";

/**
 * One full-text index over blockers, tasks, conclusions and notices, kept
 * by triggers so that every module's writes reach it without knowing it
 * exists.
 *
 * - FTS5's unicode61 tokenizer with remove_diacritics 2 folds the tone and
 *   vowel marks ("đất" -> "đat") but not đ/Đ, a letter of its own; the
 *   triggers feed it text with đ/Đ replaced by d/D, so "dat dai" finds
 *   "đất đai". The query side folds the same way (foldForSearch).
 * - Contentless (content=''): the original text stays in its own table
 *   and the page highlights it there; contentless_delete=1 lets triggers
 *   delete and replace rows.
 * - The rowid says which record a row is: kind * 2^40 + id, kind 0 task,
 *   1 conclusion, 2 blocker, 3 notice (the most numerous lowest). A hit
 *   joins its record by primary key, and a search of one kind is a rowid
 *   range FTS5 can seek to; within a kind, rowid order is id order.
 * - Prefix indexes for 2 to 6 characters: every typed word is a prefix
 *   query, and a Vietnamese syllable folds to at most 7 letters, so a
 *   prefix query almost never has to merge the doclists of many terms.
 * - Columns: title, body, and `meta` — the owning agency's names (a
 *   blocker's agency, a task's lead, the presenter of a conclusion's item)
 *   or a notice's number and symbol ("45/TB-UBND").
 *
 * Which rows a user may see is not the index's business: the query joins
 * each hit with its record and applies the same rules as the pages.
 */

/** đ/Đ -> d/D in SQL; unicode61 does the rest. */
const fold = (expr: string) => `replace(replace(${expr}, 'đ', 'd'), 'Đ', 'D')`;
/** The rowid of a record of a kind; keep in step with KIND_CODE and KIND_BASE in app/features/search/search-rules.ts. */
const KIND_BASE = 2 ** 40;
const rowidOf = (kind: number, idExpr: string) => `${kind * KIND_BASE} + ${idExpr}`;
const agencyNames = (idExpr: string) => `(SELECT a.name_vi || ' ' || a.name_en FROM agencies a WHERE a.id = ${idExpr})`;

interface Source {
  table: "blockers" | "tasks" | "conclusions" | "notices";
  kind: number;
  /** Columns whose change re-indexes the row. */
  watched: string[];
  title: (r: string) => string;
  body: (r: string) => string;
  meta: (r: string) => string;
}

const SOURCES: Source[] = [
  {
    table: "blockers",
    kind: 2,
    watched: ["id", "title", "description", "proposal", "plan_target", "agency_id"],
    title: (r) => `${r}.title`,
    body: (r) => `${r}.description || ' ' || ${r}.proposal || ' ' || coalesce(${r}.plan_target, '')`,
    meta: (r) => `coalesce(${agencyNames(`${r}.agency_id`)}, '')`,
  },
  {
    table: "tasks",
    kind: 0,
    watched: ["id", "title", "description", "expected_result", "lead_agency_id"],
    title: (r) => `${r}.title`,
    body: (r) => `${r}.description || ' ' || ${r}.expected_result`,
    meta: (r) => `coalesce(${agencyNames(`${r}.lead_agency_id`)}, '')`,
  },
  {
    table: "conclusions",
    kind: 1,
    watched: ["id", "body", "agenda_item_id"],
    title: (r) => `coalesce((SELECT i.title FROM agenda_items i WHERE i.id = ${r}.agenda_item_id), '')`,
    body: (r) => `${r}.body`,
    meta: (r) =>
      `coalesce((SELECT a.name_vi || ' ' || a.name_en FROM agenda_items i JOIN agencies a ON a.id = i.presenter_agency_id WHERE i.id = ${r}.agenda_item_id), '')`,
  },
  {
    table: "notices",
    kind: 3,
    watched: ["id", "summary", "opening", "closing", "recipients", "number", "symbol"],
    title: (r) => `${r}.summary`,
    body: (r) => `${r}.opening || ' ' || ${r}.closing || ' ' || ${r}.recipients`,
    meta: (r) => `coalesce(${r}.number || '/', '') || ${r}.symbol`,
  },
];

const row = (s: Source, r: string) => `${rowidOf(s.kind, `${r}.id`)}, ${fold(s.title(r))}, ${fold(s.body(r))}, ${fold(s.meta(r))}`;
const insertOne = (s: Source, r: string) => `INSERT INTO search_index (rowid, title, body, meta) VALUES (${row(s, r)});`;
const deleteOne = (s: Source, r: string) => `DELETE FROM search_index WHERE rowid = ${rowidOf(s.kind, `${r}.id`)};`;
const reindexWhere = (s: Source, where: string) =>
  `DELETE FROM search_index WHERE rowid IN (SELECT ${rowidOf(s.kind, "src.id")} FROM ${s.table} src WHERE ${where});
   INSERT INTO search_index (rowid, title, body, meta) SELECT ${row(s, "src")} FROM ${s.table} src WHERE ${where};`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE VIRTUAL TABLE search_index USING fts5(
      title, body, meta,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4 5 6'
    )`.execute(db);

  for (const s of SOURCES) {
    await sql.raw(`CREATE TRIGGER ${s.table}_search_insert AFTER INSERT ON ${s.table} BEGIN ${insertOne(s, "NEW")} END`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${s.table}_search_update AFTER UPDATE OF ${s.watched.join(", ")} ON ${s.table} BEGIN ${deleteOne(s, "OLD")} ${insertOne(s, "NEW")} END`,
      )
      .execute(db);
    await sql.raw(`CREATE TRIGGER ${s.table}_search_delete AFTER DELETE ON ${s.table} BEGIN ${deleteOne(s, "OLD")} END`).execute(db);
    await sql.raw(`INSERT INTO search_index (rowid, title, body, meta) SELECT ${row(s, "src")} FROM ${s.table} src`).execute(db);
  }

  const [blockers, tasks, conclusions] = SOURCES;
  // Agency names and agenda item titles are copied into the index: renaming one re-indexes its records.
  await sql
    .raw(
      `CREATE TRIGGER agencies_search_rename AFTER UPDATE OF name_vi, name_en ON agencies BEGIN
         ${reindexWhere(blockers, "src.agency_id = NEW.id")}
         ${reindexWhere(tasks, "src.lead_agency_id = NEW.id")}
         ${reindexWhere(conclusions, "src.agenda_item_id IN (SELECT i.id FROM agenda_items i WHERE i.presenter_agency_id = NEW.id)")}
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER agenda_items_search_update AFTER UPDATE OF title, presenter_agency_id ON agenda_items BEGIN
         ${reindexWhere(conclusions, "src.agenda_item_id = NEW.id")}
       END`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP TRIGGER agenda_items_search_update`).execute(db);
  await sql.raw(`DROP TRIGGER agencies_search_rename`).execute(db);
  for (const s of SOURCES) {
    for (const op of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER ${s.table}_search_${op}`).execute(db);
  }
  await sql`DROP TABLE search_index`.execute(db);
}
