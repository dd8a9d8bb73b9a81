import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { stripReactNulBytes, trailingNulBytes } from "./nul-bytes.server";

describe("React 18 NUL bytes at the end of streamed chunks", () => {
  it("counts at most three trailing zeros", () => {
    expect(trailingNulBytes(Buffer.from("abc"))).toBe(0);
    expect(trailingNulBytes(Buffer.from([0x64, 0x69, 0, 0]))).toBe(2);
    expect(trailingNulBytes(Buffer.from([0x64, 0, 0, 0, 0]))).toBe(3);
    expect(trailingNulBytes(Buffer.from([]))).toBe(0);
  });

  it("restores Vietnamese text split across chunks padded with zeros", async () => {
    const word = Buffer.from("điện thoại", "utf8");
    // "đi" then two unwritten bytes, as React 18 flushes them; then the rest.
    const chunks = [Buffer.concat([word.subarray(0, 3), Buffer.from([0, 0])]), word.subarray(3)];
    const out: Buffer[] = [];
    for await (const c of Readable.from(chunks).pipe(stripReactNulBytes())) out.push(c as Buffer);
    expect(Buffer.concat(out).toString("utf8")).toBe("điện thoại");
  });
});

describe("the stream React is piped into", () => {
  it("passes React's chunks on in one piece per flush, and the rest at the end", async () => {
    const body = stripReactNulBytes();
    const out: string[] = [];
    body.on("data", (c: Buffer) => out.push(c.toString("utf8")));
    const ended = new Promise((r) => body.on("end", r));
    const word = Buffer.from("điện", "utf8");
    body.write(Buffer.from("<p>"));
    body.write(Buffer.concat([word.subarray(0, 3), Buffer.from([0, 0])]));
    body.write(word.subarray(3));
    body.flush();
    body.write(Buffer.from("</p>"));
    body.flush();
    body.flush();
    body.write(Buffer.from("<!-- end -->"));
    body.end();
    await ended;
    expect(out).toEqual(["<p>điện", "</p>", "<!-- end -->"]);
  });
});
