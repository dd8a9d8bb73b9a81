/** Shared steps of the browser tests. */
import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/demo/quang-ninh";

/** Signs a demo user in through the form, in Vietnamese, and waits for the home page. */
export async function signIn(page: Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByTestId("home-greeting")).toBeVisible();
}
