/**
 * Rows a page sends to the browser as one JSON string: the column names
 * once, then each row's values. Remix encodes loader data value by value
 * on every request (turbo-stream); a scorecard of 120 agencies is ~1,400
 * values, and encoding them was a third of a repeat view of the dashboard
 * (0.45 ms of ~1.4). Packed once per result kept until the next write, the
 * page sends a string Remix copies as it is, and half as many bytes.
 * See docs/decisions/0019-packed-rows.md.
 */
import { useMemo } from "react";

/** What a packed row may hold: JSON's scalars, so that unpacking gives back exactly what was packed. */
export type Cell = string | number | boolean | null;

/** The rows as a string; `row` only carries their type to the page. */
export interface PackedRows<T extends Record<string, Cell>> {
  readonly table: string;
  readonly row?: T;
}

const packs = new WeakMap<object, Map<string, PackedRows<Record<string, Cell>>>>();

function pack<T extends Record<string, Cell>>(rows: readonly T[]): PackedRows<T> {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  return { table: JSON.stringify([columns, ...rows.map((r) => columns.map((c) => (r[c] === undefined ? null : r[c])))]) };
}

/**
 * `project(source)` packed, once per `source` object and `key`: `source` is
 * a result kept until the next write (a new object after it), `key` names
 * everything else the projection depends on (the language, say).
 */
export function packRowsOnce<S extends object, T extends Record<string, Cell>>(source: S, key: string, project: (source: S) => readonly T[]): PackedRows<T> {
  let byKey = packs.get(source);
  if (!byKey) packs.set(source, (byKey = new Map()));
  let packed = byKey.get(key);
  if (!packed) byKey.set(key, (packed = pack(project(source))));
  return packed as PackedRows<T>;
}

/** The rows back, as objects. */
export function unpackRows<T extends Record<string, Cell>>(packed: PackedRows<T>): T[] {
  const [columns, ...rows] = JSON.parse(packed.table) as [string[], ...Cell[][]];
  if (!columns) return [];
  return rows.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])) as T);
}

/** The rows in a component, unpacked once per page of data. */
export function useRows<T extends Record<string, Cell>>(packed: PackedRows<T>): T[] {
  return useMemo(() => unpackRows(packed), [packed.table]);
}
