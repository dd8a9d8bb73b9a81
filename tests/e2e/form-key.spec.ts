import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/browser";

/**
 * A form the real page rendered, sent twice as a browser resends it (a
 * double click without JavaScript, "resend" after a timeout): the one-time
 * key it carries makes the second copy get the first one's answer, and
 * only one record exists. The same fields with a fresh page's key are a new
 * submission.
 */
test("a new blocker sent twice with its page's key is stored once", async ({ page, baseURL }, info) => {
  await signIn(page, "cv.tttt");
  await page.goto("/blockers/new");
  const title = `Vướng mắc gửi hai lần ${info.project.name} ${Date.now()}`;
  await page.getByLabel("Tên vướng mắc").fill(title);
  await page.getByLabel("Nội dung, nguyên nhân").fill("Nội dung thử gửi hai lần.");
  await page.getByLabel("Kiến nghị, đề xuất").fill("Đề nghị xử lý một lần.");
  // Read as the browser would send it (without running the page's scripts: the no-js project has none).
  const form = page
    .locator("form[method=post]")
    .filter({ has: page.locator('input[name="_key"]') })
    .first();
  const fields: Record<string, string> = {};
  for (const field of await form.locator("input[name], textarea[name], select[name]").all()) {
    const type = await field.getAttribute("type");
    if (type === "submit" || ((type === "checkbox" || type === "radio") && !(await field.isChecked()))) continue;
    fields[(await field.getAttribute("name"))!] = await field.inputValue();
  }
  expect(fields._key).toMatch(/^[A-Za-z0-9_.:-]{8,100}$/);

  const send = () => page.request.post("/blockers/new", { form: { ...fields, intent: "save" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  const [first, second] = [await send(), await send()];
  expect(first.status()).toBe(302);
  expect(second.status()).toBe(302);
  expect(second.headers().location).toBe(first.headers().location);

  // A page loaded afresh has a new key: the same words sent from it are a second blocker.
  await page.goto("/blockers/new");
  const freshKey = await page.locator('input[name="_key"]').first().inputValue();
  expect(freshKey).not.toBe(fields._key);
  const third = await page.request.post("/blockers/new", {
    form: { ...fields, _key: freshKey, intent: "save" },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(third.status()).toBe(302);
  expect(third.headers().location).not.toBe(first.headers().location);

  await page.goto("/blockers?status=draft");
  await expect(page.getByRole("link", { name: title })).toHaveCount(2);
});
