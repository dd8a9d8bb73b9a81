/**
 * The monthly cycle (DOMAIN.md steps 1–8) through the browser, each role in
 * its own browser context, with JavaScript on (project "js") and off
 * ("no-js"): every form posts without JavaScript.
 *
 * Both projects run against the same demo database, one after the other, so
 * each run schedules its own meeting for a period no one else uses (js:
 * 2031-01, no-js: 2031-02) and gives its records titles of its own.
 * A new blocker goes to the first meeting still accepting submissions (the
 * demo's open meeting next month), so the blocker's triage is its own test.
 */
import { devices, expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { resolve } from "node:path";
import { DEMO_PASSWORD } from "../../db/demo/quang-ninh";

const STNMT = "Sở Tài nguyên và Môi trường";
/** A task of the 7 April 2023 notice (db/demo/cycle.ts), due 30/04/2023 and never completed. */
const DEMO_OVERDUE_TASK =
  "Rà soát tổng thể các nhiệm vụ chuyển đổi số của đơn vị, nâng cao vai trò người đứng đầu; báo cáo kết quả về Sở Thông tin và Truyền thông";

/** What each project uses, so the two runs never meet in the shared database. */
const PER_PROJECT = {
  js: { period: "2031-01", batch: 1, commune: "Quảng An" },
  "no-js": { period: "2031-02", batch: 2, commune: "Dực Yên" },
} as const;

function perProject(testInfo: TestInfo) {
  const p = PER_PROJECT[testInfo.project.name as keyof typeof PER_PROJECT];
  if (!p) throw new Error(`cycle.spec.ts knows the projects "js" and "no-js", not "${testInfo.project.name}"`);
  return p;
}

interface Actor {
  page: Page;
  /** Every request this actor's browser sent, as "METHOD /path". */
  requests: string[];
}

/** A browser context signed in as one demo user, with the project's JavaScript setting. */
async function signedIn(browser: Browser, options: { baseURL: string; javaScriptEnabled: boolean }, username: string): Promise<Actor> {
  const { defaultBrowserType: _ignored, ...desktop } = devices["Desktop Chrome"];
  const context = await browser.newContext({ ...desktop, ...options });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByTestId("home-greeting")).toBeVisible();
  return { page, requests };
}

/** Opens the actors on demand and closes them all at the end. */
function cast(browser: Browser, options: { baseURL: string; javaScriptEnabled: boolean }) {
  const actors = new Map<string, Actor>();
  return {
    async as(username: string): Promise<Page> {
      let actor = actors.get(username);
      if (!actor) {
        actor = await signedIn(browser, options, username);
        actors.set(username, actor);
      }
      return actor.page;
    },
    /** With JavaScript the forms post to `/route.data` (single fetch); without it nothing ever asks for `.data`. */
    checkTransport(javaScriptEnabled: boolean) {
      const all = [...actors.values()].flatMap((a) => a.requests);
      const data = all.filter((r) => /\.data$/.test(r));
      if (javaScriptEnabled) expect(data.filter((r) => r.startsWith("POST ")).length).toBeGreaterThan(0);
      else expect(data).toEqual([]);
    },
    async close() {
      await Promise.all([...actors.values()].map((a) => a.page.context().close()));
    },
  };
}

/** The meeting page's step buttons (the layout's transition forms). */
async function moveMeeting(page: Page, meetingId: string, button: string, status: string) {
  await page.goto(`/meetings/${meetingId}`);
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(`Đã chuyển cuộc họp sang trạng thái: ${status}.`);
}

