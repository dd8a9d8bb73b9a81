import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, crossOriginReason, proxyHeadersWarning } from "./security.js";

describe("same-origin check for changes", () => {
  const host = "giaoban.quangninh.gov.vn";
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ["GET from anywhere", { origin: "https://evil.example" }, true],
    ["POST from the site itself", { origin: `https://${host}` }, true],
    ["POST with Sec-Fetch-Site same-origin", { "sec-fetch-site": "same-origin" }, true],
    ["POST typed into the address bar (none)", { "sec-fetch-site": "none" }, true],
    ["POST without Origin or Sec-Fetch-Site (not a browser form)", {}, true],
    ["POST from another site", { origin: "https://evil.example" }, false],
    ["POST from a sibling subdomain", { origin: `https://x.${host}` }, false],
    ["POST with a null origin (sandboxed frame)", { origin: "null" }, false],
    ["POST marked cross-site", { "sec-fetch-site": "cross-site" }, false],
    ["POST marked same-site", { "sec-fetch-site": "same-site" }, false],
    ["POST with a garbled Origin", { origin: "::::" }, false],
  ];
  for (const [name, headers, allowed] of cases) {
    it(name, () => {
      const method = name.startsWith("GET") ? "GET" : "POST";
      expect(crossOriginReason(method, headers, host) === null).toBe(allowed);
    });
  }
});

describe("content security policy", () => {
  it("allows scripts only from the site and with this response's nonce, and no framing", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
  });
});

describe("a reverse proxy the server was not told to trust", () => {
  const run = (middleware: ReturnType<typeof proxyHeadersWarning>, headers: Record<string, string>) => {
    let passed = false;
    middleware({ headers } as never, {} as never, () => (passed = true));
    return passed;
  };

  it("is named in the log once, at its first forwarded request, and the request goes on", () => {
    const lines: string[] = [];
    const warn = proxyHeadersWarning({ trusted: false, log: (line: string) => lines.push(line) });
    expect(run(warn, {})).toBe(true);
    expect(lines).toEqual([]);
    expect(run(warn, { "x-forwarded-proto": "https" })).toBe(true);
    expect(run(warn, { "x-forwarded-for": "203.0.113.9" })).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("TRUST_PROXY=1");
  });

  it("says nothing when TRUST_PROXY is set", () => {
    const lines: string[] = [];
    const warn = proxyHeadersWarning({ trusted: true, log: (line: string) => lines.push(line) });
    run(warn, { "x-forwarded-for": "203.0.113.9" });
    expect(lines).toEqual([]);
  });
});
