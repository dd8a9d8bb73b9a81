/**
 * Signing in and out for every demo role, in Vietnamese and English, with
 * JavaScript on (project "js") and off (project "no-js").
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../../db/demo/quang-ninh";

const ROLES = {
  admin: { vi: "Quản trị hệ thống", en: "Administrator" },
  chair: { vi: "Người chủ trì", en: "Chair" },
  secretary: { vi: "Thư ký", en: "Secretary" },
  agency_head: { vi: "Lãnh đạo đơn vị", en: "Agency head" },
  agency_staff: { vi: "Chuyên viên", en: "Agency staff" },
  observer: { vi: "Theo dõi", en: "Observer" },
} as const;

const ACCOUNTS = ["quantri", "chutri", "thuky", "ld.tttt", "cv.tttt", "theodoi"];

function demoUser(username: string) {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`No demo user ${username}`);
  return user;
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
}

/** The header's language button, found by its form so the test does not depend on its accessible name. */
function languageButton(page: Page) {
  return page.getByRole("banner").locator('form[action="/language"]').getByRole("button");
}

/** Form posts as the browser sent them: `/route.data` with JavaScript (single fetch), `/route` without. */
function recordPosts(page: Page): string[] {
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(new URL(r.url()).pathname);
  });
  return posts;
}

async function expectRedirectToLogin(page: Page) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
  await expect(page.getByRole("heading", { level: 1, name: "Đăng nhập" })).toBeVisible();
}

const seriousOrWorse = (violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"]) =>
  violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);

for (const username of ACCOUNTS) {
  const user = demoUser(username);
  const role = ROLES[user.role];

  test(`${username} (${user.role}) signs in, switches language and signs out`, async ({ page, javaScriptEnabled }) => {
    const posts = recordPosts(page);
    await expectRedirectToLogin(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");

    await signIn(page, username, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");
    await expect(page.getByTestId("home-greeting")).toHaveText(`Xin chào, ${user.fullName}`);
    await expect(page.getByText(`Bạn đăng nhập với vai trò ${role.vi}.`)).toBeVisible();

    await expect(languageButton(page)).toHaveText("English");
    await languageButton(page).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("home-greeting")).toHaveText(`Hello, ${user.fullName}`);
    await expect(page.getByText(`You are signed in as ${role.en}.`)).toBeVisible();

    // Back to Vietnamese: the choice is saved on the account, and the next
    // test (or project) signs the same user in expecting Vietnamese.
    await expect(languageButton(page)).toHaveText("Tiếng Việt");
    await languageButton(page).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");
    await expect(page.getByTestId("home-greeting")).toHaveText(`Xin chào, ${user.fullName}`);

    await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
    await expect(page).toHaveURL(/\/login\?signedOut=1$/);
    await expect(page.getByRole("status")).toHaveText("Bạn đã đăng xuất.");
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain("gb_session");

    await expectRedirectToLogin(page);

    const suffix = javaScriptEnabled ? ".data" : "";
    expect(posts).toEqual([`/login${suffix}`, `/language${suffix}`, `/language${suffix}`, `/logout${suffix}`]);
  });
}

test("a wrong password gets one generic error and no session", async ({ page }) => {
  await expectRedirectToLogin(page);
  await signIn(page, "chutri", "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("Tên đăng nhập hoặc mật khẩu không đúng.");
  await expect(page.getByLabel("Tên đăng nhập hoặc thư điện tử")).toHaveValue("chutri");
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("gb_session");

  // An unknown account gets the very same answer.
  await signIn(page, "nobody-here", DEMO_PASSWORD);
  await expect(page.getByRole("alert")).toHaveText("Tên đăng nhập hoặc mật khẩu không đúng.");
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("gb_session");

  await expectRedirectToLogin(page);
});

test("an unknown address shows the 404 page in Vietnamese", async ({ page }) => {
  const response = await page.goto("/khong-co-trang-nay");
  expect(response?.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByText("Mã lỗi 404")).toBeVisible();
  await expect(page.getByText("Không tìm thấy trang hoặc bản ghi bạn yêu cầu.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Về trang chủ" })).toBeVisible();
});

test("/healthz answers ok", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok" });
});

// axe runs inside the page and hangs with JavaScript off, so the "no-js" project
// leaves out tests tagged @axe (see playwright.config.ts); the server's markup is the same.
test("sign-in, home and signed-out pages have no serious or critical axe violations", { tag: "@axe" }, async ({ page }) => {
  await page.goto("/login");
  expect(seriousOrWorse((await new AxeBuilder({ page }).analyze()).violations)).toEqual([]);

  await signIn(page, "thuky", "wrong-password");
  await expect(page.getByRole("alert")).toBeVisible();
  expect(seriousOrWorse((await new AxeBuilder({ page }).analyze()).violations)).toEqual([]);

  await signIn(page, "thuky", DEMO_PASSWORD);
  await expect(page.getByTestId("home-greeting")).toBeVisible();
  expect(seriousOrWorse((await new AxeBuilder({ page }).analyze()).violations)).toEqual([]);

  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page.getByRole("status")).toBeVisible();
  expect(seriousOrWorse((await new AxeBuilder({ page }).analyze()).violations)).toEqual([]);
});
