/**
 * Results cached until the next write. Aggregates over the whole history
 * (the dashboard's figures, the register's counts) are then computed once
 * per change of the data rather than once per page view.
 *
 * "A change of the data" is two numbers:
 * - the audit generation, bumped by `recordAudit` inside every change's
 *   transaction (every change of the records goes through it, with its
 *   audit event). Sessions, notifications read, the e-mail outbox are not
 *   records: signing in does not throw the figures away;
 * - `PRAGMA data_version`, which moves when another connection commits —
 *   a second server on the same file, `npm run reminders`, a restore —
 *   whose writes this process's counter cannot see.
 * The one connection is held by a transaction for its whole length, so a
 * read never sees a write half done.
 *
 * One cache per database handle, so a test that swaps the file underneath
 * starts clean. Concurrent misses of one key share one computation. Entries
 * of an older stamp are dropped as soon as a newer one is seen.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { dataGeneration } from "./audit.server";

type Db = Kysely<Database>;

interface CacheState {
  stamp: string;
  /** Per kind (the key's first element), the results by key, oldest first. */
  entries: Map<string, Map<string, Promise<unknown>>>;
}

const caches = new WeakMap<Db, CacheState>();
/**
 * How many results of one kind (the key's first element) one stamp keeps;
 * the oldest of that kind goes first. Per kind, so that many searches do not
 * push out the dashboard's figures. Most results are counts; a search's is up
 * to 4,000 rowids (32 KB), a page of described hits or of register rows
 * ~10–50 KB, hence their lower limit; a notice's print view up to ~330 KB
 * (HTML and gzip) for a thousand assignments, hence its own.
 */
const MAX_ENTRIES_PER_KIND: Readonly<Record<string, number>> = { search: 200, "search-hits": 200, "register-rows": 200, "notice-print": 12 };
const MAX_ENTRIES = 1000;

/** Hits and misses per kind of result (the key's first element), for tests and for a look at how well the cache works. */
export const generationCacheStats: Record<string, { hits: number; misses: number }> = {};

/** The data's stamp: audited changes made by this process, and commits by any other connection. */
export async function changeStamp(db: Db): Promise<string> {
  const { rows } = await sql<{ others: number }>`SELECT data_version AS others FROM pragma_data_version()`.execute(db);
  return `${dataGeneration()}:${rows[0].others}`;
}

/**
 * `RESULT_CACHE=off` computes every result afresh: the benchmark's way of
 * measuring what these caches are worth (docs/decisions/0014-benchmark.md).
 */
const cacheOff = () => process.env.RESULT_CACHE === "off";

/** The cached result for `key` while the data is unchanged, computing it on a miss. */
export async function cachedUntilWrite<T>(db: Db, key: readonly unknown[], compute: () => Promise<T>): Promise<T> {
  if (cacheOff()) return compute();
  const stamp = await changeStamp(db);
  let state = caches.get(db);
  if (!state || state.stamp !== stamp) {
    state = { stamp, entries: new Map() };
    caches.set(db, state);
  }
  const kind = String(key[0]);
  const k = JSON.stringify(key);
  const stats = (generationCacheStats[kind] ??= { hits: 0, misses: 0 });
  let entries = state.entries.get(kind);
  if (!entries) state.entries.set(kind, (entries = new Map()));
  const hit = entries.get(k);
  if (hit) {
    stats.hits++;
    return hit as Promise<T>;
  }
  stats.misses++;
  const promise = compute();
  if (entries.size >= (MAX_ENTRIES_PER_KIND[kind] ?? MAX_ENTRIES)) entries.delete(entries.keys().next().value!);
  entries.set(k, promise);
  try {
    const value = await promise;
    // A write landed while the result was read: it may mix before and after, so it is not kept.
    if ((await changeStamp(db)) !== stamp) entries.delete(k);
    return value;
  } catch (e) {
    entries.delete(k);
    throw e;
  }
}
