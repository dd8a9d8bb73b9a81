import { beforeAll, describe, expect, it } from "vitest";
import { loader as listLoader } from "../../app/routes/admin.users._index";
import { action as newAction, loader as newLoader } from "../../app/routes/admin.users.new";
import { action as editAction, loader as editLoader } from "../../app/routes/admin.users.$userId";
import { action as loginAction } from "../../app/routes/login";
import { getSessionUser, verifyLogin } from "../../app/utils/auth.server";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, TEST_PASSWORD, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest, sessionCookieFor } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();

async function snapshot() {
  const users = await db().selectFrom("users").selectAll().orderBy("id").execute();
  // Each request signs the admin in afresh, so only other people's sessions are compared.
  const sessions = await db().selectFrom("sessions").select("id").where("user_id", "!=", fx.users.admin).orderBy("id").execute();
  const audit = await db()
    .selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { users, sessions: sessions.length, audit: audit.n };
}

async function auditFor(entityId: number) {
  return db().selectFrom("audit_events").selectAll().where("entity_type", "=", "user").where("entity_id", "=", entityId).orderBy("id").execute();
}

const signedIn = (cookie: string) => getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } }));

const newUser = () => ({
  username: "Nguyen.Van.An",
  fullName: "Nguyễn Văn An",
  title: "Chuyên viên",
  email: "An@Example.test",
  role: "agency_staff",
  agencyId: String(fx.agencyA),
  password: "mot-mat-khau-du-dai",
});

async function create(fields: Record<string, string>) {
  return call(newAction, await postRequest("/admin/users/new", fields, fx.users.admin));
}

async function edit(id: number, fields: Record<string, string>, as = fx.users.admin) {
  return call(editAction, await postRequest(`/admin/users/${id}`, fields, as), { userId: String(id) });
}

const profile = (over: Record<string, string> = {}) => ({
  intent: "save",
  fullName: "Người dùng head.a",
  title: "",
  email: "head.a@example.test",
  role: "agency_head",
  agencyId: String(fx.agencyA),
  ...over,
});

