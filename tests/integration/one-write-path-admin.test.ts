/**
 * The administration and the account on the one write path (ADR 22): a
 * create form sent twice with its one-time key is stored once, and the
 * second answer is the first one's redirect; a refused form changes nothing
 * and leaves its key unspent; a new calendar address is never kept with a
 * form key.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as accountAction } from "../../app/routes/account";
import { action as newAgency } from "../../app/routes/admin.agencies.new";
import { action as editSeries } from "../../app/routes/admin.series.$seriesId";
import { action as newSeries } from "../../app/routes/admin.series.new";
import { action as editUser, loader as userLoader } from "../../app/routes/admin.users.$userId";
import { action as newUser } from "../../app/routes/admin.users.new";
import { refusingClashes } from "../../app/features/admin/db-errors.server";
import { recordAudit } from "../../app/utils/audit.server";
import { getDb } from "../../app/utils/db.server";
import { write } from "../../app/utils/write.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();
type Handler = Parameters<typeof call>[0];

const auditCount = async () =>
  Number(
    (
      await db()
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const keyStored = async (key: string) => (await db().selectFrom("form_submissions").where("key", "=", key).select("key").execute()).length > 0;

const agencyFields = (code: string, extra: Record<string, string> = {}) => ({
  code,
  nameVi: "Sở Khoa học và Công nghệ",
  nameEn: "Department of Science and Technology",
  kind: "department",
  parentId: "",
  ...extra,
});
const seriesFields = (code: string, extra: Record<string, string> = {}) => ({
  code,
  nameVi: "Giao ban cải cách hành chính",
  nameEn: "Administrative reform briefing",
  issuingBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
  noticeSymbol: "TB-UBND",
  ...extra,
});
const userFields = (username: string, extra: Record<string, string> = {}) => ({
  username,
  fullName: "Lê Thị Hoa",
  title: "",
  email: "",
  role: "agency_staff",
  agencyId: String(fx.agencyA),
  password: "mot-mat-khau-du-dai",
  ...extra,
});

const agencies = (code: string) => db().selectFrom("agencies").where("code", "=", code).select("id").execute();
const series = (code: string) => db().selectFrom("series").where("code", "=", code).select("id").execute();
const users = (username: string) => db().selectFrom("users").where("username", "=", username).select("id").execute();

/** The administration's create forms: where each posts, its fields, and the rows a code or name finds. */
const CREATE_FORMS = [
  { name: "an agency", handler: newAgency as Handler, path: "/admin/agencies/new", fields: agencyFields, rows: agencies, taken: "SA" },
  { name: "a series", handler: newSeries as Handler, path: "/admin/series/new", fields: seriesFields, rows: series, taken: "CDS" },
  { name: "an account", handler: newUser as Handler, path: "/admin/users/new", fields: userFields, rows: users, taken: "head.a" },
];

describe.each(CREATE_FORMS)("the form that creates $name", (form) => {
  const post = async (fields: Record<string, string>) => call(form.handler, await postRequest(form.path, fields, fx.users.admin));
  const unique = `key-${form.name.split(" ")[1]}`;

  it("sent twice with its key, is stored once, and the second answer is the first one's redirect", async () => {
    const fields = form.fields(unique, { _key: `${unique}.twice` });
    const first = await post(fields);
    expect(first.status).toBe(302);
    const events = await auditCount();
    const again = await post(fields);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await form.rows(unique)).toHaveLength(1);
    expect(await auditCount()).toBe(events);
  });

  it("refused (400: the code or name is taken) stores nothing, records nothing, and the corrected form with the same key is stored", async () => {
    const key = `${unique}.refused`;
    const rows = (await form.rows(form.taken)).length;
    const events = await auditCount();
    const refused = await post(form.fields(form.taken, { _key: key }));
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.data.errors)).toEqual([form.name === "an account" ? "username" : "code"]);
    expect(await form.rows(form.taken)).toHaveLength(rows);
    expect(await auditCount()).toBe(events);
    expect(await keyStored(key)).toBe(false);

    const corrected = await post(form.fields(`${unique}-2`, { _key: key }));
    expect(corrected.status).toBe(302);
    expect(await form.rows(`${unique}-2`)).toHaveLength(1);
  });
});

