import { beforeAll, describe, expect, it } from "vitest";
import { loader as layoutLoader } from "../../app/routes/admin";
import { loader as overviewLoader } from "../../app/routes/admin._index";
import { loader as listLoader } from "../../app/routes/admin.agencies._index";
import { action as newAction, loader as newLoader } from "../../app/routes/admin.agencies.new";
import { action as editAction, loader as editLoader } from "../../app/routes/admin.agencies.$agencyId";
import { uniqueViolation } from "../../app/features/admin/db-errors.server";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();

/** Everything an agency form could change, to prove a refused POST changed nothing. */
async function snapshot() {
  const agencies = await db().selectFrom("agencies").selectAll().orderBy("id").execute();
  const audit = await db()
    .selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { agencies, audit: audit.n };
}

async function auditFor(entityId: number) {
  return db().selectFrom("audit_events").selectAll().where("entity_type", "=", "agency").where("entity_id", "=", entityId).orderBy("id").execute();
}

const valid = {
  code: "STTTT",
  nameVi: "Sở Thông tin và Truyền thông",
  nameEn: "Department of Information and Communications",
  kind: "department",
  parentId: "",
};

async function create(fields: Record<string, string>) {
  return call(newAction, await postRequest("/admin/agencies/new", fields, fx.users.admin));
}

async function edit(id: number, fields: Record<string, string>, as = fx.users.admin) {
  return call(editAction, await postRequest(`/admin/agencies/${id}`, fields, as), { agencyId: String(id) });
}

describe("creating an agency", () => {
  it("creates it, records an audit event, and redirects to it with a confirmation", async () => {
    const res = await create({ ...valid, code: "sttttt-1", nameVi: "  Sở Thông tin\u0301 " });
    expect(res.status).toBe(302);
    const row = await db().selectFrom("agencies").selectAll().where("code", "=", "STTTTT-1").executeTakeFirstOrThrow();
    expect(res.location).toBe(`/admin/agencies/${row.id}?saved=created`);
    // Codes are stored upper-case; text is trimmed and NFC.
    expect(row.code).toBe("STTTTT-1");
    expect(row.name_vi).toBe("Sở Thông tiń".normalize("NFC"));
    expect(row.active).toBe(1);
    const events = await auditFor(row.id);
    expect(events).toHaveLength(1);
    expect(events[0].action).toBe("agency.created");
    expect(events[0].actor_user_id).toBe(fx.users.admin);
    expect(JSON.parse(events[0].after_json!).code).toBe("STTTTT-1");
  });

  it("accepts an existing agency as parent", async () => {
    const res = await create({ ...valid, code: "TTPVHCC", parentId: String(fx.agencyA) });
    expect(res.status).toBe(302);
    const row = await db().selectFrom("agencies").select("parent_id").where("code", "=", "TTPVHCC").executeTakeFirstOrThrow();
    expect(row.parent_id).toBe(fx.agencyA);
  });

  it.each([
    ["missing names", { ...valid, code: "NEW1", nameVi: "", nameEn: "  " }, { nameVi: "validation.required", nameEn: "validation.required" }],
    ["a code already used, in another case", { ...valid, code: "sa" }, { code: "admin.agency.codeTaken" }],
    ["a code with spaces or diacritics", { ...valid, code: "SỞ TT" }, { code: "admin.agency.codeFormat" }],
    ["an unknown kind", { ...valid, code: "NEW2", kind: "ministry" }, { kind: "validation.invalidChoice" }],
    ["a parent that does not exist", { ...valid, code: "NEW3", parentId: "999999" }, { parentId: "admin.agency.parentMissing" }],
    ["a parent that is not an id", { ...valid, code: "NEW4", parentId: "abc" }, { parentId: "validation.invalidChoice" }],
  ])("refuses %s with 400, field errors, the typed values, and no change", async (_name, fields, expected) => {
    const before = await snapshot();
    const res = await create(fields);
    expect(res.status).toBe(400);
    for (const [field, key] of Object.entries(expected)) expect(res.data.errors[field]?.key, field).toBe(key);
    expect(res.data.values.nameVi).toBe(fields.nameVi);
    expect(await snapshot()).toEqual(before);
  });
});

