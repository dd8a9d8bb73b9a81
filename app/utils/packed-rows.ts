/**
 * Rows a page sends to the browser as one JSON string: the column names
 * once, then each row's values. Remix encodes loader data value by value
 * on every request (turbo-stream); a scorecard of 120 agencies is ~1,400
 * values, and encoding them was a third of a repeat view of the dashboard
 * (0.45 ms of ~1.4). Packed (natively, by JSON.stringify) and, for a
 * result kept until the next write, once per result, the page sends a
 * string Remix copies as it is, and half as many bytes.
 * See docs/decisions/0019-packed-rows.md.
 */
import { useMemo } from "react";

/** What a packed row may hold: JSON's values, so that unpacking gives back exactly what was packed. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
/** `V` if it is JSON all the way down (interfaces included); a function, a Date or `undefined` in it fails. */
type JsonOf<V> = V extends string | number | boolean | null
  ? V
  : V extends readonly (infer E)[]
    ? readonly JsonOf<E>[]
    : V extends (...args: never[]) => unknown
      ? never
      : V extends object
        ? { [K in keyof V]: JsonOf<V[K]> }
        : never;
/**
 * A row: an object whose every property is JSON and present (an optional
 * property could hold `undefined`, which would come back null). Rows that
 * differ in their keys are the variants of a union, each complete.
 */
export type Row<T> = { [K in keyof T]-?: JsonOf<T[K]> };

/** The rows as a string; `row` only carries their type to the page. */
export interface PackedRows<T extends Row<T>> {
  readonly table: string;
  readonly row?: T;
}

const packs = new WeakMap<object, Map<string, PackedRows<never>>>();

/**
 * The rows packed: the column names once (every key any row has, in the
 * order first met), then each row's values in that order. A row without
 * some of the columns (one variant of a union) ends with the list of the
 * ones it lacks, so that it unpacks without them.
 */
export function packRows<T extends Row<T>>(rows: readonly T[]): PackedRows<T> {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = rows.map((row) => {
    const cells = row as Record<string, Json | undefined>;
    const values: Json[] = columns.map((c) => cells[c] ?? null);
    const absent = columns.flatMap((c, i) => (c in cells ? [] : [i]));
    return absent.length ? [...values, absent] : values;
  });
  return { table: JSON.stringify([columns, ...lines]) };
}

/**
 * `project(source)` packed, once per `source` object and `key`: `source` is
 * a result kept until the next write (a new object after it); `key` names
 * the projection and everything else it depends on ("scorecard vi"), so
 * that two projections of one source never share a pack.
 */
export function packRowsOnce<S extends object, T extends Row<T>>(source: S, key: string, project: (source: S) => readonly T[]): PackedRows<T> {
  let byKey = packs.get(source);
  if (!byKey) packs.set(source, (byKey = new Map()));
  let packed = byKey.get(key);
  if (!packed) byKey.set(key, (packed = packRows(project(source)) as PackedRows<never>));
  return packed as unknown as PackedRows<T>;
}

/** The rows back, as objects. */
export function unpackRows<T extends Row<T>>(packed: PackedRows<T>): T[] {
  const [columns, ...lines] = JSON.parse(packed.table) as [string[], ...Json[][]];
  return lines.map((values) => {
    const absent = values.length > columns.length ? new Set(values[columns.length] as number[]) : null;
    const row: Record<string, Json> = {};
    columns.forEach((c, i) => {
      if (!absent?.has(i)) row[c] = values[i];
    });
    return row as T;
  });
}

/** The rows in a component, unpacked once per page of data. */
export function useRows<T extends Row<T>>(packed: PackedRows<T>): T[] {
  return useMemo(() => unpackRows(packed), [packed.table]);
}
