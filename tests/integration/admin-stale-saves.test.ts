/**
 * Two administrators editing one record: the form carries the record's
 * `updated_at` as it was drawn, and a save from a form drawn before someone
 * else's save is refused (409) with a message, changing nothing; a save from
 * the form drawn anew goes through. For agencies, users and series alike.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as agencyAction, loader as agencyLoader } from "../../app/routes/admin.agencies.$agencyId";
import { action as seriesAction, loader as seriesLoader } from "../../app/routes/admin.series.$seriesId";
import { action as userAction, loader as userLoader } from "../../app/routes/admin.users.$userId";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;

beforeAll(async () => {
  fx = await seedFixture();
});

interface Case {
  name: string;
  table: "agencies" | "users" | "series";
  id: () => number;
  path: (id: number) => string;
  param: string;
  loader: any;
  action: any;
  /** The record's updated_at as the edit page draws it. */
  drawn: (data: any) => string;
  /** Two different saves of the details form. */
  first: () => Record<string, string>;
  second: () => Record<string, string>;
  /** The column the saves differ in, and the second save's value. */
  column: string;
  secondValue: string;
}

const CASES: Case[] = [
  {
    name: "an agency",
    table: "agencies",
    id: () => fx.agencyB,
    path: (id) => `/admin/agencies/${id}`,
    param: "agencyId",
    loader: agencyLoader,
    action: agencyAction,
    drawn: (d) => d.agency.updated_at,
    first: () => ({ intent: "save", code: "SB", nameVi: "UBND huyện Đầm Hà", nameEn: "Đầm Hà District", kind: "district", parentId: "" }),
    second: () => ({ intent: "save", code: "SB", nameVi: "UBND huyện Đầm Hà (sửa lần hai)", nameEn: "Đầm Hà District", kind: "district", parentId: "" }),
    column: "name_vi",
    secondValue: "UBND huyện Đầm Hà (sửa lần hai)",
  },
  {
    name: "a user",
    table: "users",
    id: () => fx.users.headA,
    path: (id) => `/admin/users/${id}`,
    param: "userId",
    loader: userLoader,
    action: userAction,
    drawn: (d) => d.account.updated_at,
    first: () => ({ intent: "save", fullName: "Trần Văn A", title: "", email: "head.a@example.test", role: "agency_head", agencyId: String(fx.agencyA) }),
    second: () => ({ intent: "save", fullName: "Trần Văn Á", title: "", email: "head.a@example.test", role: "agency_head", agencyId: String(fx.agencyA) }),
    column: "full_name",
    secondValue: "Trần Văn Á",
  },
  {
    name: "a series",
    table: "series",
    id: () => fx.seriesId,
    path: (id) => `/admin/series/${id}`,
    param: "seriesId",
    loader: seriesLoader,
    action: seriesAction,
    drawn: (d) => d.series.updated_at,
    first: () => ({
      intent: "save",
      nameVi: "Giao ban chuyển đổi số",
      nameEn: "Digital transformation briefing",
      issuingBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
      noticeSymbol: "TB-UBND",
    }),
    second: () => ({
      intent: "save",
      nameVi: "Giao ban chuyển đổi số tỉnh",
      nameEn: "Digital transformation briefing",
      issuingBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
      noticeSymbol: "TB-UBND",
    }),
    column: "name_vi",
    secondValue: "Giao ban chuyển đổi số tỉnh",
  },
];

const row = (c: Case) => getDb().selectFrom(c.table).selectAll().where("id", "=", c.id()).executeTakeFirstOrThrow();
const auditCount = async () =>
  Number(
    (
      await getDb()
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.each(CASES)("editing $name while someone else saves it", (c) => {
  const draw = async () => c.drawn((await call(c.loader, await getRequest(c.path(c.id()), fx.users.admin), { [c.param]: String(c.id()) })).data);
  const save = async (fields: Record<string, string>) =>
    call(c.action, await postRequest(c.path(c.id()), fields, fx.users.admin), { [c.param]: String(c.id()) });

  it("refuses the save of a form drawn before the other save, with a 409 that says so, and changes nothing", async () => {
    const mine = await draw();
    const theirs = await draw();
    // Someone saves first (the clock moves on so that their save has its own updated_at).
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await save({ ...c.first(), seen: theirs })).status).toBe(302);
    const saved = await row(c);
    const events = await auditCount();

    const res = await save({ ...c.second(), seen: mine });
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("admin.stale");
    // What was typed comes back, so nothing is lost.
    expect(res.data.values[c.column === "full_name" ? "fullName" : "nameVi"]).toBe(c.secondValue);
    expect(await row(c)).toEqual(saved);
    expect(await auditCount()).toBe(events);

    // Drawn anew, the same change goes through.
    const res2 = await save({ ...c.second(), seen: await draw() });
    expect(res2.status).toBe(302);
    expect((await row(c))[c.column as keyof Awaited<ReturnType<typeof row>>]).toBe(c.secondValue);
  });
});