describe("a seat in a series", () => {
  it("added twice with its key, is taken once, and the second answer is the first one's redirect", async () => {
    const made = await call(newSeries, await postRequest("/admin/series/new", seriesFields("GHE"), fx.users.admin));
    const seriesId = made.location!.match(/\/admin\/series\/(\d+)/)![1];
    const add = async () =>
      call(
        editSeries,
        await postRequest(
          `/admin/series/${seriesId}`,
          { intent: "add-member", seat: "chair", userId: String(fx.users.chair), _key: "seat-add.r1" },
          fx.users.admin,
        ),
        { seriesId },
      );
    const first = await add();
    const events = await auditCount();
    const again = await add();
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await db().selectFrom("series_members").where("series_id", "=", Number(seriesId)).select("user_id").execute()).toEqual([
      { user_id: fx.users.chair },
    ]);
    expect(await auditCount()).toBe(events);
  });
});

describe("a save over someone else's", () => {
  it("is refused with 409, changes nothing and records nothing", async () => {
    const page = await call(userLoader, await getRequest(`/admin/users/${fx.users.staffB}`, fx.users.admin), { userId: String(fx.users.staffB) });
    const row = () => db().selectFrom("users").selectAll().where("id", "=", fx.users.staffB).executeTakeFirstOrThrow();
    const before = await row();
    const events = await auditCount();
    const res = await call(
      editUser,
      await postRequest(
        `/admin/users/${fx.users.staffB}`,
        {
          intent: "save",
          seen: "2000-01-01T00:00:00.000Z",
          fullName: "Tên đã đổi",
          title: "",
          email: "",
          role: "agency_staff",
          agencyId: String(fx.agencyB),
          _key: "stale-save.r1",
        },
        fx.users.admin,
      ),
      { userId: String(fx.users.staffB) },
    );
    expect(page.data.account.updated_at).not.toBe("2000-01-01T00:00:00.000Z");
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("admin.stale");
    expect(res.data.values.fullName).toBe("Tên đã đổi");
    expect(await row()).toEqual(before);
    expect(await auditCount()).toBe(events);
    expect(await keyStored("stale-save.r1")).toBe(false);
  });
});

describe("a unique constraint the checks did not see", () => {
  it("is refused as the field it concerns, and the change is rolled back with its audit event", async () => {
    const events = await auditCount();
    const outcome = await refusingClashes(
      write({ id: fx.users.admin }, async (trx) => {
        await recordAudit(trx, { actorUserId: fx.users.admin, action: "agency.created", entityType: "agency", entityId: null });
        await trx
          .insertInto("agencies")
          .values({ code: "SA", name_vi: "Trùng mã", name_en: "Same code", kind: "other", parent_id: null, updated_at: "2026-01-01T00:00:00.000Z" })
          .execute();
      }),
      { "agencies.code": { code: { key: "admin.agency.codeTaken" } } },
    );
    expect(outcome).toEqual({ ok: false, status: 400, errors: { code: { key: "admin.agency.codeTaken" } } });
    expect(await agencies("SA")).toHaveLength(1);
    expect(await auditCount()).toBe(events);
  });
});

describe("a new calendar address", () => {
  it("is never kept with a form key: the key is ignored, and the same form sent again is refused as stale", async () => {
    const fields = { intent: "generate", current: "none", _key: "calendar-new.r1" };
    const first = await call(accountAction, await postRequest("/account", fields, fx.users.observer));
    expect(first.status).toBe(200);
    const token = /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(first.data.url)![1];
    const stored = await db().selectFrom("form_submissions").select("result").execute();
    expect(stored.some((s) => s.result.includes(token))).toBe(false);
    expect(await keyStored("calendar-new.r1")).toBe(false);
    const again = await call(accountAction, await postRequest("/account", fields, fx.users.observer));
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe("calendar.stale");
    expect(await db().selectFrom("calendar_tokens").where("user_id", "=", fx.users.observer).select("id").execute()).toHaveLength(1);
  });
});
