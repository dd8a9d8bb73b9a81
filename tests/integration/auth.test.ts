import { beforeAll, describe, expect, it } from "vitest";
import { action as loginAction, loader as loginLoader } from "../../app/routes/login";
import { action as logoutAction } from "../../app/routes/logout";
import { action as languageAction } from "../../app/routes/language";
import { loader as homeLoader } from "../../app/routes/_index";
import { getDb } from "../../app/utils/db.server";
import { getSessionUser } from "../../app/utils/auth.server";
import { seedFixture, TEST_PASSWORD, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest, sessionCookieFor } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const cookieOf = (headers: Headers) => headers.get("Set-Cookie")!.split(";")[0];

describe("sign-in", () => {
  it("signs in with the user name, creates a server session and redirects to redirectTo", async () => {
    const before = await getDb().selectFrom("sessions").select("id").execute();
    const res = await call(loginAction, await postRequest("/login", { username: "head.a", password: TEST_PASSWORD, redirectTo: "/account" }));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/account");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const after = await getDb().selectFrom("sessions").select("id").execute();
    expect(after.length).toBe(before.length + 1);
    const user = await getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookieOf(res.headers) } }));
    expect(user?.username).toBe("head.a");
    expect(user?.agencyId).toBe(fx.agencyA);
  });

  it("accepts the e-mail address in place of the user name", async () => {
    const res = await call(loginAction, await postRequest("/login", { username: "HEAD.A@example.test", password: TEST_PASSWORD }));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/");
  });

  it("gives one message for a wrong password, an unknown user and a deactivated user", async () => {
    const cases = [
      { username: "head.a", password: "wrong" },
      { username: "nobody", password: TEST_PASSWORD },
      { username: "inactive", password: TEST_PASSWORD },
      { username: "", password: "" },
    ];
    for (const fields of cases) {
      const res = await call(loginAction, await postRequest("/login", fields));
      expect(res.status).toBe(400);
      expect(res.data.error).toBe("login.invalid");
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("never redirects to another site", async () => {
    for (const redirectTo of ["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/.//evil.example"]) {
      const res = await call(loginAction, await postRequest("/login", { username: "head.a", password: TEST_PASSWORD, redirectTo }));
      expect(res.location).toBe("/");
    }
  });

  it("a signed-in user following /login?redirectTo=/%09/evil.example stays on this site", async () => {
    for (const target of ["/%09/evil.example", "/%0A/evil.example", "%2F%2Fevil.example", "/%5Cevil.example"]) {
      const res = await call(loginLoader, await getRequest(`/login?redirectTo=${target}`, fx.users.chair));
      expect(res.status).toBe(302);
      expect(res.location).toBe("/");
    }
  });

  it("a target with CR, LF, NUL or non-Latin-1 characters gives a 302 on this site, never a 500", async () => {
    for (const redirectTo of ["/tasks\r\nSet-Cookie: x=1", "/tasks\u0000", "/search?q=Đầm Hà"]) {
      const res = await call(languageAction, await postRequest("/language", { lang: "en", redirectTo }, fx.users.observer));
      expect(res.status).toBe(302);
      expect(res.location!.startsWith("/") && !res.location!.startsWith("//")).toBe(true);
      expect(() => new Headers({ Location: res.location! })).not.toThrow();
    }
  });
});

describe("sessions", () => {
  it("sends an anonymous visitor to the sign-in page with the way back", async () => {
    const res = await call(homeLoader, await getRequest("/?x=1"));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/login?redirectTo=%2F%3Fx%3D1");
  });

  it("sign-out deletes the session on the server", async () => {
    const cookie = await sessionCookieFor(fx.users.headB);
    const req = () => new Request("http://localhost/", { headers: { Cookie: cookie } });
    expect((await call(homeLoader, req())).status).toBe(200);
    const out = await call(logoutAction, new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie } }));
    expect(out.status).toBe(302);
    const again = await call(homeLoader, req());
    expect(again.status).toBe(302);
    expect(again.location).toContain("reason=expired");
  });

  it("an expired session no longer signs anyone in", async () => {
    const cookie = await sessionCookieFor(fx.users.observer);
    await getDb().updateTable("sessions").set({ expires_at: "2000-01-01T00:00:00.000Z" }).where("user_id", "=", fx.users.observer).execute();
    expect(await getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } }))).toBeNull();
  });

  it("deactivating a user ends their open sessions", async () => {
    const cookie = await sessionCookieFor(fx.users.staffB);
    await getDb().updateTable("users").set({ active: 0 }).where("id", "=", fx.users.staffB).execute();
    expect(await getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } }))).toBeNull();
    await getDb().updateTable("users").set({ active: 1 }).where("id", "=", fx.users.staffB).execute();
  });

  it("a signed-in user visiting /login goes home", async () => {
    const res = await call(loginLoader, await getRequest("/login", fx.users.chair));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/");
  });
});

describe("sign-in throttling and session rotation", () => {
  const attempt = async (username: string, password: string, ip = "203.0.113.7", cookie?: string) => {
    const req = await postRequest("/login", { username, password });
    if (cookie) req.headers.set("Cookie", cookie);
    return call(loginAction, req, {}, { clientIp: ip });
  };

  it("locks an account after repeated failures, even for the right password, and says for how long", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt("staff.a", "sai-mat-khau", `198.51.100.${i}`)).status).toBe(400);
    const locked = await attempt("staff.a", TEST_PASSWORD, "198.51.100.99");
    expect(locked.status).toBe(429);
    expect(locked.data).toMatchObject({ error: "login.locked", minutes: 15 });
    expect(locked.headers.get("Set-Cookie")).toBeNull();
    // Fifteen minutes later the lock has lifted.
    const old = new Date(Date.now() - 16 * 60_000).toISOString();
    await getDb().updateTable("login_failures").set({ at: old }).where("key", "=", "staff.a").execute();
    expect((await attempt("staff.a", TEST_PASSWORD, "198.51.100.99")).status).toBe(302);
  });

  it("locks an address that tries many accounts, without locking others", async () => {
    // 29 earlier failures from the address, then one more through the form.
    const at = new Date(Date.now() - 60_000).toISOString();
    await getDb().insertInto("login_failures").values(Array.from({ length: 29 }, () => ({ kind: "ip" as const, key: "192.0.2.50", at }))).execute();
    expect((await attempt("nobody-else", "x", "192.0.2.50")).status).toBe(400);
    expect((await attempt("head.a", TEST_PASSWORD, "192.0.2.50")).status).toBe(429);
    expect((await attempt("head.a", TEST_PASSWORD, "192.0.2.51")).status).toBe(302);
  });

  it("a locked unknown account answers exactly like a locked real one", async () => {
    for (let i = 0; i < 5; i++) await attempt("khong-ton-tai", "x", `198.51.100.${100 + i}`);
    const res = await attempt("khong-ton-tai", "x", "198.51.100.200");
    expect(res.status).toBe(429);
    expect(res.data.error).toBe("login.locked");
  });

  it("signing in again gives a new session id and ends the old one", async () => {
    const first = await attempt("observer", TEST_PASSWORD, "198.51.100.150");
    const firstCookie = cookieOf(first.headers);
    const second = await attempt("observer", TEST_PASSWORD, "198.51.100.150", firstCookie);
    const secondCookie = cookieOf(second.headers);
    expect(secondCookie).not.toBe(firstCookie);
    expect(await getSessionUser(new Request("http://localhost/", { headers: { Cookie: firstCookie } }))).toBeNull();
    expect((await getSessionUser(new Request("http://localhost/", { headers: { Cookie: secondCookie } })))?.username).toBe("observer");
  });
});
