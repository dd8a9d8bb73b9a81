import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/demo/quang-ninh";

/**
 * An administrator resets a user's password; the user signs in with it, is
 * held on "Đổi mật khẩu" until they choose their own, and signs in with that
 * one afterwards. The same with JavaScript on and off.
 */
const TEMPORARY = "Tam-thoi-cho-cv-damha-2026";
const CHOSEN = "Sông Ka Long chảy qua Móng Cái";

async function signIn(page: import("@playwright/test").Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
}

test("after an administrator's reset, the user must choose their own password before anything else", async ({ page }) => {
  test.setTimeout(60_000); // four scrypt hashes at the production cost
  await signIn(page, "quantri", DEMO_PASSWORD);
  await expect(page.getByTestId("home-greeting")).toBeVisible();
  await page.goto("/admin/users?q=cv.damha");
  await page.getByRole("link", { name: "Đinh Văn Đầm" }).click();
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(TEMPORARY);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(TEMPORARY);
  await page.getByRole("button", { name: "Đặt lại mật khẩu" }).click();
  await expect(page.getByText("Đã đặt lại mật khẩu")).toBeVisible();
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1/);

  await signIn(page, "cv.damha", TEMPORARY);
  await expect(page).toHaveURL(/\/account\/password/);
  await expect(page.getByText("do quản trị viên đặt")).toBeVisible();
  // Every other page sends the user back here.
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/account\/password\?redirectTo=%2Ftasks/);

  // A wrong current password is said next to its field, and nothing changes.
  await page.getByLabel("Mật khẩu hiện tại").fill("khong-dung-mat-khau");
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(CHOSEN);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(CHOSEN);
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  await expect(page.getByText("Mật khẩu hiện tại không đúng.")).toBeVisible();

  await page.getByLabel("Mật khẩu hiện tại").fill(TEMPORARY);
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(CHOSEN);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(CHOSEN);
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  // Back where the user was headed.
  await expect(page).toHaveURL(/\/tasks$/);
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1/);

  await signIn(page, "cv.damha", TEMPORARY);
  await expect(page.getByText("Tên đăng nhập hoặc mật khẩu không đúng.")).toBeVisible();
  await signIn(page, "cv.damha", CHOSEN);
  await expect(page.getByTestId("home-greeting")).toBeVisible();
});
