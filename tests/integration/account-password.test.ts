/**
 * Changing one's own password (Tài khoản → Đổi mật khẩu), and the change an
 * administrator's reset forces at the next sign-in: every page but this one
 * (and signing out) sends the user here until the password is changed.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";

/** A test may run something right after a password has been checked (to land a reset in between). */
const afterPasswordCheck: { run?: () => Promise<void> } = {};
vi.mock("../../app/utils/password.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/utils/password.server")>();
  return {
    ...real,
    verifyPassword: async (password: string, stored: string) => {
      const ok = await real.verifyPassword(password, stored);
      const run = afterPasswordCheck.run;
      afterPasswordCheck.run = undefined;
      await run?.();
      return ok;
    },
  };
});
import { action as changeAction, loader as changeLoader } from "../../app/routes/account_.password";
import { action as accountAction, loader as accountLoader } from "../../app/routes/account";
import { action as adminUserAction } from "../../app/routes/admin.users.$userId";
import { loader as feedLoader } from "../../app/routes/calendar.$token[.ics]";
import { loader as homeLoader } from "../../app/routes/_index";
import { action as loginAction } from "../../app/routes/login";
import { action as logoutAction } from "../../app/routes/logout";
import { loader as tasksLoader } from "../../app/routes/tasks._index";
import { loader as tasksCsvLoader } from "../../app/routes/tasks[.csv]";
import { action as notificationsAction } from "../../app/routes/notifications";
import { getSessionUser, verifyLogin } from "../../app/utils/auth.server";
import { getDb } from "../../app/utils/db.server";
import { DEMO_PASSWORD } from "../../db/demo/quang-ninh";
import type { UserRole } from "../../db/schema";
import { cheapHash, seedFixture, TEST_PASSWORD, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest, sessionCookieFor } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();
const BASE = "http://localhost";
const NEW_PASSWORD = "Hoa-sen-no-tren-dam-2026";

