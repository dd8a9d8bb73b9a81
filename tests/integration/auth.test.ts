import { beforeAll, describe, expect, it } from "vitest";
import { action as loginAction, loader as loginLoader } from "../../app/routes/login";
import { action as logoutAction } from "../../app/routes/logout";
import { action as languageAction } from "../../app/routes/language";
import { loader as homeLoader } from "../../app/routes/_index";
import { getDb } from "../../app/utils/db.server";
import { getSessionUser } from "../../app/utils/auth.server";
import { passwordHashSlots } from "../../app/utils/password.server";
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

describe("the session cookie over http and https", () => {
  const signIn = (base: string) =>
    call(
      loginAction,
      new Request(`${base}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "observer", password: TEST_PASSWORD }),
      }),
      {},
      { clientIp: "198.51.100.210" },
    );

  it("is Secure when the browser came over https (directly or through a trusted proxy)", async () => {
    const res = await signIn("https://giaoban.example");
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/;\s*Secure/i);
  });

  it("is not Secure over plain http, so a sign-in from another machine on the LAN keeps its session", async () => {
    const res = await signIn("http://192.168.1.20:3000");
    expect(res.status).toBe(302);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).not.toMatch(/;\s*Secure/i);
    const user = await getSessionUser(new Request("http://192.168.1.20:3000/", { headers: { Cookie: cookie.split(";")[0] } }));
    expect(user?.username).toBe("observer");
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

  it("locks an account from one address after 5 failures there, even for the right password, and says for how long", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt("staff.a", "sai-mat-khau", "198.51.100.1")).status).toBe(400);
    const locked = await attempt("staff.a", TEST_PASSWORD, "198.51.100.1");
    expect(locked.status).toBe(429);
    expect(locked.data).toMatchObject({ error: "login.locked", minutes: 15 });
    expect(locked.headers.get("Retry-After")).toBe("900");
    expect(locked.headers.get("Set-Cookie")).toBeNull();
    // The owner, elsewhere, is not kept out by a stranger's guesses.
    expect((await attempt("staff.a", TEST_PASSWORD, "198.51.100.2")).status).toBe(302);
    // Fifteen minutes later the lock has lifted there too.
    const old = new Date(Date.now() - 16 * 60_000).toISOString();
    await getDb().updateTable("sign_in_attempts").set({ at: old }).where("address", "=", "198.51.100.1").execute();
    expect((await attempt("staff.a", TEST_PASSWORD, "198.51.100.1")).status).toBe(302);
  });

  it("counts guesses sent in parallel before checking them: of 40 wrong and one right, 5 are checked and the right one is locked out", async () => {
    const guesses = Array.from({ length: 40 }, (_, i) => attempt("head.b", `doan-sai-${i}`, "203.0.113.40"));
    const right = attempt("head.b", TEST_PASSWORD, "203.0.113.40");
    const results = await Promise.all([...guesses, right]);
    // Five are admitted (four of them checked at once; the fifth is told the server is busy); none signs in.
    const admitted = results.filter((r) => r.status !== 429);
    expect(admitted).toHaveLength(5);
    expect(admitted.every((r) => r.status === 400 || r.status === 503)).toBe(true);
    expect(results.at(-1)!.status).toBe(429);
    expect(results.at(-1)!.headers.get("Set-Cookie")).toBeNull();
    // Nothing cleared the record: the address stays locked out of the account.
    expect((await attempt("head.b", TEST_PASSWORD, "203.0.113.40")).status).toBe(429);
  });

  it("counts a name as sign-in matches it: in capitals it is the same name, and locks only the guessing address", async () => {
    // Sign-in matches user names regardless of ASCII case, so capitals are the same account…
    expect((await attempt("SECRETARY", TEST_PASSWORD, "203.0.113.61")).status).toBe(302);
    for (let i = 0; i < 5; i++) await attempt("SECRETARY", "x", "203.0.113.60");
    // …and count for it, from that address only.
    expect((await attempt("secretary", TEST_PASSWORD, "203.0.113.60")).status).toBe(429);
    expect((await attempt("secretary", TEST_PASSWORD, "203.0.113.62")).status).toBe(302);
  });

  it("answers alike whether or not a name is an account's, so the lock does not tell which names exist", async () => {
    for (const [name, address] of [
      ["head.a", "203.0.113.70"],
      ["khong.co.ai", "203.0.113.71"],
    ]) {
      for (let i = 0; i < 5; i++) expect((await attempt(name, "x", address)).status).toBe(400);
      expect((await attempt(name.toUpperCase(), "x", address)).status, name).toBe(429);
    }
    // An account's e-mail is counted apart from its user name: the lock does not link the two.
    expect((await attempt("head.a@example.test", "x", "203.0.113.70")).status).toBe(400);
  });

  it("counts an IPv6 host by its /64, and an IPv4 address written as IPv6 as itself", async () => {
    for (let i = 1; i <= 5; i++) expect((await attempt("staff.b", "x", `2001:db8:0:7::${i}`)).status).toBe(400);
    expect((await attempt("staff.b", TEST_PASSWORD, "2001:db8:0:7:ffff::99")).status).toBe(429);
    expect((await attempt("staff.b", TEST_PASSWORD, "2001:db8:0:8::1")).status).toBe(302);
    for (let i = 0; i < 5; i++) await attempt("staff.b", "x", "::ffff:198.51.100.180");
    expect((await attempt("staff.b", TEST_PASSWORD, "198.51.100.180")).status).toBe(429);
  });

  it("lets one address have at most 4 password checks going at once; the rest are told the server is busy, and still count", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `ai.do.${i}`);
    const results = await Promise.all(names.map((name) => attempt(name, "x", "198.51.100.190")));
    expect(results.filter((r) => r.status === 400)).toHaveLength(4);
    expect(results.filter((r) => r.status === 503)).toHaveLength(6);
    expect(await getDb().selectFrom("sign_in_attempts").where("address", "=", "198.51.100.190").selectAll().execute()).toHaveLength(10);
  });

  it("locks an address that tries many accounts, without locking others", async () => {
    // 29 earlier failures from the address, then one more through the form.
    const at = new Date(Date.now() - 60_000).toISOString();
    await getDb()
      .insertInto("sign_in_attempts")
      .values(Array.from({ length: 29 }, (_, i) => ({ account: `name:ten-${i}`, login: `ten-${i}`, address: "192.0.2.50", at })))
      .execute();
    expect((await attempt("nobody-else", "x", "192.0.2.50")).status).toBe(400);
    expect((await attempt("head.a", TEST_PASSWORD, "192.0.2.50")).status).toBe(429);
    expect((await attempt("head.a", TEST_PASSWORD, "192.0.2.51")).status).toBe(302);
  });

  it("a flood of guesses from many addresses locks the account, for one window at most", async () => {
    const account = `user:${fx.users.observer}`;
    const at = new Date(Date.now() - 2 * 60_000).toISOString();
    await getDb()
      .insertInto("sign_in_attempts")
      .values(Array.from({ length: 100 }, (_, i) => ({ account, login: "observer", address: `10.9.${i >> 8}.${i & 255}`, at })))
      .execute();
    const locked = await attempt("observer", TEST_PASSWORD, "198.51.100.77");
    expect(locked.status).toBe(429);
    expect(locked.data.minutes).toBe(13);
    await getDb().deleteFrom("sign_in_attempts").where("account", "=", account).execute();
  });

  it("a locked unknown account answers exactly like a locked real one", async () => {
    for (let i = 0; i < 5; i++) await attempt("khong-ton-tai", "x", "198.51.100.100");
    const res = await attempt("khong-ton-tai", "x", "198.51.100.100");
    expect(res.status).toBe(429);
    expect(res.data.error).toBe("login.locked");
  });

  it("an empty name or password is refused without being counted", async () => {
    for (let i = 0; i < 8; i++) expect((await attempt("head.a", "", "198.51.100.120")).status).toBe(400);
    expect((await attempt("head.a", TEST_PASSWORD, "198.51.100.120")).status).toBe(302);
  });

  it("when too many password checks wait already, says the server is busy (503), and the attempt counts for the address", async () => {
    const release: Array<() => void> = [];
    const hold = () => passwordHashSlots.run(() => new Promise<void>((r) => release.push(r)), { refuseWhenFull: false });
    const held = Array.from({ length: passwordHashSlots.maxRunning + passwordHashSlots.maxWaiting }, hold);
    try {
      const busy = await attempt("head.a", TEST_PASSWORD, "198.51.100.130");
      expect(busy.status).toBe(503);
      expect(busy.data.error).toBe("login.busy");
      expect(busy.headers.get("Retry-After")).toBe("5");
      expect(await getDb().selectFrom("sign_in_attempts").where("address", "=", "198.51.100.130").selectAll().execute()).toHaveLength(1);
    } finally {
      while (release.length || passwordHashSlots.running) {
        release.splice(0).forEach((r) => r());
        await new Promise((r) => setTimeout(r, 0));
      }
      await Promise.all(held);
    }
    expect((await attempt("head.a", TEST_PASSWORD, "198.51.100.130")).status).toBe(302);
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
