import { expect, test } from "@playwright/test";

/** The headers and refusals of the real production server. */
test("every page carries the security headers and a fresh script nonce", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const csp = first.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("same-origin");
  const html = await first.text();
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(html).toContain(`nonce="${nonce}"`);
  const asset = await request.get("/favicon.ico");
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
});

test("a form posted from another site is refused and changes nothing", async ({ request }) => {
  const res = await request.post("/login", {
    headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    data: "username=quantri&password=giaoban2023",
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  expect(res.headers()["set-cookie"]).toBeUndefined();
  const crossSite = await request.post("/logout", { headers: { "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
  expect(crossSite.status()).toBe(403);
});

test("an oversized request body is refused with 413", async ({ request }) => {
  const res = await request.post("/login", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: `username=${"a".repeat(2 * 1024 * 1024)}&password=x`,
    maxRedirects: 0,
  });
  expect(res.status()).toBe(413);
});

test("pages run their scripts under the CSP without violations", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill("thuky");
  await page.getByLabel("Mật khẩu").fill("giaoban2023");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByTestId("home-greeting")).toBeVisible();
  await page.getByRole("link", { name: "Cuộc họp", exact: true }).click();
  await expect(page).toHaveURL(/\/meetings$/);
  expect(problems).toEqual([]);
});

test("streamed Vietnamese pages carry no stray NUL bytes", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill("thuky");
  await page.getByLabel("Mật khẩu").fill("giaoban2023");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByTestId("home-greeting")).toBeVisible();
  for (const path of ["/", "/meetings", "/tasks", "/blockers", "/account", "/meetings/3/notice", "/meetings/3/session"]) {
    const body = await (await page.request.get(path)).body();
    expect(body.includes(0), path).toBe(false);
  }
});

test("methods the app does not answer, and bodies that are no form, get a 4xx and a page that says why", async ({ request }) => {
  for (const method of ["TRACE", "OPTIONS", "PROPFIND"]) {
    const res = await request.fetch("/login", { method, maxRedirects: 0 });
    expect(res.status(), method).toBe(405);
    expect(res.headers()["allow"]).toContain("POST");
  }
  for (const [type, data] of [
    ["application/json", JSON.stringify({ username: "quantri", password: "giaoban2023" })],
    ["text/plain", "username=quantri&password=giaoban2023"],
    ["multipart/form-data; boundary=----x", '------x\r\nContent-Disposition: form-data; name="username"\r\n\r\nquantri'],
  ]) {
    const res = await request.post("/login", { headers: { "Content-Type": type }, data, maxRedirects: 0 });
    expect([400, 415], type).toContain(res.status());
    expect(res.headers()["set-cookie"], type).toBeUndefined();
    expect(await res.text(), type).toMatch(/biểu mẫu|form/);
  }
});

test("a signed-in page and its data are never kept by a cache, and after sign-out Back shows no old page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill("ld.tttt");
  await page.getByLabel("Mật khẩu").fill("giaoban2023");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByTestId("home-greeting")).toBeVisible();
  const blockers = await page.goto("/blockers");
  expect(blockers!.headers()["cache-control"]).toBe("private, no-store");
  const data = await page.request.get("/blockers.data");
  expect(data.headers()["cache-control"]).toBe("private, no-store");
  await page.goto("/account");
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goBack();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Mật khẩu")).toBeVisible();
});
