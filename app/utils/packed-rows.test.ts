import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packRowsOnce, unpackRows, type Cell } from "./packed-rows";

const cell: fc.Arbitrary<Cell> = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));

describe("packed rows", () => {
  it("unpack to exactly the rows packed, whatever their values", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.integer(), name: fc.string(), rate: cell, flag: fc.boolean() }), { maxLength: 30 }), (rows) => {
        // -0 is the one number JSON does not keep; no figure is ever -0.
        const clean = rows.map((r) => ({ ...r, rate: Object.is(r.rate, -0) ? 0 : r.rate, id: Object.is(r.id, -0) ? 0 : r.id }));
        expect(unpackRows(packRowsOnce({}, "", () => clean))).toEqual(clean);
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
