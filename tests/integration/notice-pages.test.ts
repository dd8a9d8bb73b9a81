/**
 * A notice of many assignments: read page by page on screen, whole in the
 * print view and the Word file. A meeting of three items assigns 3, 70 and
 * 1 tasks; the screen pages (60 assignments each) must show every sentence
 * once and in order, under its own number and letter; the print view is
 * the whole document, for exactly who may read the notice, and follows an
 * edit at once.
 */
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { NOTICE_PAGE_POINTS, pointLabel } from "../../app/features/notices/notices-rules";
import { noticeConclusions } from "../../app/features/notices/notices.server";
import { action as agendaAction } from "../../app/routes/meetings.$meetingId._index";
import { action as sessionAction } from "../../app/routes/meetings.$meetingId.session";
import { action as noticeAction, loader as noticeLoader } from "../../app/routes/meetings.$meetingId.notice";
import { loader as noticeDocxLoader } from "../../app/routes/meetings.$meetingId.notice[.docx]";
import { loader as printLoader } from "../../app/routes/meetings_.$meetingId.notice.print";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { expectRedirect, moveMeeting, scheduleMeeting } from "../helpers/meetings";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
let meeting: number;
const params = () => ({ meetingId: String(meeting) });
const TASKS_PER_ITEM = [3, 70, 1];

beforeAll(async () => {
  fx = await seedFixture();
  meeting = await scheduleMeeting(fx, "2024-05", "2024-05-10");
  await moveMeeting(meeting, "open_submissions", fx.users.secretary);
  for (const [n, title] of ["Dữ liệu đất đai", "Cơ sở dữ liệu dân cư", "Chữ ký số"].entries()) {
    await expectRedirect(
      call(
        agendaAction,
        await postRequest(
          `/meetings/${meeting}`,
          { intent: "add", title, kind: "report", presenterAgencyId: String(fx.agencyA), minutes: String(10 + n) },
          fx.users.secretary,
        ),
        params(),
      ),
    );
  }
  await moveMeeting(meeting, "publish_agenda", fx.users.chair);
  await moveMeeting(meeting, "start_session", fx.users.secretary);
  const items = await getDb().selectFrom("agenda_items").where("meeting_id", "=", meeting).where("removed", "=", 0).orderBy("position").selectAll().execute();
  const session = async (fields: Record<string, string>) =>
    expectRedirect(call(sessionAction, await postRequest(`/meetings/${meeting}/session`, fields, fx.users.secretary), params()));
  for (const [n, item] of items.entries()) {
    await session({ intent: "conclude", itemId: String(item.id), body: `Kết luận về ${item.title.toLocaleLowerCase("vi")}.` });
    for (let k = 0; k < TASKS_PER_ITEM[n]; k++) {
      await session({
        intent: "add_task",
        itemId: String(item.id),
        title: `Nhiệm vụ ${n + 1}.${k + 1} về ${item.title.toLocaleLowerCase("vi")}`,
        leadAgencyId: String(k % 2 ? fx.agencyA : fx.agencyB),
        deadline: "2024-06-30",
      });
    }
  }
  await moveMeeting(meeting, "conclude", fx.users.secretary);
  await expectRedirect(call(noticeAction, await postRequest(`/meetings/${meeting}/notice`, { intent: "draft" }, fx.users.secretary), params()));
}, 60_000);

async function screenPage(query: string, userId = fx.users.secretary) {
  const res = await call(noticeLoader, await getRequest(`/meetings/${meeting}/notice${query}`, userId), params());
  expect(res.status).toBe(200);
  return res.data;
}

async function printView(userId?: number) {
  return call(printLoader, await getRequest(`/meetings/${meeting}/notice/print`, userId), params());
}

const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