/** A user of its own for each test, so one test's password or lock never leaks into another's. */
async function addUser(username: string, role: UserRole = "observer", agencyId: number | null = null): Promise<number> {
  const row = await db()
    .insertInto("users")
    .values({
      username,
      email: `${username}@example.test`,
      full_name: `Người dùng ${username}`,
      title: null,
      password_hash: await cheapHash(),
      role,
      agency_id: agencyId,
      updated_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const get = (path: string, cookie?: string) => new Request(BASE + path, { headers: cookie ? { Cookie: cookie } : {} });

function post(path: string, fields: Record<string, string>, cookie?: string): Request {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", Origin: BASE });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(BASE + path, { method: "POST", body: new URLSearchParams(fields), headers });
}

const change = (fields: Record<string, string>, cookie: string) => call(changeAction, post("/account/password", fields, cookie));
const form = (over: Record<string, string> = {}) => ({ currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD, ...over });
const signedIn = (cookie: string) => getSessionUser(get("/", cookie));

/** Everything a refused change must leave alone. */
async function snapshot(userId: number) {
  const user = await db().selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  const sessions = await db().selectFrom("sessions").select("id").where("user_id", "=", userId).orderBy("id").execute();
  const tokens = await db().selectFrom("calendar_tokens").selectAll().where("user_id", "=", userId).orderBy("id").execute();
  const audit = await db()
    .selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { user, sessions: sessions.map((s) => s.id), tokens, audit: audit.n };
}

async function adminReset(userId: number, password = "Mat-khau-tam-thoi-2026") {
  const res = await call(
    adminUserAction,
    await postRequest(`/admin/users/${userId}`, { intent: "reset-password", password, passwordConfirm: password }, fx.users.admin),
    { userId: String(userId) },
  );
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return password;
}

async function signIn(username: string, password: string, redirectTo = "/") {
  const res = await call(loginAction, await postRequest("/login", { username, password, redirectTo }));
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.headers.get("Set-Cookie")!.split(";")[0];
}

/** Makes the user's calendar link through the account page; returns the token. */
async function newFeedToken(cookie: string): Promise<string> {
  const res = await call(accountAction, post("/account", { intent: "generate", current: "none" }, cookie));
  expect(res.status).toBe(200);
  return /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(res.data.url)![1];
}
const feed = (token: string) => call(feedLoader, get(`/calendar/${token}.ics`), { token });

describe("the change-password page", () => {
  it("is reached from the account page and needs a signed-in user", async () => {
    const anonymous = await call(changeLoader, get("/account/password"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/login?redirectTo=%2Faccount%2Fpassword");
    const page = await call(changeLoader, await getRequest("/account/password", fx.users.observer));
    expect(page.status).toBe(200);
    expect(page.data.mustChange).toBe(false);
    const account = await call(accountLoader, await getRequest("/account", fx.users.observer));
    expect(account.status).toBe(200);
  });
});

describe("refusals change nothing", () => {
  it("a wrong current password is a 400 with its message next to the field", async () => {
    const id = await addUser("sai.mat.khau");
    const cookie = await sessionCookieFor(id);
    await sessionCookieFor(id);
    const before = await snapshot(id);
    const res = await change(form({ currentPassword: "khong-phai-mat-khau-nay" }), cookie);
    expect(res.status).toBe(400);
    expect(res.data.errors.currentPassword).toEqual({ key: "account.password.wrongCurrent" });
    expect(JSON.stringify(res.data)).not.toContain(NEW_PASSWORD);
    expect(await snapshot(id)).toEqual(before);
    expect(await verifyLogin("sai.mat.khau", TEST_PASSWORD)).not.toBeNull();
  });

  it("guessing the current password from an open session is throttled like sign-in, and a right guess after the lock changes nothing", async () => {
    const id = await addUser("doan.mat.khau");
    const cookie = await sessionCookieFor(id);
    const guess = (currentPassword: string) =>
      call(changeAction, post("/account/password", form({ currentPassword }), cookie), {}, { clientIp: "203.0.113.90" });
    for (let i = 0; i < 5; i++) expect((await guess(`doan-sai-${i}`)).status).toBe(400);
    const before = await snapshot(id);
    const locked = await guess(TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.data.errors.currentPassword).toEqual({ key: "login.locked", params: { minutes: 15 } });
    expect(await snapshot(id)).toEqual(before);
  });

  it.each([
    ["a mismatched repeat", form({ passwordConfirm: "Hoa-sen-no-tren-dam-2025" }), { passwordConfirm: "account.password.mismatch" }],
    ["a new password under 10 characters", form({ password: "Ngan-9kt", passwordConfirm: "Ngan-9kt" }), { password: "validation.tooShort" }],
    ["a common password", form({ password: "password123", passwordConfirm: "password123" }), { password: "account.password.common" }],
    ["a common Vietnamese one", form({ password: "matkhau@2024", passwordConfirm: "matkhau@2024" }), { password: "account.password.common" }],
    ["a keyboard run", form({ password: "qwertyuiop", passwordConfirm: "qwertyuiop" }), { password: "account.password.common" }],
    ["the demo password", form({ password: DEMO_PASSWORD, passwordConfirm: DEMO_PASSWORD }), { password: "account.password.common" }],
    ["something like the demo password", form({ password: "Giaoban@2024", passwordConfirm: "Giaoban@2024" }), { password: "account.password.common" }],
    ["the user name", form({ password: "Tu.Choi.Yeu", passwordConfirm: "Tu.Choi.Yeu" }), { password: "account.password.personal" }],
    ["the current password again", form({ password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD }), { password: "account.password.sameAsCurrent" }],
    ["an empty current password", form({ currentPassword: "" }), { currentPassword: "validation.required" }],
  ])("%s is a 400 with the field's error", async (_what, fields, expected) => {
    const id = await addUser(`tu.choi.yeu`);
    try {
      const cookie = await sessionCookieFor(id);
      await sessionCookieFor(id);
      const before = await snapshot(id);
      const res = await change(fields, cookie);
      expect(res.status).toBe(400);
      for (const [field, key] of Object.entries(expected)) expect(res.data.errors[field]?.key, JSON.stringify(res.data.errors)).toBe(key);
      expect(await snapshot(id)).toEqual(before);
    } finally {
      await db().deleteFrom("sessions").where("user_id", "=", id).execute();
      await db().deleteFrom("users").where("id", "=", id).execute();
    }
  });

  it("the too-short message names the minimum", async () => {
    const res = await change(form({ password: "abc", passwordConfirm: "abc" }), await sessionCookieFor(fx.users.observer));
    expect(res.data.errors.password).toEqual({ key: "validation.tooShort", params: { min: 10 } });
  });
});

describe("a successful change", () => {
  it("takes the new password, not the old; ends every session and signs this browser in anew; revokes the calendar link; is audited", async () => {
    const id = await addUser("doi.thanh.cong", "agency_head", fx.agencyA);
    const current = await sessionCookieFor(id);
    const otherA = await sessionCookieFor(id);
    const otherB = await sessionCookieFor(id);
    const token = await newFeedToken(current);
    expect((await feed(token)).status).toBe(200);
    const someoneElse = await sessionCookieFor(fx.users.headB);

    const res = await change(form(), current);
    expect(res.status, JSON.stringify(res.data)).toBe(302);
    expect(res.location).toBe("/account?password=changed#password");

    expect(await verifyLogin("doi.thanh.cong", TEST_PASSWORD)).toBeNull();
    expect(await verifyLogin("doi.thanh.cong", NEW_PASSWORD)).not.toBeNull();
    expect((await call(loginAction, await postRequest("/login", { username: "doi.thanh.cong", password: TEST_PASSWORD }))).status).toBe(400);
    await signIn("doi.thanh.cong", NEW_PASSWORD);

    // A new session for this browser (OWASP: a new session when the credentials change); the old one is gone.
    const renewed = res.headers.get("Set-Cookie")!.split(";")[0];
    expect(renewed).not.toBe(current);
    expect((await signedIn(renewed))?.id).toBe(id);
    expect(await signedIn(current)).toBeNull();
    expect(await signedIn(otherA)).toBeNull();
    expect(await signedIn(otherB)).toBeNull();
    expect((await signedIn(someoneElse))?.id).toBe(fx.users.headB);

    expect((await feed(token)).status).toBe(404);
    const account = await call(accountLoader, get("/account", renewed));
    expect(account.data.calendar.live).toBeNull();

    const events = await db().selectFrom("audit_events").selectAll().where("entity_type", "=", "user").where("entity_id", "=", id).orderBy("id").execute();
    const event = events.at(-1)!;
    expect(event.actor_user_id).toBe(id);
    expect(event.action).toBe("user.password_changed");
    expect(JSON.parse(event.after_json!)).toMatchObject({ sessions_ended: 3, calendar_links_revoked: 1 });
    expect(`${event.before_json}${event.after_json}`).not.toContain("scrypt");
    const revoked = await db()
      .selectFrom("audit_events")
      .selectAll()
      .where("entity_type", "=", "calendar_token")
      .where("actor_user_id", "=", id)
      .orderBy("id")
      .execute();
    expect(revoked.at(-1)!.action).toBe("calendar_token.revoked");
  });

  it("goes back where the user was headed when sent here", async () => {
    const id = await addUser("quay.lai");
    const res = await change(form({ redirectTo: "/tasks?agency=all" }), await sessionCookieFor(id));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/tasks?agency=all");
    const evil = await change(
      form({ currentPassword: NEW_PASSWORD, password: "Mot-mat-khau-khac-2027", passwordConfirm: "Mot-mat-khau-khac-2027", redirectTo: "//evil.example" }),
      await sessionCookieFor(id),
    );
    expect(evil.status).toBe(302);
    expect(evil.location).toBe("/account?password=changed#password");
  });
});

describe("after an administrator's reset", () => {
  it("the next sign-in must change the password: every page sends the user to the change page until then", async () => {
    const id = await addUser("bi.dat.lai", "agency_staff", fx.agencyA);
    const old = await sessionCookieFor(id);
    const temporary = await adminReset(id);
    expect(await signedIn(old)).toBeNull();
    expect((await db().selectFrom("users").select("must_change_password").where("id", "=", id).executeTakeFirstOrThrow()).must_change_password).toBe(1);

    const cookie = await signIn("bi.dat.lai", temporary, "/tasks");
    const pages = [
      { name: "home", res: await call(homeLoader, get("/", cookie)), back: "/" },
      { name: "tasks", res: await call(tasksLoader, get("/tasks?agency=all", cookie)), back: "/tasks?agency=all" },
      { name: "tasks.csv", res: await call(tasksCsvLoader, get("/tasks.csv", cookie)), back: "/tasks.csv" },
      { name: "account", res: await call(accountLoader, get("/account", cookie)), back: "/account" },
      { name: "account action", res: await call(accountAction, post("/account", { intent: "generate", current: "none" }, cookie)), back: "/account" },
      { name: "notifications action", res: await call(notificationsAction, post("/notifications", { intent: "read_all" }, cookie)), back: "/notifications" },
    ];
    for (const { name, res, back } of pages) {
      expect(res.status, name).toBe(302);
      expect(res.location, name).toBe(`/account/password?redirectTo=${encodeURIComponent(back)}`);
    }
    // Nothing was done on the user's behalf meanwhile.
    expect(await db().selectFrom("calendar_tokens").select("id").where("user_id", "=", id).execute()).toEqual([]);

    const page = await call(changeLoader, get("/account/password?redirectTo=%2Ftasks", cookie));
    expect(page.status).toBe(200);
    expect(page.data.mustChange).toBe(true);
    expect(page.data.redirectTo).toBe("/tasks");

    // Signing out still works.
    const spare = await signIn("bi.dat.lai", temporary);
    const out = await call(logoutAction, post("/logout", {}, spare));
    expect(out.status).toBe(302);
    expect(out.location).toBe("/login?signedOut=1");

    // The administrator's password cannot simply be kept.
    const same = await change(form({ currentPassword: temporary, password: temporary, passwordConfirm: temporary }), cookie);
    expect(same.status).toBe(400);
    expect(same.data.errors.password.key).toBe("account.password.sameAsCurrent");

    const done = await change(form({ currentPassword: temporary, redirectTo: "/tasks" }), cookie);
    expect(done.status).toBe(302);
    expect(done.location).toBe("/tasks");
    expect((await db().selectFrom("users").select("must_change_password").where("id", "=", id).executeTakeFirstOrThrow()).must_change_password).toBe(0);
    const renewed = done.headers.get("Set-Cookie")!.split(";")[0];
    expect((await call(homeLoader, get("/", renewed))).status).toBe(200);
    expect((await call(tasksLoader, get("/tasks?agency=all", renewed))).status).toBe(200);
    const after = await call(changeLoader, get("/account/password", renewed));
    expect(after.data.mustChange).toBe(false);
  });

  it("a session open before the reset does not survive it: its user must sign in, then change", async () => {
    const id = await addUser("phien.cu");
    const cookie = await sessionCookieFor(id);
    const temporary = await adminReset(id);
    const res = await call(homeLoader, get("/", cookie));
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login\?/);
    const again = await signIn("phien.cu", temporary);
    const home = await call(homeLoader, get("/", again));
    expect(home.location).toBe("/account/password?redirectTo=%2F");
  });

  it("a reset landing between the check of the current password and the write changes nothing and counts no failed guess", async () => {
    const id = await addUser("dat.lai.giua.chung");
    const cookie = await sessionCookieFor(id);
    // The reset lands right after the current password has been checked.
    afterPasswordCheck.run = async () => {
      await db()
        .updateTable("users")
        .set({ password_hash: await cheapHash("Mat-khau-quan-tri-dat-2026") })
        .where("id", "=", id)
        .execute();
    };
    const res = await call(changeAction, post("/account/password", form(), cookie), {}, { clientIp: "203.0.113.95" });
    expect(res.status).toBe(400);
    expect(res.data.errors.currentPassword).toEqual({ key: "account.password.stale" });
    // The administrator's password stands, not the one typed as new; the session was not ended.
    expect(await verifyLogin("dat.lai.giua.chung", NEW_PASSWORD)).toBeNull();
    expect(await verifyLogin("dat.lai.giua.chung", "Mat-khau-quan-tri-dat-2026")).not.toBeNull();
    expect((await signedIn(cookie))?.id).toBe(id);
    expect(await db().selectFrom("sign_in_attempts").where("address", "=", "203.0.113.95").selectAll().execute()).toEqual([]);
  });
});
