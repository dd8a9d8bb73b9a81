import { unpackRows, type PackedRows } from "../../app/utils/packed-rows";

/** A loader's packed rows (app/utils/packed-rows.ts), as its page reads them. */
export const unpack = (packed: unknown): any[] => unpackRows(packed as PackedRows<any>);
