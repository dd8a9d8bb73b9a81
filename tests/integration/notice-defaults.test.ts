import { beforeAll, describe, expect, it } from "vitest";
import { action as seriesAction } from "../../app/routes/admin.series.$seriesId";
import { action as noticeAction } from "../../app/routes/meetings.$meetingId.notice";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

describe("a series' notice defaults", () => {
  it("the admin sets the standing recipients and signature; a new draft notice starts from them", async () => {
    const saved = await call(
      seriesAction,
      await postRequest(
        `/admin/series/${fx.seriesId}`,
        {
          intent: "save",
          nameVi: "Giao ban chuyển đổi số",
          nameEn: "Digital transformation briefing",
          issuingBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
          noticeSymbol: "TB-UBND",
          standingRecipients: "- Thường trực Tỉnh ủy;\n- Chủ tịch UBND tỉnh;",
          archiveLine: "- Lưu: VT, KSTT.",
          signerAuthority: "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG",
          signerTitle: "PHÓ CHÁNH VĂN PHÒNG",
          signerName: "Phạm Văn Ký",
        },
        fx.users.admin,
      ),
      { seriesId: String(fx.seriesId) },
    );
    expect(saved.status).toBe(302);

    const db = getDb();
    const at = new Date().toISOString();
    const meetingId = (
      await db
        .insertInto("meetings")
        .values({
          series_id: fx.seriesId,
          period: "2023-04",
          title: "Giao ban tháng 4/2023",
          starts_at: "2023-04-07T01:00:00.000Z",
          place: "Hạ Long",
          cutoff_at: "2023-04-03T10:00:00.000Z",
          status: "concluded",
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const drafted = await call(noticeAction, await postRequest(`/meetings/${meetingId}/notice`, { intent: "draft" }, fx.users.secretary), {
      meetingId: String(meetingId),
    });
    expect(drafted.status).toBe(302);
    const notice = await db.selectFrom("notices").where("meeting_id", "=", meetingId).selectAll().executeTakeFirstOrThrow();
    expect(notice.recipients).toBe("- Thường trực Tỉnh ủy;\n- Chủ tịch UBND tỉnh;\n- Lưu: VT, KSTT.");
    expect(notice).toMatchObject({ signer_authority: "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG", signer_title: "PHÓ CHÁNH VĂN PHÒNG", signer_name: "Phạm Văn Ký" });
  });
});
