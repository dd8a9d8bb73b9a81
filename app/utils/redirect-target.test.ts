import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectTo } from "./redirect-target";

describe("safeRedirectTo", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeRedirectTo("/tasks?status=overdue&page=2")).toBe("/tasks?status=overdue&page=2");
    expect(safeRedirectTo("/meetings/3#item-4")).toBe("/meetings/3#item-4");
    expect(safeRedirectTo("/")).toBe("/");
  });

  it.each([
    ["a tab that browsers drop (/\\t/host becomes //host)", "/\t/evil.example"],
    ["a newline inside //", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["protocol-relative", "//evil.example"],
    ["a backslash read as a slash", "/\\evil.example"],
    ["a backslash after a slash", "/\\/evil.example"],
    ["a dot segment that collapses to //", "/.//evil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["a scheme", "javascript:alert(1)"],
    ["a relative path", "evil.example"],
    ["a NUL", "/tasks\u0000"],
    ["CR LF header injection", "/tasks\r\nSet-Cookie: x=1"],
    ["a C1 control", "/tasks\u0085"],
    ["not a string", 42],
    ["nothing", undefined],
  ])("gives the fallback for %s", (_, target) => {
    expect(safeRedirectTo(target)).toBe("/");
    expect(safeRedirectTo(target, "/notifications")).toBe("/notifications");
  });

  it("percent-encodes non-Latin-1 characters, so the Location header can carry them", () => {
    const target = safeRedirectTo("/search?q=Đầm Hà");
    expect(target).toBe("/search?q=%C4%90%E1%BA%A7m%20H%C3%A0");
    expect(() => new Headers({ Location: target })).not.toThrow();
  });

  it("for any string, returns a same-site path that a Headers object accepts", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `/${s}`),
          fc.string({ unit: "binary" }).map((s) => `/${s}`),
        ),
        (s) => {
          const target = safeRedirectTo(s);
          expect(target.startsWith("/")).toBe(true);
          expect(target.startsWith("//")).toBe(false);
          expect(new URL(target, "https://giaoban.example").origin).toBe("https://giaoban.example");
          expect(() => new Headers({ Location: target })).not.toThrow();
        },
      ),
    );
  });
});
