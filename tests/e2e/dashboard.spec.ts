/**
 * The dashboard as the chair reads it on the demo province: a figure is a
 * way into the list of exactly the tasks (or blockers) it counts, with
 * JavaScript on and off. The count on the dashboard and the count the list
 * says it shows are compared, whatever the other tests have changed in the
 * shared demo database meanwhile (both are read in the same minute).
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn } from "../helpers/browser";

/** Follows a figure's link and checks that the list says it holds that many rows. */
async function expectFigureOpensItsRows(page: Page, figure: Locator, list: "tasks" | "blockers") {
  const count = Number((await figure.textContent())?.trim());
  expect(count).toBeGreaterThan(0);
  await figure.click();
  await expect(page).toHaveURL(new RegExp(`/${list}\\?`));
  const shown = list === "tasks" ? page.getByText(/^Hiển thị \d+–\d+ trong \d+ nhiệm vụ/) : page.getByRole("link", { name: /^Tất cả \(\d+\)$/ });
  await expect(shown).toContainText(list === "tasks" ? ` trong ${count} nhiệm vụ` : `(${count})`);
}

test.beforeEach(async ({ page }) => {
  await signIn(page, "chutri");
});

const DASHBOARD = "/dashboard?from=2023-01&to=2023-12";

test("the province's total in the scorecard opens the register on the period's tasks, and says how it is filtered", async ({ page }) => {
  await page.goto(DASHBOARD);
  await expectFigureOpensItsRows(page, page.getByTestId("scorecard").locator("tfoot a[data-figure]").first(), "tasks");
  await expect(page.getByTestId("extra-filters")).toContainText("Gồm cả nhiệm vụ còn nợ có thời hạn trước ngày bắt đầu");
  // The condition can be dropped; the form keeps the others.
  await page.getByRole("link", { name: /^Bỏ điều kiện: Gồm cả nhiệm vụ còn nợ/ }).click();
  await expect(page).not.toHaveURL(/owed=1/);
  await expect(page).toHaveURL(/from=2023-01-01/);
});

test("the month-end overdue figure of a month opens the tasks overdue on that day", async ({ page }) => {
  await page.goto(DASHBOARD);
  const chart = page.getByTestId("chart-overdue");
  await chart.locator("summary").click();
  await expectFigureOpensItsRows(page, chart.getByRole("row", { name: /^12\/2023/ }).locator("a[data-figure]"), "tasks");
  await expect(page.getByTestId("extra-filters")).toContainText("Đang quá hạn vào ngày 31/12/2023");
});

test("a pillar's blockers open the blockers list, filtered by pillar and submission days", async ({ page }) => {
  await page.goto(DASHBOARD);
  const line = page
    .getByTestId("pillars")
    .locator("tbody tr")
    .filter({ has: page.locator("td:last-child a[data-figure]") })
    .first();
  await expectFigureOpensItsRows(page, line.locator("td:last-child a[data-figure]"), "blockers");
  await expect(page.getByLabel("Gửi từ ngày")).toHaveValue("2023-01-01");
  await expect(page.getByLabel("Gửi đến ngày")).toHaveValue("2023-12-31");
});
