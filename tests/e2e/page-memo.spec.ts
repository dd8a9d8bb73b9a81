import { expect, test, type Page } from "@playwright/test";

/**
 * A page asked for again with the same data is answered from the page memo
 * (docs/decisions/0017-page-memo.md): the same HTML, but with this
 * response's script nonce, and never a page from before a change.
 */
async function signIn(page: Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill(username);
  await page.getByLabel("Mật khẩu").fill("giaoban2023");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByTestId("home-greeting")).toBeVisible();
}

type Answer = { headers(): Record<string, string> };
const nonceOf = (res: Answer) => /'nonce-([^']+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1];
const fromMemo = (res: Answer) => (res.headers()["server-timing"] ?? "").includes("page memo");
const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

test("a page asked for again is the same page with this response's nonce, and a change shows at once", async ({ page }) => {
  await signIn(page, "theodoi");
  const first = await page.request.get("/tasks");
  const second = await page.request.get("/tasks");
  expect(second.status()).toBe(200);
  expect(fromMemo(second)).toBe(true);
  const [html1, html2] = [await first.text(), await second.text()];
  expect(withoutNonces(html2)).toBe(withoutNonces(html1));
  const nonce = nonceOf(second)!;
  expect(nonce).not.toBe(nonceOf(first));
  const attributes = html2.match(/nonce="[^"]*"/g) ?? [];
  expect(attributes.length).toBeGreaterThan(0);
  expect(new Set(attributes)).toEqual(new Set([`nonce="${nonce}"`]));

  // A change to what the page shows (here the user's language) is never answered with the page from before it.
  expect((await page.request.post("/language", { form: { lang: "en", redirectTo: "/tasks" }, maxRedirects: 0 })).status()).toBe(302);
  const after = await (await page.request.get("/tasks")).text();
  expect(after).toContain('<html lang="en"');
  expect(after).not.toContain('<html lang="vi"');
  await page.request.post("/language", { form: { lang: "vi", redirectTo: "/tasks" }, maxRedirects: 0 });
  const back = await page.request.get("/tasks");
  expect(withoutNonces(await back.text())).toBe(withoutNonces(html1));

  // Only successful pages are kept: a page that was not found is made again each time.
  expect((await page.request.get("/tasks/99999999")).status()).toBe(404);
  const missing = await page.request.get("/tasks/99999999");
  expect(missing.status()).toBe(404);
  expect(fromMemo(missing)).toBe(false);
});

test("a page from the memo runs its scripts under this response's CSP", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "scripts are what this checks");
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await signIn(page, "theodoi");
  await page.goto("/tasks");
  const reload = await page.reload();
  expect(fromMemo(reload!)).toBe(true);
  // Hydrated: a link is followed in the page, with no new document asked for.
  const documents: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "document") documents.push(r.url());
  });
  await page.getByRole("link", { name: "Cuộc họp", exact: true }).click();
  await expect(page).toHaveURL(/\/meetings$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(documents).toEqual([]);
  expect(problems).toEqual([]);
});
