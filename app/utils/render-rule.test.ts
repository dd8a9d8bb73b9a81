import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The page memo (docs/decisions/0017-page-memo.md) keeps a page's HTML for
 * the same URL and loader data, so what renders must read nothing else: no
 * clock, no randomness, no environment. Components, the pure rules they
 * call, and each route's component (from its default export on) are read
 * for such calls; comments aside.
 */
const ROOT = join(__dirname, "..");
const FORBIDDEN = /\b(vnToday|nowIso)\(\)|new Date\(\)|Date\.now\(|Math\.random\(|process\.env\b|document\.cookie/;

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), keep) : keep(e.name) ? [join(dir, e.name)] : [],
  );
}

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");

function offending(source: string): string[] {
  return withoutComments(source)
    .split("\n")
    .filter((line) => FORBIDDEN.test(line))
    .map((line) => line.trim());
}

describe("what renders reads only its data and the URL", () => {
  const rendered = [
    ...files(join(ROOT, "components"), (n) => n.endsWith(".tsx")),
    ...files(join(ROOT, "features"), (n) => !n.includes(".test.") && (n.endsWith(".tsx") || n.endsWith("-rules.ts"))),
  ];
  const routes = [...files(join(ROOT, "routes"), (n) => n.endsWith(".tsx") && !n.includes(".test.")), join(ROOT, "root.tsx")];

  it("finds the files it checks", () => {
    expect(rendered.length).toBeGreaterThan(20);
    expect(routes.length).toBeGreaterThan(30);
  });

  it("components and the rules they call never read the clock, randomness or the environment", () => {
    const found = rendered.flatMap((file) => offending(readFileSync(file, "utf8")).map((line) => `${relative(ROOT, file)}: ${line}`));
    expect(found).toEqual([]);
  });

  it("neither does any route's component (its loader and action may)", () => {
    const found = routes.flatMap((file) => {
      const source = readFileSync(file, "utf8");
      const start = source.indexOf("export default function");
      return start < 0 ? [] : offending(source.slice(start)).map((line) => `${relative(ROOT, file)}: ${line}`);
    });
    expect(found).toEqual([]);
  });

  it("would see a component that did", () => {
    expect(offending("export function Stamp() {\n  return <span>{new Date().getFullYear()}</span>;\n}")).toHaveLength(1);
    expect(offending("// vnToday() in a comment\n/* Date.now( */ const x = 1;")).toEqual([]);
  });
});