describe("creating a user", () => {
  it("creates the account, audits it without the hash, and the user can sign in", async () => {
    const res = await create(newUser());
    expect(res.status).toBe(302);
    const row = await db().selectFrom("users").selectAll().where("username", "=", "nguyen.van.an").executeTakeFirstOrThrow();
    expect(res.location).toBe(`/admin/users/${row.id}?saved=created`);
    expect(row.username).toBe("nguyen.van.an");
    expect(row.email).toBe("an@example.test");
    expect(row.role).toBe("agency_staff");
    expect(row.agency_id).toBe(fx.agencyA);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const events = await auditFor(row.id);
    expect(events.map((e) => e.action)).toEqual(["user.created"]);
    expect(events[0].after_json).not.toContain("password");
    expect(events[0].after_json).not.toContain(row.password_hash);
    expect(await verifyLogin("nguyen.van.an", "mot-mat-khau-du-dai")).not.toBeNull();
    // The administrator knows this password: the user must choose their own first.
    expect(row.must_change_password).toBe(1);
  });

  it("lets an observer be created without an agency", async () => {
    const res = await create({ ...newUser(), username: "theo.doi", fullName: "Mai Thị Dõi", email: "", role: "observer", agencyId: "" });
    expect(res.status).toBe(302);
    const row = await db().selectFrom("users").selectAll().where("username", "=", "theo.doi").executeTakeFirstOrThrow();
    expect(row.email).toBeNull();
    expect(row.agency_id).toBeNull();
  });

  it.each([
    ["a user name already taken, in another case", { username: "HEAD.A", email: "" }, { username: "admin.user.usernameTaken" }],
    ["an e-mail already taken", { username: "new.one", email: "HEAD.A@example.test" }, { email: "admin.user.emailTaken" }],
    ["an agency head without agency", { username: "new.two", email: "", role: "agency_head", agencyId: "" }, { agencyId: "admin.user.agencyRequired" }],
    ["agency staff without agency", { username: "new.two", email: "", role: "agency_staff", agencyId: "" }, { agencyId: "admin.user.agencyRequired" }],
    ["an agency that does not exist", { username: "new.three", email: "", agencyId: "99999" }, { agencyId: "admin.user.agencyMissing" }],
    ["a short password", { username: "new.four", email: "", password: "123456789" }, { password: "validation.tooShort" }],
    ["a missing password", { username: "new.five", email: "", password: "" }, { password: "validation.tooShort" }],
    [
      "a bad user name and e-mail",
      { username: "Nguyễn An", email: "not-an-email" },
      { username: "admin.user.usernameFormat", email: "validation.invalidEmail" },
    ],
    ["an unknown role", { username: "new.six", email: "", role: "superuser" }, { role: "validation.invalidChoice" }],
    ["a missing full name", { username: "new.seven", email: "", fullName: "   " }, { fullName: "validation.required" }],
  ])("refuses %s with 400 and field errors, keeps the typed values but not the password, and changes nothing", async (_n, over, expected) => {
    const before = await snapshot();
    const fields = { ...newUser(), ...over };
    const res = await create(fields);
    expect(res.status).toBe(400);
    for (const [field, key] of Object.entries(expected)) expect(res.data.errors[field]?.key, field).toBe(key);
    expect(res.data.values.username).toBe(fields.username);
    expect(res.data.values.password).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it("reports the user name and the e-mail clash together", async () => {
    const res = await create({ ...newUser(), username: "observer", email: "chair@example.test" });
    expect(res.status).toBe(400);
    expect(res.data.errors.username.key).toBe("admin.user.usernameTaken");
    expect(res.data.errors.email.key).toBe("admin.user.emailTaken");
  });

  it("refuses an inactive agency", async () => {
    await db().updateTable("agencies").set({ active: 0 }).where("id", "=", fx.agencyB).execute();
    const before = await snapshot();
    const res = await create({ ...newUser(), username: "new.eight", email: "", agencyId: String(fx.agencyB) });
    expect(res.status).toBe(400);
    expect(res.data.errors.agencyId.key).toBe("admin.user.agencyInactive");
    expect(await snapshot()).toEqual(before);
    // …but an account already there can still be edited without moving it.
    const kept = await edit(fx.users.headB, profile({ fullName: "Trưởng đơn vị B", email: "head.b@example.test", agencyId: String(fx.agencyB) }));
    expect(kept.status).toBe(302);
    await db().updateTable("agencies").set({ active: 1 }).where("id", "=", fx.agencyB).execute();
  });
});

describe("editing a user", () => {
  it("changes name, title, e-mail, role and agency, with before and after audited", async () => {
    const res = await edit(
      fx.users.staffB,
      profile({ fullName: "Đinh Văn Đầm", title: "Phó phòng", email: "dam@example.test", role: "agency_head", agencyId: String(fx.agencyA) }),
    );
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/admin/users/${fx.users.staffB}?saved=updated`);
    const row = await db().selectFrom("users").selectAll().where("id", "=", fx.users.staffB).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ full_name: "Đinh Văn Đầm", title: "Phó phòng", email: "dam@example.test", role: "agency_head", agency_id: fx.agencyA });
    const event = (await auditFor(fx.users.staffB)).at(-1)!;
    expect(event.action).toBe("user.updated");
    expect(JSON.parse(event.before_json!).full_name).toBe("Người dùng staff.b");
    expect(JSON.parse(event.after_json!).full_name).toBe("Đinh Văn Đầm");
    expect(event.before_json).not.toContain("password_hash");
  });

  it("refuses a taken e-mail, an agency role without agency, an admin demoting themself, and an unknown intent", async () => {
    const before = await snapshot();
    const email = await edit(fx.users.headA, profile({ email: "observer@example.test" }));
    expect(email.status).toBe(400);
    expect(email.data.errors.email.key).toBe("admin.user.emailTaken");
    expect(email.data.values.email).toBe("observer@example.test");
    const noAgency = await edit(fx.users.headA, profile({ agencyId: "" }));
    expect(noAgency.status).toBe(400);
    expect(noAgency.data.errors.agencyId.key).toBe("admin.user.agencyRequired");
    const demote = await edit(fx.users.admin, profile({ fullName: "Quản trị", email: "admin@example.test", role: "observer", agencyId: "" }));
    expect(demote.status).toBe(400);
    expect(demote.data.errors.role.key).toBe("admin.user.cannotDemoteSelf");
    const unknown = await edit(fx.users.headA, { intent: "promote" });
    expect(unknown.status).toBe(400);
    expect(unknown.data.errors.intent.key).toBe("admin.unknownIntent");
    expect(await snapshot()).toEqual(before);
  });

  it("keeps the user's own e-mail when it is saved again", async () => {
    const res = await edit(fx.users.headA, profile({ email: "HEAD.A@example.test" }));
    expect(res.status).toBe(302);
  });

  it("shows the account without its password hash", async () => {
    const res = await call(editLoader, await getRequest(`/admin/users/${fx.users.headA}`, fx.users.admin), { userId: String(fx.users.headA) });
    expect(res.status).toBe(200);
    expect(res.data.account.username).toBe("head.a");
    expect(JSON.stringify(res.data)).not.toContain("scrypt$");
    expect(res.data.isSelf).toBe(false);
  });
});

describe("deactivating a user", () => {
  it("requires the confirmation tick", async () => {
    const before = await snapshot();
    const res = await edit(fx.users.observer, { intent: "deactivate" });
    expect(res.status).toBe(400);
    expect(res.data.errors.confirm.key).toBe("admin.confirmRequired");
    expect(await snapshot()).toEqual(before);
  });

  it("signs the user out at once, stops them signing in, and audits it; reactivating lets them back", async () => {
    const cookie = await sessionCookieFor(fx.users.observer);
    expect(await signedIn(cookie)).not.toBeNull();
    const res = await edit(fx.users.observer, { intent: "deactivate", confirm: "on" });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/admin/users/${fx.users.observer}?saved=deactivated`);
    const sessions = await db().selectFrom("sessions").select("id").where("user_id", "=", fx.users.observer).execute();
    expect(sessions).toHaveLength(0);
    expect(await signedIn(cookie)).toBeNull();
    const login = await call(loginAction, await postRequest("/login", { username: "observer", password: TEST_PASSWORD }));
    expect(login.status).toBe(400);
    expect((await auditFor(fx.users.observer)).at(-1)!.action).toBe("user.deactivated");

    const back = await edit(fx.users.observer, { intent: "reactivate", confirm: "on" });
    expect(back.status).toBe(302);
    const again = await call(loginAction, await postRequest("/login", { username: "observer", password: TEST_PASSWORD }));
    expect(again.status).toBe(302);
    expect((await auditFor(fx.users.observer)).at(-1)!.action).toBe("user.reactivated");
  });

  it("does not let an admin deactivate themself", async () => {
    const before = await snapshot();
    const res = await edit(fx.users.admin, { intent: "deactivate", confirm: "on" });
    expect(res.status).toBe(400);
    expect(res.data.errors.confirm.key).toBe("admin.user.cannotDeactivateSelf");
    expect(await snapshot()).toEqual(before);
  });
});

describe("resetting a password", () => {
  it("refuses a short password and a mismatched confirmation, changing nothing", async () => {
    const before = await snapshot();
    const short = await edit(fx.users.staffB, { intent: "reset-password", password: "short", passwordConfirm: "short" });
    expect(short.status).toBe(400);
    expect(short.data.errors.password.key).toBe("validation.tooShort");
    expect(short.data.errors.password.params.min).toBe(10);
    const mismatch = await edit(fx.users.staffB, { intent: "reset-password", password: "mat-khau-moi-1", passwordConfirm: "mat-khau-moi-2" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.data.errors.passwordConfirm.key).toBe("admin.user.passwordMismatch");
    expect(mismatch.data.values.password).toBeUndefined();
    expect(mismatch.data.values.passwordConfirm).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it("ends the user's sessions; only the new password signs in", async () => {
    const cookie = await sessionCookieFor(fx.users.staffB);
    const res = await edit(fx.users.staffB, { intent: "reset-password", password: "mat-khau-moi-2026", passwordConfirm: "mat-khau-moi-2026" });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/admin/users/${fx.users.staffB}?saved=password`);
    expect(await signedIn(cookie)).toBeNull();
    expect(await verifyLogin("staff.b", TEST_PASSWORD)).toBeNull();
    expect(await verifyLogin("staff.b", "mat-khau-moi-2026")).not.toBeNull();
    const event = (await auditFor(fx.users.staffB)).at(-1)!;
    expect(event.action).toBe("user.password_reset");
    expect(event.after_json).not.toContain("scrypt");
  });
});

describe("a reset password is the administrator's, so it is temporary", () => {
  const flag = async (id: number) =>
    (await db().selectFrom("users").select("must_change_password").where("id", "=", id).executeTakeFirstOrThrow()).must_change_password;

  it("is held to the same strength rule as the user's own (not common, not the demo's, not the user name)", async () => {
    const before = await snapshot();
    for (const [password, key] of [
      ["1234567890", "account.password.common"],
      ["giaoban2023", "account.password.common"],
      ["Iloveyou2024", "account.password.common"],
      ["Head.B-2024", "account.password.personal"],
    ] as const) {
      const res = await edit(fx.users.headB, { intent: "reset-password", password, passwordConfirm: password });
      expect(res.status, password).toBe(400);
      expect(res.data.errors.password?.key, password).toBe(key);
      expect(res.data.values.password).toBeUndefined();
    }
    const created = await create({ ...newUser(), username: "mat.khau.yeu", email: "", password: "password1234" });
    expect(created.status).toBe(400);
    expect(created.data.errors.password.key).toBe("account.password.common");
    expect(await snapshot()).toEqual(before);
  });

  it("makes the user change it at the next sign-in, and says so on the page", async () => {
    expect(await flag(fx.users.headB)).toBe(0);
    const res = await edit(fx.users.headB, { intent: "reset-password", password: "Mat-khau-tam-thoi-2026", passwordConfirm: "Mat-khau-tam-thoi-2026" });
    expect(res.status).toBe(302);
    expect(await flag(fx.users.headB)).toBe(1);
    const page = await call(editLoader, await getRequest(`/admin/users/${fx.users.headB}`, fx.users.admin), { userId: String(fx.users.headB) });
    expect(page.data.account.must_change_password).toBe(1);
    const event = (await auditFor(fx.users.headB)).at(-1)!;
    expect(event.action).toBe("user.password_reset");
    expect(event.actor_user_id).toBe(fx.users.admin);
    expect(JSON.parse(event.after_json!)).toMatchObject({ must_change_password: 1 });
  });

  it("is not forced on an administrator who resets their own (nobody else knows it)", async () => {
    const res = await edit(fx.users.admin, { intent: "reset-password", password: "Quan-tri-mat-khau-rieng", passwordConfirm: "Quan-tri-mat-khau-rieng" });
    expect(res.status).toBe(302);
    expect(await flag(fx.users.admin)).toBe(0);
  });
});

describe("the user register", () => {
  const list = async (query: string) => call(listLoader, await getRequest(`/admin/users${query}`, fx.users.admin));
  const names = (res: { data: { page: { rows: Array<{ username: string }> } } }) => res.data.page.rows.map((r) => r.username);

  it("filters by role, agency and status, and searches names without diacritics", async () => {
    const all = await list("");
    expect(all.status).toBe(200);
    expect(all.data.page.total).toBe((await db().selectFrom("users").select("id").execute()).length);
    expect(names(await list("?role=chair"))).toEqual(["chair"]);
    const inA = names(await list(`?agency=${fx.agencyA}`));
    expect(inA).toContain("head.a");
    expect(inA).not.toContain("head.b");
    expect(names(await list("?active=0"))).toEqual(["inactive"]);
    expect(names(await list("?q=nguyen%20van%20an"))).toEqual(["nguyen.van.an"]);
    expect(names(await list("?q=dinh%20van%20dam"))).toEqual(["staff.b"]);
  });

  it("pages by 25 with the page in the URL", async () => {
    const at = new Date().toISOString();
    const hash = (await db().selectFrom("users").select("password_hash").where("id", "=", fx.users.admin).executeTakeFirstOrThrow()).password_hash;
    await db()
      .insertInto("users")
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          username: `bulk.${String(i).padStart(2, "0")}`,
          email: null,
          full_name: `Bulk ${i}`,
          title: null,
          password_hash: hash,
          role: "observer" as const,
          agency_id: null,
          updated_at: at,
        })),
      )
      .execute();
    const first = await list("?role=observer");
    expect(first.data.page.rows).toHaveLength(25);
    const second = await list("?role=observer&page=2");
    expect(second.data.page.page).toBe(2);
    expect(second.data.page.from).toBe(26);
    expect(names(second)).not.toContain(names(first)[0]);
  });
});

describe("who may use the user pages", () => {
  const roles = ["chair", "secretary", "headA", "staffA", "observer"] as const;
  const target = () => String(fx.users.staffA);
  const handlers = () => [
    { name: "list loader", run: (u?: number) => getRequest("/admin/users", u).then((r) => call(listLoader, r)) },
    { name: "new loader", run: (u?: number) => getRequest("/admin/users/new", u).then((r) => call(newLoader, r)) },
    {
      name: "new action",
      run: (u?: number) => postRequest("/admin/users/new", { ...newUser(), username: "intruder", email: "" }, u).then((r) => call(newAction, r)),
    },
    { name: "edit loader", run: (u?: number) => getRequest(`/admin/users/${target()}`, u).then((r) => call(editLoader, r, { userId: target() })) },
    {
      name: "edit action (deactivate)",
      run: (u?: number) =>
        postRequest(`/admin/users/${target()}`, { intent: "deactivate", confirm: "on" }, u).then((r) => call(editAction, r, { userId: target() })),
    },
    {
      name: "edit action (reset password)",
      run: (u?: number) =>
        postRequest(`/admin/users/${target()}`, { intent: "reset-password", password: "chiem-quyen-123", passwordConfirm: "chiem-quyen-123" }, u).then((r) =>
          call(editAction, r, { userId: target() }),
        ),
    },
  ];

  it("refuses every non-admin role with 403 on every loader and action, changing nothing", async () => {
    for (const role of roles) {
      for (const h of handlers()) {
        const before = await db().selectFrom("users").selectAll().orderBy("id").execute();
        const res = await h.run(fx.users[role]);
        expect(res.status, `${role} ${h.name}`).toBe(403);
        expect(await db().selectFrom("users").selectAll().orderBy("id").execute()).toEqual(before);
      }
    }
  });

  it("sends an anonymous visitor to sign in", async () => {
    for (const h of handlers()) {
      const res = await h.run(undefined);
      expect(res.status, h.name).toBe(302);
      expect(res.location, h.name).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("answers 404 for an unknown or non-numeric id", async () => {
    for (const userId of ["999999", "abc", "0"]) {
      const get = await call(editLoader, await getRequest(`/admin/users/${userId}`, fx.users.admin), { userId });
      expect(get.status, userId).toBe(404);
      const post = await call(editAction, await postRequest(`/admin/users/${userId}`, { intent: "deactivate", confirm: "on" }, fx.users.admin), { userId });
      expect(post.status, userId).toBe(404);
    }
  });
});
