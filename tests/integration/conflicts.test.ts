import { beforeAll, describe, expect, it } from "vitest";
import { action as agendaAction } from "../../app/routes/meetings.$meetingId._index";
import { action as sessionAction, loader as sessionLoader } from "../../app/routes/meetings.$meetingId.session";
import { getDb } from "../../app/utils/db.server";
import { cheapHash, seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
let secretary2: number;
let meetingId: number;
let itemId: number;

beforeAll(async () => {
  fx = await seedFixture();
  const db = getDb();
  const at = new Date().toISOString();
  secretary2 = (
    await db
      .insertInto("users")
      .values({
        username: "secretary2",
        email: null,
        full_name: "Thư ký hai",
        title: null,
        password_hash: await cheapHash(),
        role: "secretary",
        agency_id: null,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await db.insertInto("series_members").values({ series_id: fx.seriesId, user_id: secretary2, role: "secretary" }).execute();
  meetingId = (
    await db
      .insertInto("meetings")
      .values({
        series_id: fx.seriesId,
        period: "2023-04",
        title: "Giao ban tháng 4/2023",
        starts_at: "2023-04-07T01:00:00.000Z",
        place: "Hạ Long",
        cutoff_at: "2023-04-03T10:00:00.000Z",
        status: "in_session",
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  itemId = (
    await db
      .insertInto("agenda_items")
      .values({
        meeting_id: meetingId,
        position: 1,
        kind: "other",
        title: "Dữ liệu đất đai",
        blocker_id: null,
        task_id: null,
        carried_from_item_id: null,
        presenter_agency_id: fx.agencyA,
        minutes: 10,
        source: "manual",
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});

const params = () => ({ meetingId: String(meetingId) });
const save = async (userId: number, body: string, version: number) =>
  call(
    sessionAction,
    await postRequest(`/meetings/${meetingId}/session`, { intent: "conclude", itemId: String(itemId), body, version: String(version) }, userId),
    params(),
  );
const stored = () => getDb().selectFrom("conclusions").where("agenda_item_id", "=", itemId).selectAll().executeTakeFirst();

describe("two secretaries editing the same conclusion", () => {
  it("both start from an empty conclusion: the first save wins, the second gets 409 with both texts", async () => {
    const first = await save(fx.users.secretary, "Giao Sở TN&MT chủ trì số hóa dữ liệu đất đai.", 0);
    expect(first.status).toBe(302);
    const second = await save(secretary2, "Giao Sở TN&MT hoàn thành trong quý II.", 0);
    expect(second.status).toBe(409);
    expect(second.data.formError).toBe("session.conflict");
    expect(second.data.detail).toEqual({ current: "Giao Sở TN&MT chủ trì số hóa dữ liệu đất đai.", version: 1 });
    expect(second.data.values.body).toBe("Giao Sở TN&MT hoàn thành trong quý II.");
    expect((await stored())?.body).toBe("Giao Sở TN&MT chủ trì số hóa dữ liệu đất đai.");
  });

  it("both edit version 1: the later save is refused and nothing is lost; saving over the current version then works", async () => {
    const page = await call(sessionLoader, await getRequest(`/meetings/${meetingId}/session`, secretary2), params());
    const version = page.data.items[0].conclusionVersion;
    expect(version).toBe(1);
    expect((await save(fx.users.secretary, "Bản của thư ký một.", version)).status).toBe(302);
    const late = await save(secretary2, "Bản của thư ký hai.", version);
    expect(late.status).toBe(409);
    expect(late.data.detail.current).toBe("Bản của thư ký một.");
    expect((await stored())?.body).toBe("Bản của thư ký một.");

    const merged = await save(secretary2, "Bản của thư ký một; bổ sung của thư ký hai.", late.data.detail.version);
    expect(merged.status).toBe(302);
    expect(await stored()).toMatchObject({ body: "Bản của thư ký một; bổ sung của thư ký hai.", version: 3 });
    const edits = await getDb().selectFrom("audit_events").where("entity_type", "=", "conclusion").select("action").execute();
    expect(edits.map((e) => e.action)).toEqual(["conclusion.recorded", "conclusion.edited", "conclusion.edited"]);
  });
});

describe("two secretaries editing the same agenda item", () => {
  it("the second edit made from the old version is refused with 409 and changes nothing", async () => {
    const db = getDb();
    const at = new Date().toISOString();
    const draftMeeting = (
      await db
        .insertInto("meetings")
        .values({
          series_id: fx.seriesId,
          period: "2023-05",
          title: "Giao ban tháng 5/2023",
          starts_at: "2023-05-09T01:00:00.000Z",
          place: "Hạ Long",
          cutoff_at: "2023-05-04T10:00:00.000Z",
          status: "open",
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const item = await db
      .insertInto("agenda_items")
      .values({
        meeting_id: draftMeeting,
        position: 1,
        kind: "report",
        title: "Báo cáo DTI",
        blocker_id: null,
        task_id: null,
        carried_from_item_id: null,
        presenter_agency_id: null,
        minutes: 10,
        source: "manual",
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const edit = async (userId: number, minutes: string) =>
      call(
        agendaAction,
        await postRequest(
          `/meetings/${draftMeeting}`,
          { intent: "edit", itemId: String(item.id), minutes, presenterAgencyId: "", version: String(item.version) },
          userId,
        ),
        { meetingId: String(draftMeeting) },
      );
    expect((await edit(fx.users.secretary, "15")).status).toBe(302);
    const late = await edit(secretary2, "30");
    expect(late.status).toBe(409);
    expect(late.data.messageKey).toBe("agenda.conflict");
    expect(await db.selectFrom("agenda_items").where("id", "=", item.id).select(["minutes", "version"]).executeTakeFirstOrThrow()).toEqual({
      minutes: 15,
      version: 2,
    });
  });
});

describe("two people of one agency editing the same blocker", () => {
  it("the edit made from an old version answers 409, keeps the typed text and changes nothing", async () => {
    const { action: blockerAction } = await import("../../app/routes/blockers.$blockerId");
    const db = getDb();
    const at = new Date().toISOString();
    const b = await db
      .insertInto("blockers")
      .values({
        series_id: fx.seriesId,
        agency_id: fx.agencyA,
        meeting_id: null,
        title: "Thiếu máy chủ",
        description: "Mô tả",
        pillar: "infrastructure",
        severity: "medium",
        help_agency_id: null,
        proposal: "Đề xuất",
        plan_target: null,
        created_by: fx.users.staffA,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const edit = async (userId: number, title: string) =>
      call(
        blockerAction,
        await postRequest(
          `/blockers/${b.id}?edit`,
          { intent: "edit", title, description: "Mô tả", pillar: "infrastructure", severity: "medium", proposal: "Đề xuất", version: String(b.version) },
          userId,
        ),
        { blockerId: String(b.id) },
      );
    expect((await edit(fx.users.staffA, "Thiếu máy chủ cho cơ sở dữ liệu đất đai")).status).toBe(302);
    const late = await edit(fx.users.headA, "Thiếu máy chủ và đường truyền");
    expect(late.status).toBe(409);
    expect(late.data.values.title).toBe("Thiếu máy chủ và đường truyền");
    expect(await db.selectFrom("blockers").where("id", "=", b.id).select(["title", "version"]).executeTakeFirstOrThrow()).toEqual({
      title: "Thiếu máy chủ cho cơ sở dữ liệu đất đai",
      version: 2,
    });
  });
});
