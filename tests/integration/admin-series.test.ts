import { beforeAll, describe, expect, it } from "vitest";
import { loader as listLoader } from "../../app/routes/admin.series._index";
import { action as newAction, loader as newLoader } from "../../app/routes/admin.series.new";
import { action as editAction, loader as editLoader } from "../../app/routes/admin.series.$seriesId";
import { getSessionUser } from "../../app/utils/auth.server";
import { getDb } from "../../app/utils/db.server";
import { cheapHash, seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest, sessionCookieFor } from "../helpers/requests";

let fx: Fixture;
let chair2: number;
beforeAll(async () => {
  fx = await seedFixture();
  chair2 = (
    await getDb()
      .insertInto("users")
      .values({
        username: "chair2",
        email: null,
        full_name: "Phó Chủ tịch",
        title: null,
        password_hash: await cheapHash(),
        role: "chair",
        agency_id: null,
        updated_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});

const db = () => getDb();

async function snapshot() {
  const series = await db().selectFrom("series").selectAll().orderBy("id").execute();
  const members = await db().selectFrom("series_members").selectAll().orderBy("series_id").orderBy("user_id").orderBy("role").execute();
  const agencies = await db().selectFrom("series_agencies").selectAll().orderBy("series_id").orderBy("agency_id").execute();
  const audit = await db()
    .selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { series, members, agencies, audit: audit.n };
}

const lastAudit = () => db().selectFrom("audit_events").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();

async function edit(fields: Record<string, string | string[]>, as = fx.users.admin, id = fx.seriesId) {
  return call(editAction, await postRequest(`/admin/series/${id}`, fields, as), { seriesId: String(id) });
}

const seats = async () =>
  (await db().selectFrom("series_members").select(["user_id", "role"]).where("series_id", "=", fx.seriesId).execute())
    .map((m) => `${m.user_id}:${m.role}`)
    .sort();

const details = {
  intent: "save",
  nameVi: "Giao ban chuyển đổi số hàng tháng",
  nameEn: "Monthly digital transformation briefing",
  issuingBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
  noticeSymbol: "tb-ubnd",
};

describe("series details", () => {
  it("lists the series with its chair and counts", async () => {
    const res = await call(listLoader, await getRequest("/admin/series", fx.users.admin));
    expect(res.status).toBe(200);
    expect(res.data.series).toHaveLength(1);
    expect(res.data.series[0]).toMatchObject({ code: "CDS", secretary_count: 1, agency_count: 2, meeting_count: 0, chairs: ["Người dùng chair"] });
  });

  it("saves names, issuing body and notice symbol, audited", async () => {
    const res = await edit(details);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/admin/series/${fx.seriesId}?saved=updated`);
    const row = await db().selectFrom("series").selectAll().where("id", "=", fx.seriesId).executeTakeFirstOrThrow();
    expect(row.name_vi).toBe("Giao ban chuyển đổi số hàng tháng");
    expect(row.notice_symbol).toBe("TB-UBND");
    const event = await lastAudit();
    expect(event).toMatchObject({ action: "series.updated", entity_type: "series", entity_id: fx.seriesId, actor_user_id: fx.users.admin });
    expect(JSON.parse(event.before_json!).name_vi).toBe("Giao ban chuyển đổi số");
  });

  it("refuses missing names, a malformed symbol and an unknown intent with 400 and no change", async () => {
    const before = await snapshot();
    const missing = await edit({ ...details, nameVi: "", issuingBody: " " });
    expect(missing.status).toBe(400);
    expect(missing.data.errors.nameVi.key).toBe("validation.required");
    expect(missing.data.errors.issuingBody.key).toBe("validation.required");
    expect(missing.data.values.nameEn).toBe(details.nameEn);
    const symbol = await edit({ ...details, noticeSymbol: "TB UBND/" });
    expect(symbol.status).toBe(400);
    expect(symbol.data.errors.noticeSymbol.key).toBe("admin.series.symbolFormat");
    const unknown = await edit({ ...details, intent: "archive" });
    expect(unknown.status).toBe(400);
    expect(unknown.data.errors.intent.key).toBe("admin.unknownIntent");
    expect(await snapshot()).toEqual(before);
  });

  it("creates a series; a duplicate code is a field error", async () => {
    const fields = {
      code: "kt-xh",
      nameVi: "Giao ban kinh tế - xã hội",
      nameEn: "Socio-economic briefing",
      issuingBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
      noticeSymbol: "TB-UBND",
    };
    const res = await call(newAction, await postRequest("/admin/series/new", fields, fx.users.admin));
    expect(res.status).toBe(302);
    const row = await db().selectFrom("series").selectAll().where("code", "=", "KT-XH").executeTakeFirstOrThrow();
    expect(res.location).toBe(`/admin/series/${row.id}?saved=created`);
    expect((await lastAudit()).action).toBe("series.created");
    const before = await snapshot();
    const dup = await call(newAction, await postRequest("/admin/series/new", { ...fields, code: "cds" }, fx.users.admin));
    expect(dup.status).toBe(400);
    expect(dup.data.errors.code.key).toBe("admin.series.codeTaken");
    expect(await snapshot()).toEqual(before);
  });
});

describe("chairs and secretaries", () => {
  it("adds a second chair, which gives that user chair rights in the series", async () => {
    const res = await edit({ intent: "add-member", userId: String(chair2), seat: "chair" });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/admin/series/${fx.seriesId}?saved=member-added`);
    expect(await seats()).toContain(`${chair2}:chair`);
    const event = await lastAudit();
    expect(event.action).toBe("series.member_added");
    expect(JSON.parse(event.after_json!)).toMatchObject({ user_id: chair2, role: "chair", full_name: "Phó Chủ tịch" });
    const cookie = await sessionCookieFor(chair2);
    const me = await getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } }));
    expect(me?.seriesRoles).toEqual([expect.objectContaining({ seriesId: fx.seriesId, role: "chair" })]);
  });

  it("refuses a seat that does not match the account's role, an inactive user, a duplicate, and a bad seat", async () => {
    const before = await snapshot();
    const wrongRole = await edit({ intent: "add-member", userId: String(fx.users.headA), seat: "secretary" });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.data.errors.userId.key).toBe("admin.series.notA.secretary");
    const inactive = await edit({ intent: "add-member", userId: String(fx.users.inactive), seat: "chair" });
    expect(inactive.status).toBe(400);
    expect(inactive.data.errors.userId.key).toBe("admin.series.memberInactive");
    const dup = await edit({ intent: "add-member", userId: String(fx.users.chair), seat: "chair" });
    expect(dup.status).toBe(400);
    expect(dup.data.errors.userId.key).toBe("admin.series.alreadyMember");
    const badSeat = await edit({ intent: "add-member", userId: String(fx.users.chair), seat: "observer" });
    expect(badSeat.status).toBe(400);
    expect(badSeat.data.errors.seat.key).toBe("validation.invalidChoice");
    const noUser = await edit({ intent: "add-member", userId: "", seat: "chair" });
    expect(noUser.status).toBe(400);
    expect(noUser.data.errors.userId).toBeDefined();
    expect(await snapshot()).toEqual(before);
  });

  it("removes a member, audited, but never the last chair", async () => {
    const res = await edit({ intent: "remove-member", userId: String(chair2), seat: "chair" });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/admin/series/${fx.seriesId}?saved=member-removed`);
    expect(await seats()).not.toContain(`${chair2}:chair`);
    expect((await lastAudit()).action).toBe("series.member_removed");

    const before = await snapshot();
    const last = await edit({ intent: "remove-member", userId: String(fx.users.chair), seat: "chair" });
    expect(last.status).toBe(400);
    expect(last.data.errors.userId.key).toBe("admin.series.lastChair");
    const notThere = await edit({ intent: "remove-member", userId: String(fx.users.observer), seat: "secretary" });
    expect(notThere.status).toBe(400);
    expect(notThere.data.errors.userId.key).toBe("admin.series.notMember");
    expect(await snapshot()).toEqual(before);

    const secretary = await edit({ intent: "remove-member", userId: String(fx.users.secretary), seat: "secretary" });
    expect(secretary.status).toBe(302);
    expect(await seats()).toEqual([`${fx.users.chair}:chair`]);
  });
});

describe("member agencies", () => {
  const members = async () =>
    (await db().selectFrom("series_agencies").select("agency_id").where("series_id", "=", fx.seriesId).execute()).map((r) => r.agency_id).sort();

  it("replaces the member agencies with the ticked ones, audited with what was added and removed", async () => {
    const res = await edit({ intent: "set-agencies", agencyId: [String(fx.agencyA)] });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/admin/series/${fx.seriesId}?saved=agencies`);
    expect(await members()).toEqual([fx.agencyA]);
    const event = await lastAudit();
    expect(event.action).toBe("series.agencies_changed");
    expect(JSON.parse(event.after_json!)).toMatchObject({ added: [], removed: [fx.agencyB] });

    expect((await edit({ intent: "set-agencies" })).status).toBe(302);
    expect(await members()).toEqual([]);
    expect((await edit({ intent: "set-agencies", agencyId: [String(fx.agencyB), String(fx.agencyA)] })).status).toBe(302);
    expect(await members()).toEqual([fx.agencyA, fx.agencyB].sort());
  });

  it("refuses an unknown or inactive agency and changes nothing", async () => {
    const at = new Date().toISOString();
    const closed = (
      await db()
        .insertInto("agencies")
        .values({ code: "CLOSED", name_vi: "Đã giải thể", name_en: "Dissolved", kind: "other", parent_id: null, active: 0, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const before = await snapshot();
    for (const ids of [[String(fx.agencyA), "999999"], [String(fx.agencyA), String(closed)], ["abc"]]) {
      const res = await edit({ intent: "set-agencies", agencyId: ids });
      expect(res.status, ids.join(",")).toBe(400);
      expect(res.data.errors.agencyId, ids.join(",")).toBeDefined();
    }
    expect(await snapshot()).toEqual(before);
  });

  it("shows the page with members, candidates and history", async () => {
    const res = await call(editLoader, await getRequest(`/admin/series/${fx.seriesId}`, fx.users.admin), { seriesId: String(fx.seriesId) });
    expect(res.status).toBe(200);
    expect(res.data.series.members.map((m: { username: string }) => m.username)).toEqual(["chair"]);
    expect(res.data.candidates.map((c: { username: string }) => c.username).sort()).toEqual(["chair", "chair2", "secretary"]);
    expect(res.data.history.map((h: { action: string }) => h.action)).toContain("series.agencies_changed");
  });
});

describe("who may use the series pages", () => {
  const roles = ["chair", "secretary", "headA", "staffA", "observer"] as const;
  const id = () => String(fx.seriesId);
  const handlers = () => [
    { name: "list loader", run: (u?: number) => getRequest("/admin/series", u).then((r) => call(listLoader, r)) },
    { name: "new loader", run: (u?: number) => getRequest("/admin/series/new", u).then((r) => call(newLoader, r)) },
    {
      name: "new action",
      run: (u?: number) =>
        postRequest("/admin/series/new", { code: "HACK", nameVi: "x", nameEn: "x", issuingBody: "x", noticeSymbol: "TB" }, u).then((r) => call(newAction, r)),
    },
    { name: "edit loader", run: (u?: number) => getRequest(`/admin/series/${id()}`, u).then((r) => call(editLoader, r, { seriesId: id() })) },
    {
      name: "edit action (add member)",
      run: (u?: number) =>
        postRequest(`/admin/series/${id()}`, { intent: "add-member", userId: String(chair2), seat: "chair" }, u).then((r) =>
          call(editAction, r, { seriesId: id() }),
        ),
    },
    {
      name: "edit action (save)",
      run: (u?: number) => postRequest(`/admin/series/${id()}`, details, u).then((r) => call(editAction, r, { seriesId: id() })),
    },
  ];

  it("refuses every non-admin role with 403 on every loader and action — even the series' own chair — changing nothing", async () => {
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

  it("answers 404 for an unknown or non-numeric id", async () => {
    for (const seriesId of ["999999", "cds", "1e3"]) {
      const get = await call(editLoader, await getRequest(`/admin/series/${seriesId}`, fx.users.admin), { seriesId });
      expect(get.status, seriesId).toBe(404);
      const post = await call(editAction, await postRequest(`/admin/series/${seriesId}`, details, fx.users.admin), { seriesId });
      expect(post.status, seriesId).toBe(404);
    }
  });
});