test("the whole cycle across the roles: schedule, agenda by rule, session, notice, follow-up", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
  test.setTimeout(45_000); // a dozen hand-offs between three people: about 12 s on a quiet machine
  const { period, batch } = perProject(testInfo);
  const [year, month] = period.split("-");
  const customItem = `Báo cáo tiến độ số hóa dữ liệu đất đai, đợt ${batch}`;
  const taskTitle = `Hoàn thành số hóa hồ sơ địa chính của các huyện, thị xã, thành phố, đợt ${batch}`;
  const people = cast(browser, { baseURL: baseURL!, javaScriptEnabled });
  try {
    // 1. Scheduled: the secretary schedules a meeting far in the future.
    const secretary = await people.as("thuky");
    await secretary.goto("/meetings/new");
    await secretary.getByLabel("Kỳ (tháng)").fill(period);
    await secretary.getByLabel("Ngày họp").fill(`${period}-08`);
    await secretary.getByLabel("Giờ bắt đầu").fill("08:00");
    await secretary.getByLabel("Hạn chót gửi khó khăn, vướng mắc (ngày)").fill(`${period}-03`);
    await secretary.getByLabel("Hạn chót (giờ)").fill("17:00");
    await secretary.getByLabel("Điểm cầu").fill("Điểm cầu UBND huyện Đầm Hà");
    await secretary.getByRole("button", { name: "Lên lịch cuộc họp", exact: true }).click();
    await expect(secretary).toHaveURL(/\/meetings\/\d+\?scheduled=1$/);
    await expect(secretary.getByRole("status")).toHaveText("Đã lên lịch cuộc họp.");
    await expect(secretary.getByRole("heading", { level: 1 })).toContainText(`tháng ${Number(month)}/${year}`);
    await expect(secretary.getByText("Đã lên lịch", { exact: true })).toBeVisible();
    const meetingId = /\/meetings\/(\d+)/.exec(secretary.url())![1];

    // 2. Open: the chair opens it for blockers.
    const chair = await people.as("chutri");
    await moveMeeting(chair, meetingId, "Mở nhận khó khăn, vướng mắc", "Đang nhận đăng ký nội dung");

    // 4. Agenda: built by rule (open tasks that are overdue roll over), then an item by hand, then built again.
    await secretary.goto(`/meetings/${meetingId}`);
    await expect(secretary.getByText("Chương trình chưa có nội dung.", { exact: false })).toBeVisible();
    await secretary.getByRole("button", { name: "Lập chương trình theo quy tắc", exact: true }).click();
    await expect(secretary.getByRole("status")).toHaveText(/^Đã cập nhật chương trình: thêm [1-9]\d*, bỏ 0 nội dung\.$/);
    const agenda = secretary.getByRole("table");
    // The demo's Đầm Hà review, due 30/04/2023 and still open, is back: as an overdue task, or carried over
    // when the meeting before this one (the other project's run) did not reach it.
    const overdue = agenda.getByRole("row").filter({ has: secretary.getByRole("link", { name: DEMO_OVERDUE_TASK, exact: true }) });
    await expect(overdue).toContainText(/Quá hạn|Chưa xem xét ở cuộc họp trước/);
    await expect(overdue.getByRole("cell", { name: /^(Nhiệm vụ đến hạn, quá hạn|Nội dung chuyển tiếp)$/ })).toBeVisible();
    const ruleItems = (await agenda.getByRole("row").count()) - 1; // less the header row

    const addForm = secretary.locator("details").filter({ has: secretary.getByText("Thêm nội dung ngoài quy tắc", { exact: true }) });
    await addForm.getByText("Thêm nội dung ngoài quy tắc", { exact: true }).click();
    await addForm.getByLabel("Tên nội dung").fill(customItem);
    await addForm.getByLabel("Loại nội dung").selectOption({ label: "Báo cáo" });
    await addForm.getByLabel("Đơn vị trình bày").selectOption({ label: STNMT });
    await addForm.getByLabel("Thời lượng (phút)").fill("15");
    await addForm.getByRole("button", { name: "Thêm nội dung", exact: true }).click();
    await expect(secretary.getByRole("status")).toHaveText("Đã lưu chương trình.");
    const customRow = agenda.getByRole("row").filter({ hasText: customItem });
    await expect(customRow).toContainText("Thêm thủ công");
    await expect(customRow).toContainText(STNMT);
    await expect(customRow).toContainText("15 phút");

    // Building again adds nothing, drops nothing and keeps the hand-made item.
    await secretary.getByRole("button", { name: "Cập nhật chương trình theo quy tắc", exact: true }).click();
    await expect(secretary.getByRole("status")).toHaveText("Đã cập nhật chương trình: thêm 0, bỏ 0 nội dung.");
    await expect(agenda.getByRole("row")).toHaveCount(1 + ruleItems + 1);
    await expect(customRow).toBeVisible();

    // The chair approves and publishes the agenda; the agency head reads it, its own item marked.
    await moveMeeting(chair, meetingId, "Phê duyệt và ban hành chương trình", "Đã ban hành chương trình");
    const head = await people.as("ld.tnmt");
    await head.goto(`/meetings/${meetingId}`);
    await expect(head.getByText("Đã ban hành chương trình", { exact: true })).toBeVisible();
    await expect(head.getByRole("row").filter({ hasText: customItem })).toContainText("★ Liên quan đơn vị bạn");
    await expect(head.getByRole("row")).toHaveCount(1 + ruleItems + 1);
    await expect(head.getByRole("button", { name: /chương trình theo quy tắc/ })).toHaveCount(0);

    // 5. In session: a conclusion and a task on the hand-made item, every other item not reached.
    await moveMeeting(secretary, meetingId, "Bắt đầu phiên họp", "Đang họp");
    await secretary.getByRole("link", { name: "Diễn biến phiên họp", exact: true }).click();
    await expect(secretary).toHaveURL(new RegExp(`/meetings/${meetingId}/session$`));
    const items = secretary.getByRole("listitem").filter({ has: secretary.getByRole("heading", { level: 3 }) });
    const total = await items.count();
    expect(total).toBe(ruleItems + 1);
    const custom = items.filter({ has: secretary.getByRole("heading", { level: 3, name: customItem }) });
    await custom
      .getByLabel("Kết luận")
      .fill("Sở Tài nguyên và Môi trường khẩn trương hoàn thành số hóa hồ sơ địa chính, bảo đảm dữ liệu đất đai đúng, đủ, sạch, sống.");
    await custom.getByRole("button", { name: "Lưu kết luận", exact: true }).click();
    await expect(secretary.getByRole("status")).toHaveText("Đã lưu.");
    await expect(custom.getByText("Đã kết luận", { exact: true })).toBeVisible();

    await custom.locator("summary").filter({ hasText: "Giao nhiệm vụ" }).click();
    await custom.getByLabel("Nội dung nhiệm vụ").fill(taskTitle);
    await custom.getByLabel("Đơn vị chủ trì").selectOption({ label: STNMT });
    await custom.getByLabel("Thời hạn").fill("2031-06-30");
    await custom.getByLabel("Kết quả cần đạt").fill("Cơ sở dữ liệu địa chính được cập nhật đầy đủ, vận hành trên hệ thống của tỉnh.");
    await custom.getByRole("button", { name: "Giao nhiệm vụ", exact: true }).click();
    await expect(secretary.getByRole("status")).toHaveText("Đã lưu.");
    await expect(custom.getByRole("link", { name: taskTitle })).toBeVisible();
    await expect(custom).toContainText(`Đơn vị chủ trì: ${STNMT}`);
    await expect(custom).toContainText("Thời hạn: 30/06/2031");

    for (let n = 0; n < total; n++) {
      const item = items.nth(n);
      if ((await item.getByRole("heading", { level: 3 }).textContent())?.includes(customItem)) continue;
      await item.getByRole("button", { name: "Chưa xem xét — chuyển sang kỳ sau", exact: true }).click();
      await expect(item.getByText("Chưa xem xét, chuyển kỳ sau", { exact: true })).toBeVisible();
    }
    await expect(secretary.getByText(`Đã xử lý ${total}/${total} nội dung`, { exact: true })).toBeVisible();
    await secretary.getByRole("button", { name: "Kết thúc phiên họp", exact: true }).click();
    await expect(secretary.getByRole("status")).toHaveText("Đã chuyển cuộc họp sang trạng thái: Đã kết thúc họp.");

    // 6. Notice: the secretary drafts it, the chair issues it with a number.
    await secretary.goto(`/meetings/${meetingId}/notice`);
    await secretary.getByRole("button", { name: "Dự thảo thông báo từ các kết luận", exact: true }).click();
    await expect(secretary.getByRole("status")).toHaveText("Đã tạo dự thảo thông báo.");
    await expect(secretary.getByText("Dự thảo chờ người chủ trì phê duyệt và ban hành.")).toBeVisible();
    await expect(secretary.getByTestId("notice-document")).toContainText("Số:      /TB-UBND");

    await chair.goto(`/meetings/${meetingId}/notice`);
    await chair.getByRole("button", { name: "Phê duyệt và ban hành thông báo", exact: true }).click();
    await expect(chair.getByRole("status")).toHaveText(/^Đã ban hành Thông báo số \d+\.$/);
    const notice = chair.getByTestId("notice-document");
    await expect(notice).toContainText(/Số: \d{2,}\/TB-UBND/);
    await expect(notice).not.toContainText("DỰ THẢO");
    await expect(notice).toContainText(`1. ${customItem}:`);
    await expect(notice).not.toContainText("2. ");
    const sentence = `Giao ${STNMT} chủ trì ${taskTitle.charAt(0).toLocaleLowerCase("vi")}${taskTitle.slice(1)}; thời hạn: 30/06/2031.`;
    await expect(notice).toContainText(sentence);
    await expect(chair.getByText("Đã ban hành thông báo kết luận", { exact: true })).toBeVisible();
    const shot = resolve(testInfo.project.outputDir, "..", `cycle-notice-${testInfo.project.name}.png`);
    await chair.screenshot({ path: shot, fullPage: true });
    await testInfo.attach("notice", { path: shot, contentType: "image/png" });

    // 7. Follow-up: the agency head finds the task, reports progress and asks for more time.
    await head.goto("/tasks");
    await head.getByRole("link", { name: taskTitle, exact: true }).click();
    await expect(head.getByRole("heading", { level: 1 })).toHaveText(taskTitle);
    await expect(head.getByText("Đang thực hiện, trong hạn", { exact: true })).toBeVisible();
    await head.getByLabel("Nội dung báo cáo").fill("Đã số hóa hồ sơ địa chính của 6/13 huyện, thị xã, thành phố.");
    await head.getByLabel("Tỷ lệ hoàn thành (%)").fill("45");
    await head.getByRole("button", { name: "Gửi báo cáo", exact: true }).click();
    await expect(head.getByRole("status")).toHaveText("Đã ghi nhận báo cáo tiến độ.");
    await expect(head.getByRole("heading", { name: "Báo cáo tiến độ (1)" })).toBeVisible();
    await expect(head.getByText("Đạt 45%", { exact: true })).toBeVisible();

    await head.locator("summary").filter({ hasText: "Đề nghị gia hạn" }).click();
    await head.getByLabel("Thời hạn mới đề nghị").fill("2031-09-30");
    await head.getByLabel("Lý do xin gia hạn").fill("Chờ bàn giao dữ liệu đo đạc bản đồ địa chính của 4 huyện miền núi.");
    await head.getByRole("button", { name: "Gửi đề nghị gia hạn", exact: true }).click();
    await expect(head.getByRole("status")).toHaveText("Đã gửi đề nghị gia hạn tới người chủ trì.");
    await expect(head.getByText("Đang xin gia hạn", { exact: true })).toBeVisible();
    const taskPath = new URL(head.url()).pathname;

    // The chair approves the new deadline; the original one stays on record.
    await chair.goto(taskPath);
    await expect(chair.getByText("Từ 30/06/2031 đến 30/09/2031", { exact: true })).toBeVisible();
    await chair.getByRole("button", { name: "Đồng ý gia hạn", exact: true }).click();
    await expect(chair.getByRole("status")).toHaveText("Đã đồng ý gia hạn; thời hạn mới có hiệu lực.");
    await expect(chair.getByRole("definition").filter({ hasText: "30/09/2031" })).toBeVisible();
    await expect(chair.getByRole("definition").filter({ hasText: "30/06/2031" })).toContainText("(đã được gia hạn)");
    await expect(chair.getByText("Đã đồng ý", { exact: true })).toBeVisible();

    // The agency head reports completion; the chair accepts: done within the (extended) deadline.
    await head.goto(taskPath);
    await expect(head.getByText("Đang xin gia hạn", { exact: true })).toHaveCount(0);
    await head.locator("summary").filter({ hasText: "Báo cáo hoàn thành" }).click();
    await head.getByLabel("Kết quả thực hiện").fill("Hoàn thành số hóa hồ sơ địa chính của 13/13 huyện, thị xã, thành phố.");
    await head.getByLabel("Tài liệu, minh chứng").fill(`Báo cáo số ${100 + batch}/BC-STNMT.`);
    await head.getByRole("button", { name: "Gửi báo cáo hoàn thành", exact: true }).click();
    await expect(head.getByRole("status")).toHaveText("Đã gửi báo cáo hoàn thành; nhiệm vụ chờ người chủ trì xác nhận.");
    await expect(head.getByText("Chờ xác nhận hoàn thành", { exact: true })).toBeVisible();

    await chair.goto(taskPath);
    await chair.getByRole("button", { name: "Xác nhận hoàn thành", exact: true }).click();
    await expect(chair.getByRole("status")).toHaveText("Đã xác nhận hoàn thành nhiệm vụ.");
    await expect(chair.getByText("Hoàn thành đúng hạn", { exact: true })).toBeVisible();

    await head.goto(taskPath);
    await expect(head.getByText("Hoàn thành đúng hạn", { exact: true })).toBeVisible();
    await expect(head.getByText("Đã xác nhận hoàn thành", { exact: true })).toBeVisible();

    people.checkTransport(javaScriptEnabled);
  } finally {
    await people.close();
  }
});