describe("the notice on screen", () => {
  it("is cut into pages that together show every assignment once, in order, under its number and letter", async () => {
    const conclusions = await noticeConclusions(meeting);
    expect(conclusions.map((c) => c.assignments.length)).toEqual(TASKS_PER_ITEM);
    const first = await screenPage("");
    expect(first.page).toBe(1);
    expect(first.pages).toBe(3);
    const shown: string[] = [];
    for (let page = 1; page <= first.pages; page++) {
      const data = page === 1 ? first : await screenPage(`?page=${page}`);
      expect(data.page).toBe(page);
      const units = data.parts.reduce((n: number, p: { assignments: string[] }) => n + Math.max(1, p.assignments.length), 0);
      expect(units).toBeLessThanOrEqual(NOTICE_PAGE_POINTS);
      for (const part of data.parts) part.assignments.forEach((a: string, k: number) => shown.push(`${part.number} ${pointLabel(part.firstPoint + k)} ${a}`));
    }
    expect(shown).toEqual(conclusions.flatMap((c, n) => c.assignments.map((a, k) => `${n + 1} ${pointLabel(k)} ${a}`)));
    // The long conclusion starts page 2, and its rest on page 3 is marked continued (no body).
    const third = await screenPage("?page=3");
    expect(third.parts.map((p: { number: number; body: string | null; firstPoint: number }) => [p.number, p.body === null, p.firstPoint])).toEqual([
      [2, true, NOTICE_PAGE_POINTS],
      [3, false, 0],
    ]);
  });

  it("takes any page number: a missing or unreadable one is the first, one past the end the last", async () => {
    for (const query of ["?page=0", "?page=abc", "?page=-2", "?page=1.5", ""]) expect((await screenPage(query)).page, query).toBe(1);
    expect((await screenPage("?page=99")).page).toBe(3);
    expect((await screenPage("?page=99999999999999999999")).page).toBe(3);
  });

  it("shows an agency the draft no more than before: no conclusions at all", async () => {
    const data = await screenPage("?page=2", fx.users.headA);
    expect(data.notice).toBeNull();
    expect(data.parts).toEqual([]);
  });
});

describe("the print view", () => {
  it("is the whole draft for the series office, and nothing for an agency or an observer", async () => {
    for (const userId of [fx.users.headA, fx.users.staffB, fx.users.observer]) expect((await printView(userId)).status, `user ${userId}`).toBe(404);
    const res = await printView(fx.users.secretary);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const page = res.data as string;
    expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(page).toContain("DỰ THẢO");
    const conclusions = await noticeConclusions(meeting);
    let at = 0;
    for (const [n, c] of conclusions.entries()) {
      for (const [k, sentence] of c.assignments.entries()) {
        const line = `${pointLabel(k)} ${html(sentence)}`;
        const found = page.indexOf(line, at);
        expect(found, `${n + 1} ${line}`).toBeGreaterThan(at);
        at = found;
      }
    }
    // Past "y)" the letters start again with a number; nothing is marked continued; no script but the print button's.
    expect(page).toContain(`a1) ${html(conclusions[1].assignments[23])}`);
    expect(page).not.toContain("(tiếp theo)");
    expect([...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="/print.js" defer="">']);
    expect(page).toContain("Nơi nhận:");
  });

  it("follows an edit of the draft at once, and its issue", async () => {
    const summary = "Kết luận của đồng chí Chủ tịch UBND tỉnh về dữ liệu số (bản sửa)";
    const before = (await printView(fx.users.secretary)).data as string;
    expect(before).not.toContain(summary);
    const notice = await getDb().selectFrom("notices").where("meeting_id", "=", meeting).selectAll().executeTakeFirstOrThrow();
    await expectRedirect(
      call(
        noticeAction,
        await postRequest(
          `/meetings/${meeting}/notice`,
          {
            intent: "save",
            summary,
            opening: notice.opening,
            closing: notice.closing,
            recipients: notice.recipients,
            signerAuthority: notice.signer_authority,
            signerTitle: notice.signer_title,
            signerName: notice.signer_name,
          },
          fx.users.secretary,
        ),
        params(),
      ),
    );
    expect((await printView(fx.users.secretary)).data).toContain(summary);
    await expectRedirect(call(noticeAction, await postRequest(`/meetings/${meeting}/notice`, { intent: "issue" }, fx.users.chair), params()));
    const issued = (await printView(fx.users.observer)).data as string;
    expect(issued).toContain(summary);
    expect(issued).not.toContain("DỰ THẢO");
  });

  it("asks whoever is not signed in to sign in; another meeting's notice is not found", async () => {
    const res = await printView();
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login/);
    const other = await call(printLoader, await getRequest("/meetings/999999/notice/print", fx.users.chair), { meetingId: "999999" });
    expect(other.status).toBe(404);
  });
});

describe("the Word file of a long notice", () => {
  it("letters the points past y as the print view does", async () => {
    const res = (await noticeDocxLoader({
      request: await getRequest(`/meetings/${meeting}/notice.docx`, fx.users.chair),
      params: params(),
      context: {},
    })) as Response;
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const document = await zip.file("word/document.xml")!.async("string");
    const conclusions = await noticeConclusions(meeting);
    expect(document).toContain(`y) ${conclusions[1].assignments[22]}`);
    expect(document).toContain(`a1) ${conclusions[1].assignments[23]}`);
    expect(document).toContain(`a3) ${conclusions[1].assignments[69]}`);
  });
});
