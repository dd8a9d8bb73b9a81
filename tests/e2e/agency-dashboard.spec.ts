/**
 * An agency's own dashboard on the demo province, as its head reads it:
 * what waits for the chair's decision, and the way from there to the
 * register filtered on exactly that (awaiting=decision), which a filter
 * submitted again keeps — with JavaScript on and off.
 */
import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/browser";

test("the head of the Department of Information and Communications follows its requests awaiting the chair into the register", async ({ page }) => {
  await signIn(page, "ld.tttt");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Sở Thông tin và Truyền thông");
  await expect(page.getByRole("heading", { name: /^Nhiệm vụ quá hạn \(\d+\)$/ })).toBeVisible();

  // The demo leaves a completion report and an extension request of this agency with the chair (other tests may decide one).
  const waiting = page.getByTestId("agency-awaiting").getByRole("link");
  expect(await waiting.count()).toBeGreaterThanOrEqual(1);
  const ids = (await waiting.evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))).map((href) => Number(/\/tasks\/(\d+)/.exec(href)![1]));
  const agencyHref = await page.getByTestId("fig-agency-overdue").getByRole("link").getAttribute("href");
  const agency = /agency=(\d+)/.exec(agencyHref ?? "")![1];

  await page.goto(`/tasks?agency=${agency}&role=lead&awaiting=decision`);
  await expect(page.getByTestId("register-summary")).toContainText("Chỉ hiện các nhiệm vụ đang chờ người chủ trì quyết định.");
  // Each request on the dashboard is there (the dashboard shows the oldest 15; the register all of them).
  for (const id of ids) await expect(page.locator(`tr[data-task-id="${id}"]`)).toBeVisible();
  const listed = await page.locator("tr[data-task-id]").count();
  expect(listed).toBeGreaterThanOrEqual(new Set(ids).size);

  // Filtering again (sorted otherwise) keeps the condition.
  await page.getByLabel("Sắp xếp").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page).toHaveURL(/awaiting=decision/);
  await expect(page.locator("tr[data-task-id]")).toHaveCount(listed);
});