test("an agency head's blocker is submitted, triaged onto the agenda by the chair, and the agency sees the outcome", async ({
  browser,
  baseURL,
  javaScriptEnabled,
}, testInfo) => {
  const { commune } = perProject(testInfo);
  const title = `Mạng truyền số liệu chuyên dùng chưa kết nối tới UBND xã ${commune}`;
  const people = cast(browser, { baseURL: baseURL!, javaScriptEnabled });
  try {
    // 2. Open: the agency head writes and sends a blocker in one go.
    const head = await people.as("ld.damha");
    await head.goto("/blockers");
    await head.getByRole("link", { name: "Soạn vướng mắc mới" }).first().click();
    await expect(head).toHaveURL(/\/blockers\/new$/);
    await head.getByLabel("Tên vướng mắc").fill(title);
    await head
      .getByLabel("Nội dung, nguyên nhân")
      .fill(`UBND xã ${commune} chưa được kết nối mạng truyền số liệu chuyên dùng nên chưa dùng được hệ thống quản lý văn bản và điều hành liên thông.`);
    await head.getByLabel("Trụ cột").selectOption({ label: "Hạ tầng số" });
    await head.getByLabel("Mức độ ảnh hưởng").selectOption({ label: "Cao" });
    await head.getByLabel("Đơn vị cần phối hợp, hỗ trợ").selectOption({ label: "Sở Thông tin và Truyền thông" });
    await head.getByLabel("Kiến nghị, đề xuất").fill("Đề nghị Sở Thông tin và Truyền thông chỉ đạo doanh nghiệp viễn thông kết nối trong quý này.");
    await head.getByRole("button", { name: "Gửi ngay", exact: true }).click();
    await expect(head).toHaveURL(/\/blockers\/\d+\?done=submitted$/);
    await expect(head.getByRole("status")).toHaveText("Đã gửi vướng mắc.");
    await expect(head.getByText("Đã gửi, đang chờ Văn phòng phân loại.")).toBeVisible();
    const blockerPath = new URL(head.url()).pathname;

    await head.goto("/blockers");
    const mine = head.getByRole("row").filter({ hasText: title });
    await expect(mine).toContainText("Đã gửi, chờ phân loại");
    await expect(mine).toContainText("Hạ tầng số");

    // 3. Triage: the chair finds it among the submitted ones and puts it on the agenda.
    const chair = await people.as("chutri");
    await chair.goto("/blockers?status=submitted");
    const row = chair.getByRole("row").filter({ hasText: title });
    await expect(row).toContainText("UBND huyện Đầm Hà");
    await row.getByRole("link", { name: title }).click();
    await expect(chair).toHaveURL(new RegExp(`${blockerPath}$`));
    await chair.getByRole("radio", { name: "Đưa vào chương trình họp" }).check();
    await chair.getByLabel("Lý do, ý kiến chỉ đạo").fill("Đưa vào chương trình để Sở Thông tin và Truyền thông báo cáo phương án.");
    await chair.getByRole("button", { name: "Quyết định", exact: true }).click();
    await expect(chair.getByRole("status")).toHaveText("Đã ghi quyết định phân loại; quyết định có hiệu lực ngay.");
    await expect(chair.getByRole("heading", { name: "Kết quả phân loại" })).toBeVisible();

    // The agency sees the outcome, on the list and on the blocker's page.
    await head.goto("/blockers");
    await expect(head.getByRole("row").filter({ hasText: title })).toContainText("Đưa vào chương trình họp");
    await head.goto(blockerPath);
    const outcome = head.getByRole("region", { name: "Kết quả phân loại" });
    await expect(outcome).toContainText("Đưa vào chương trình họp");
    await expect(outcome).toContainText("Đưa vào chương trình để Sở Thông tin và Truyền thông báo cáo phương án.");
    await expect(outcome.getByRole("link", { name: /^Giao ban chuyển đổi số/ })).toBeVisible();

    people.checkTransport(javaScriptEnabled);
  } finally {
    await people.close();
  }
});