describe("editing an agency", () => {
  it("saves the change with before and after in the audit history", async () => {
    const res = await edit(fx.agencyB, {
      intent: "save",
      code: "DAMHA",
      nameVi: "UBND huyện Đầm Hà",
      nameEn: "Đầm Hà District People's Committee",
      kind: "district",
      parentId: "",
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/admin/agencies/${fx.agencyB}?saved=updated`);
    const row = await db().selectFrom("agencies").selectAll().where("id", "=", fx.agencyB).executeTakeFirstOrThrow();
    expect(row.code).toBe("DAMHA");
    expect(row.kind).toBe("district");
    const [event] = (await auditFor(fx.agencyB)).filter((e) => e.action === "agency.updated");
    expect(JSON.parse(event.before_json!).code).toBe("SB");
    expect(JSON.parse(event.after_json!).code).toBe("DAMHA");
  });

  it("keeps its own code when only the case changes", async () => {
    const res = await edit(fx.agencyB, {
      intent: "save",
      code: "damha",
      nameVi: "UBND huyện Đầm Hà",
      nameEn: "Đầm Hà District",
      kind: "district",
      parentId: "",
    });
    expect(res.status).toBe(302);
  });

  it("shows the agency, its parent options without itself, and its history", async () => {
    const res = await call(editLoader, await getRequest(`/admin/agencies/${fx.agencyB}`, fx.users.admin), { agencyId: String(fx.agencyB) });
    expect(res.status).toBe(200);
    expect(res.data.agency.code).toBe("DAMHA");
    expect(res.data.parents.map((p: { id: number }) => p.id)).not.toContain(fx.agencyB);
    expect(res.data.history.map((h: { action: string }) => h.action)).toContain("agency.updated");
    expect(res.data.title).toContain("DAMHA");
  });

  it("refuses a parent cycle (A under B while B is under A), a self-parent, and a duplicate code", async () => {
    // B under A first, then try to put A under B.
    expect(
      (await edit(fx.agencyB, { intent: "save", code: "DAMHA", nameVi: "UBND huyện Đầm Hà", nameEn: "Đầm Hà", kind: "district", parentId: String(fx.agencyA) }))
        .status,
    ).toBe(302);
    const before = await snapshot();
    const base = { intent: "save", code: "SA", nameVi: "Sở Tài nguyên và Môi trường", nameEn: "DoNRE", kind: "department" };
    const cycle = await edit(fx.agencyA, { ...base, parentId: String(fx.agencyB) });
    expect(cycle.status).toBe(400);
    expect(cycle.data.errors.parentId.key).toBe("admin.agency.parentCycle");
    const self = await edit(fx.agencyA, { ...base, parentId: String(fx.agencyA) });
    expect(self.status).toBe(400);
    expect(self.data.errors.parentId.key).toBe("admin.agency.parentSelf");
    const dup = await edit(fx.agencyA, { ...base, code: "damha", parentId: "" });
    expect(dup.status).toBe(400);
    expect(dup.data.errors.code.key).toBe("admin.agency.codeTaken");
    expect(dup.data.values.code).toBe("damha");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a deeper cycle (grandchild as parent)", async () => {
    const c = await create({ ...valid, code: "GRANDCHILD", parentId: String(fx.agencyB) });
    expect(c.status).toBe(302);
    const grandchild = (await db().selectFrom("agencies").select("id").where("code", "=", "GRANDCHILD").executeTakeFirstOrThrow()).id;
    const before = await snapshot();
    const res = await edit(fx.agencyA, { intent: "save", code: "SA", nameVi: "Sở", nameEn: "Dept", kind: "department", parentId: String(grandchild) });
    expect(res.status).toBe(400);
    expect(res.data.errors.parentId.key).toBe("admin.agency.parentCycle");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an unknown or missing intent with 400 and no change", async () => {
    const before = await snapshot();
    for (const intent of ["delete", ""]) {
      const res = await edit(fx.agencyA, { intent, code: "ZZZ", nameVi: "x", nameEn: "x", kind: "other" });
      expect(res.status).toBe(400);
      expect(res.data.errors.intent.key).toBe("admin.unknownIntent");
    }
    const res = await edit(fx.agencyA, { code: "ZZZ", nameVi: "x", nameEn: "x", kind: "other" });
    expect(res.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe("deactivating and reactivating an agency", () => {
  it("requires the confirmation tick", async () => {
    const before = await snapshot();
    const res = await edit(fx.agencyA, { intent: "deactivate" });
    expect(res.status).toBe(400);
    expect(res.data.errors.confirm.key).toBe("admin.confirmRequired");
    expect(await snapshot()).toEqual(before);
  });

  it("deactivates and reactivates, each with an audit event", async () => {
    const off = await edit(fx.agencyA, { intent: "deactivate", confirm: "on" });
    expect(off.status).toBe(302);
    expect(off.location).toBe(`/admin/agencies/${fx.agencyA}?saved=deactivated`);
    expect((await db().selectFrom("agencies").select("active").where("id", "=", fx.agencyA).executeTakeFirstOrThrow()).active).toBe(0);

    // An inactive agency cannot be chosen as a new parent.
    const child = await create({ ...valid, code: "UNDER-INACTIVE", parentId: String(fx.agencyA) });
    expect(child.status).toBe(400);
    expect(child.data.errors.parentId.key).toBe("admin.agency.parentInactive");

    const on = await edit(fx.agencyA, { intent: "reactivate", confirm: "on" });
    expect(on.status).toBe(302);
    expect((await db().selectFrom("agencies").select("active").where("id", "=", fx.agencyA).executeTakeFirstOrThrow()).active).toBe(1);
    const actions = (await auditFor(fx.agencyA)).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["agency.deactivated", "agency.reactivated"]);
  });
});

describe("the agency register", () => {
  const list = async (query: string) => call(listLoader, await getRequest(`/admin/agencies${query}`, fx.users.admin));

  it("lists agencies with counts, filters by kind and status, and searches without diacritics", async () => {
    const all = await list("");
    expect(all.status).toBe(200);
    const total = (await db().selectFrom("agencies").select("id").execute()).length;
    expect(all.data.page.total).toBe(total);
    expect(all.data.counts.all).toBe(total);

    const districts = await list("?kind=district");
    expect(districts.data.page.rows.map((r: { code: string }) => r.code)).toEqual(["DAMHA"]);

    const search = await list("?q=dam%20ha");
    expect(search.data.page.rows.map((r: { code: string }) => r.code)).toEqual(["DAMHA"]);
    const byCode = await list("?q=sa");
    expect(byCode.data.page.rows.map((r: { code: string }) => r.code)).toContain("SA");

    await edit(fx.agencyB, { intent: "deactivate", confirm: "on" });
    const inactive = await list("?active=0");
    expect(inactive.data.page.rows.map((r: { code: string }) => r.code)).toEqual(["DAMHA"]);
    const active = await list("?active=1");
    expect(active.data.page.rows.map((r: { code: string }) => r.code)).not.toContain("DAMHA");
    await edit(fx.agencyB, { intent: "reactivate", confirm: "on" });
  });

  it("pages by 25, keeps the page in the URL and clamps a page past the end", async () => {
    const at = new Date().toISOString();
    await db()
      .insertInto("agencies")
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          code: `BULK-${String(i).padStart(2, "0")}`,
          name_vi: `Đơn vị ${i}`,
          name_en: `Unit ${i}`,
          kind: "other" as const,
          parent_id: null,
          updated_at: at,
        })),
      )
      .execute();
    const first = await list("?kind=other");
    expect(first.data.page.rows).toHaveLength(25);
    expect(first.data.page.pages).toBe(2);
    const second = await list("?kind=other&page=2");
    expect(second.data.page.page).toBe(2);
    expect(second.data.page.rows).toHaveLength(first.data.page.total - 25);
    expect(second.data.page.rows[0].code).not.toBe(first.data.page.rows[0].code);
    const past = await list("?kind=other&page=99");
    expect(past.data.page.page).toBe(2);
    const junk = await list("?kind=nonsense&page=-3");
    expect(junk.data.page.page).toBe(1);
    expect(junk.data.filters.kind).toBeNull();
  });
});

describe("who may use the agency pages", () => {
  const roles = ["chair", "secretary", "headA", "staffA", "observer"] as const;
  const id = () => String(fx.agencyA);
  const handlers = () => [
    { name: "layout loader", run: (u?: number) => getRequest("/admin", u).then((r) => call(layoutLoader, r)) },
    { name: "overview loader", run: (u?: number) => getRequest("/admin", u).then((r) => call(overviewLoader, r)) },
    { name: "list loader", run: (u?: number) => getRequest("/admin/agencies", u).then((r) => call(listLoader, r)) },
    { name: "new loader", run: (u?: number) => getRequest("/admin/agencies/new", u).then((r) => call(newLoader, r)) },
    { name: "new action", run: (u?: number) => postRequest("/admin/agencies/new", { ...valid, code: "HACK" }, u).then((r) => call(newAction, r)) },
    { name: "edit loader", run: (u?: number) => getRequest(`/admin/agencies/${id()}`, u).then((r) => call(editLoader, r, { agencyId: id() })) },
    {
      name: "edit action",
      run: (u?: number) =>
        postRequest(`/admin/agencies/${id()}`, { intent: "deactivate", confirm: "on" }, u).then((r) => call(editAction, r, { agencyId: id() })),
    },
  ];

  it("refuses every non-admin role with 403 on every loader and action, changing nothing", async () => {
    const before = await snapshot();
    for (const role of roles) {
      for (const h of handlers()) {
        const res = await h.run(fx.users[role]);
        expect(res.status, `${role} ${h.name}`).toBe(403);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("sends an anonymous visitor to sign in", async () => {
    for (const h of handlers()) {
      const res = await h.run(undefined);
      expect(res.status, h.name).toBe(302);
      expect(res.location, h.name).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("answers 404 for an unknown or non-numeric id, on the loader and the action", async () => {
    for (const agencyId of ["999999", "abc", "1.5", "0", "-1"]) {
      const get = await call(editLoader, await getRequest(`/admin/agencies/${agencyId}`, fx.users.admin), { agencyId });
      expect(get.status, agencyId).toBe(404);
      const post = await call(editAction, await postRequest(`/admin/agencies/${agencyId}`, { intent: "deactivate", confirm: "on" }, fx.users.admin), {
        agencyId,
      });
      expect(post.status, agencyId).toBe(404);
    }
  });
});

describe("uniqueViolation", () => {
  it("names the column of a real SQLite unique error and ignores other errors", async () => {
    const at = new Date().toISOString();
    const err = await db()
      .insertInto("agencies")
      .values({ code: "sa", name_vi: "x", name_en: "x", kind: "other", parent_id: null, updated_at: at })
      .execute()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(uniqueViolation(err)).toBe("agencies.code");
    expect(uniqueViolation(new Error("boom"))).toBeNull();
  });
});
