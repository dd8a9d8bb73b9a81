import { sql, type Kysely } from "kysely";

/**
 * The blocker list at province size (tens of thousands of blockers in one
 * series). On every view the office's list counted its blockers per status
 * by reading every row of the series, then sorted the whole series to show
 * 25 of them. See docs/decisions/0024-blocker-list.md.
 *
 * - `blocker_counts`: blockers summed by the list's filter dimensions —
 *   series, agency, status, pillar, lateness and whether it was ever sent
 *   (`submitted`: the office lists only what reached it). The counts above
 *   the list are a sum over a few of its rows. Filters it cannot answer
 *   (meeting, submission days, pending proposal) narrow the blockers by an
 *   index instead.
 * - Kept by triggers on blockers, like `task_counts`: every writer keeps it
 *   right without knowing it exists, in its own statement, hence its own
 *   transaction. A row whose count reaches 0 is deleted. No CHECK (>= 0): a
 *   derived counter must never make a user's write fail; a test compares
 *   it with a recount after random writes.
 * - Two indexes in the list's order (newest submission first, then id) that
 *   also hold every column the list filters on, so a page is found by
 *   walking one index without reading the table: by series and status, and
 *   by series alone (the "all statuses" tab). The sort key is the very
 *   expression the list orders by.
 *
 * `BLOCKER_COUNTS_BACKFILL` and `BLOCKER_COUNTS_TRIGGERS` are exported for a
 * bulk loader that inserts blockers with the triggers off and fills the
 * table afterwards.
 */

const KEY = "series_id, agency_id, status, pillar, is_late, submitted";
/** The key of the blocker row `b` (NEW, OLD or a table alias). */
const key = (b: string) => `${b}.series_id, ${b}.agency_id, ${b}.status, ${b}.pillar, ${b}.is_late, ${b}.submitted_at IS NOT NULL`;
const rowIs = (b: string) => `(${KEY}) = (${key(b)})`;

const add = (b: string) => `
  INSERT INTO blocker_counts (${KEY}, blockers) VALUES (${key(b)}, 1)
  ON CONFLICT (${KEY}) DO UPDATE SET blockers = blockers + 1;`;
const remove = (b: string) => `
  UPDATE blocker_counts SET blockers = blockers - 1 WHERE ${rowIs(b)};
  DELETE FROM blocker_counts WHERE ${rowIs(b)} AND blockers = 0;`;

export const BLOCKER_COUNTS_BACKFILL = `
  INSERT INTO blocker_counts (${KEY}, blockers)
  SELECT ${key("b")}, count(*) FROM blockers b GROUP BY 1, 2, 3, 4, 5, 6`;

export const BLOCKER_COUNTS_TRIGGERS = ["blockers_counts_insert", "blockers_counts_delete", "blockers_counts_update"] as const;

/** The list's order: `coalesce(submitted_at, updated_at) DESC, id DESC`; the id named so that ties need no sort. */
const SORT_KEY = "coalesce(submitted_at, updated_at), id";
const FILTERED = "agency_id, pillar, is_late, meeting_id, submitted_at";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE blocker_counts (
      series_id INTEGER NOT NULL,
      agency_id INTEGER NOT NULL,
      status TEXT NOT NULL,
      pillar TEXT NOT NULL,
      is_late INTEGER NOT NULL,
      submitted INTEGER NOT NULL,
      blockers INTEGER NOT NULL,
      PRIMARY KEY (series_id, agency_id, status, pillar, is_late, submitted)
    ) WITHOUT ROWID`.execute(db);
  // An agency's own list and everyone's published list do not know the series.
  await sql`CREATE INDEX blocker_counts_agency ON blocker_counts(agency_id)`.execute(db);
  await sql`CREATE INDEX blocker_counts_status ON blocker_counts(status)`.execute(db);
  await sql.raw(BLOCKER_COUNTS_BACKFILL).execute(db);

  await sql.raw(`CREATE TRIGGER blockers_counts_insert AFTER INSERT ON blockers BEGIN ${add("NEW")} END`).execute(db);
  await sql.raw(`CREATE TRIGGER blockers_counts_delete AFTER DELETE ON blockers BEGIN ${remove("OLD")} END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER blockers_counts_update AFTER UPDATE OF series_id, agency_id, status, pillar, is_late, submitted_at ON blockers
      WHEN OLD.series_id IS NOT NEW.series_id OR OLD.agency_id IS NOT NEW.agency_id OR OLD.status IS NOT NEW.status
        OR OLD.pillar IS NOT NEW.pillar OR OLD.is_late IS NOT NEW.is_late OR (OLD.submitted_at IS NULL) IS NOT (NEW.submitted_at IS NULL)
      BEGIN ${remove("OLD")} ${add("NEW")} END`,
    )
    .execute(db);

  await sql.raw(`CREATE INDEX blockers_list_series_status ON blockers(series_id, status, ${SORT_KEY}, ${FILTERED})`).execute(db);
  await sql.raw(`CREATE INDEX blockers_list_series ON blockers(series_id, ${SORT_KEY}, status, ${FILTERED})`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX blockers_list_series`.execute(db);
  await sql`DROP INDEX blockers_list_series_status`.execute(db);
  for (const name of [...BLOCKER_COUNTS_TRIGGERS].reverse()) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  await sql`DROP TABLE blocker_counts`.execute(db);
}
