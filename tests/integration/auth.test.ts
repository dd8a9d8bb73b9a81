import { beforeAll, describe, expect, it } from "vitest";
import { action as loginAction, loader as loginLoader } from "../../app/routes/login";
import { action as logoutAction } from "../../app/routes/logout";
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
    for (const redirectTo of ["https://evil.example", "//evil.example", "/\\evil.example"]) {
      const res = await call(loginAction, await postRequest("/login", { username: "head.a", password: TEST_PASSWORD, redirectTo }));
      expect(res.location).toBe("/");
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
