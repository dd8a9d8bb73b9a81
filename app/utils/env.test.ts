import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("configuration", () => {
  it("has defaults that let `npm start` work with nothing set", () => {
    const env = parseEnv({ DATABASE_PATH: ":memory:" });
    expect(env.PORT).toBe(3000);
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("names each bad setting in one message", () => {
    expect(() => parseEnv({ PORT: "abc", SESSION_SECRET: "short", DATABASE_PATH: ":memory:" })).toThrowError(
      /PORT must be a number[\s\S]*SESSION_SECRET must be at least 32 characters/,
    );
    expect(() => parseEnv({ PORT: "70000", DATABASE_PATH: ":memory:" })).toThrowError(/PORT must be between 1 and 65535/);
    expect(() => parseEnv({ PUBLIC_URL: "not a url", DATABASE_PATH: ":memory:" })).toThrowError(/PUBLIC_URL/);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_PATH: ":memory:" }).PORT).toBe(3000);
  });
});
