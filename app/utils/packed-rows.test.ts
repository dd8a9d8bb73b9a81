import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packRows, packRowsOnce, unpackRows, type Json } from "./packed-rows";

const cell: fc.Arbitrary<Json> = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)), fc.integer(), fc.boolean(), fc.constant(null));
// Nested values too: lists and objects of them (a task's coordinators, its meeting).
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, cell, fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 })),
})).value;

describe("packed rows", () => {
  it("unpack to exactly the rows packed, whatever their values", () => {
    fc.assert(
      // -0 is the one number JSON does not keep; no figure is ever -0.
      fc.property(fc.array(fc.record({ id: fc.integer(), name: fc.string(), rate: cell, nested: json }), { maxLength: 30 }), (rows) => {
        expect(unpackRows(packRows(rows))).toEqual(rows);
        expect(unpackRows(packRowsOnce({}, "", () => rows))).toEqual(rows);
      }),
    );
  });

  it("keep each row's own keys when rows differ (the variants of a union)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.integer(), kind: fc.string(), a: json, b: cell, c: fc.array(cell) }, { requiredKeys: ["id"] }), { maxLength: 20 }), (generated) => {
        // Rows with some keys absent, as the variants of a union are (the type asks each to be complete).
        const rows = generated as Array<Record<string, Json>>;
        const back = unpackRows(packRows(rows));
        expect(back).toEqual(rows);
        back.forEach((row, i) => expect(Object.keys(row).sort()).toEqual(Object.keys(rows[i]).sort()));
      }),
    );
  });

  it("keep Vietnamese text and the characters JSON escapes", () => {
    const rows = [{ name: 'UBND xã Đại Yên "mới" </script> \\ \u2028', n: 1 }];
    expect(unpackRows(packRowsOnce({}, "vi", () => rows))).toEqual(rows);
  });

  it("name each column once", () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ agencyId: i, overdue: i * 2 }));
    const packed = packRowsOnce({}, "", () => rows);
    expect(packed.table.match(/agencyId/g)).toHaveLength(1);
    expect(unpackRows(packRowsOnce({}, "", () => []))).toEqual([]);
  });

  it("are packed once per source and key, and again for a new source or key", () => {
    const source = { figures: [1, 2, 3] };
    let calls = 0;
    const project = (s: typeof source) => {
      calls++;
      return s.figures.map((n) => ({ n }));
    };
    const first = packRowsOnce(source, "vi", project);
    expect(packRowsOnce(source, "vi", project)).toBe(first);
    expect(calls).toBe(1);
    expect(unpackRows(packRowsOnce(source, "en", (s) => s.figures.map((n) => ({ n: n * 10 }))))).toEqual([{ n: 10 }, { n: 20 }, { n: 30 }]);
    packRowsOnce({ figures: [4] }, "vi", project);
    expect(calls).toBe(2);
  });
});

describe("what may be packed", () => {
  it("is JSON all the way down, as the type checker sees it", () => {
    interface Reason {
      kind: string;
      day: string | null;
    }
    expect(unpackRows(packRows([{ id: 1, reasons: [{ kind: "overdue", day: null }] as Reason[] }]))[0].reasons[0].kind).toBe("overdue");
    // @ts-expect-error a Date would come back a string
    packRows([{ at: new Date(0) }]);
    // @ts-expect-error undefined would come back null
    packRows([{ id: 1, note: undefined as string | undefined }]);
    interface WithOptional {
      id: number;
      note?: string;
    }
    // @ts-expect-error an optional property may hold undefined, which would come back null
    packRows<WithOptional>([{ id: 1, note: undefined }]);
  });
});
