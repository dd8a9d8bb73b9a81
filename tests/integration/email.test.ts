/**
 * E-mail against a real SMTP server on loopback (tests/helpers/smtp-sink.ts),
 * decoded with mailparser: the right recipients, Vietnamese text encoded as
 * RFC 2047 / UTF-8, retries with back-off that deliver once, permanent
 * failures shown to the admin, and a sender process killed mid-send that
 * neither loses a message nor delivers two of the same Message-ID.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeTransport } from "../../app/features/notifications/email.server";
import { deliver } from "../../app/features/notifications/notifications.server";
import { NOTIFICATION_KINDS } from "../../app/features/notifications/notify-rules";
import { sendDueMessages } from "../../app/features/notifications/outbox.server";
import { BACKOFF_MS, LEASE_MS, MAX_ATTEMPTS } from "../../app/features/notifications/outbox-rules";
import { action as accountAction, loader as accountLoader } from "../../app/routes/account";
import { action as adminEmailAction, loader as adminEmailLoader } from "../../app/routes/admin.email";
import { action as newBlocker } from "../../app/routes/blockers.new";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

const ROOT = join(__dirname, "../..");
const PUBLIC = "https://giaoban.example.gov.vn";

let sink: SmtpSink;
let fx: Fixture;
const saved = { SMTP_URL: process.env.SMTP_URL, PUBLIC_URL: process.env.PUBLIC_URL, MAIL_FROM: process.env.MAIL_FROM };

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.PUBLIC_URL = PUBLIC;
  process.env.MAIL_FROM = "Văn phòng UBND tỉnh <giaoban@example.gov.vn>";
  fx = await seedFixture();
});

afterAll(async () => {
  closeTransport();
  await sink.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

beforeEach(async () => {
  await getDb().deleteFrom("email_outbox").execute();
  sink.reset();
});

const outbox = () => getDb().selectFrom("email_outbox").selectAll().orderBy("id").execute();

/** One notification (and its e-mail) to each user, as a change would write it. */
async function notify(userIds: number[], title = "Số hóa hồ sơ hộ tịch") {
  await getDb()
    .transaction()
    .execute((trx) => deliver(trx, userIds, { kind: "task_assigned", entityType: "task", entityId: null, params: { title }, link: "/tasks/1" }));
}

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe("a change's e-mail", () => {
  it("reaches the right people, in Vietnamese, encoded for SMTP, with the link and how to change preferences; an opted-out user keeps the in-app notification", async () => {
    const { chair, secretary, headA } = fx.users;
    // The secretary turns e-mail off for new blockers on the account page (no JavaScript needed: a plain form post).
    const everyKindBut = NOTIFICATION_KINDS.filter((k) => k !== "blocker_submitted");
    const saved = await call(accountAction, await postRequest("/account", { intent: "notification-prefs", email: [...everyKindBut] }, secretary));
    expect(saved.status).toBe(302);
    expect(saved.location).toBe("/account?notifications=saved#notifications");
    const page = await call(accountLoader, await getRequest("/account", secretary));
    expect(page.data.notifications.choices.blocker_submitted).toBe(false);
    expect(page.data.notifications.choices.task_assigned).toBe(true);
    expect(page.data.notifications.emailOn).toBe(true);
    const audit = await getDb().selectFrom("audit_events").where("action", "=", "user.notification_prefs_changed").selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after_json!)).toEqual({ email_off: "blocker_submitted" });

    const title = "Chưa liên thông dữ liệu đất đai với dân cư";
    const res = await call(
      newBlocker,
      await postRequest(
        "/blockers/new",
        {
          intent: "submit",
          seriesId: String(fx.seriesId),
          title,
          description: "Mô tả khó khăn, vướng mắc.",
          pillar: "digital_data",
          severity: "high",
          helpAgencyId: "",
          proposal: "Đề nghị hỗ trợ.",
        },
        headA,
      ),
    );
    expect(res.status).toBe(302);
    const blockerId = Number(res.location!.match(/\/blockers\/(\d+)/)![1]);

    const told = await getDb().selectFrom("notifications").where("kind", "=", "blocker_submitted").select("user_id").orderBy("user_id").execute();
    expect(told.map((n) => n.user_id)).toEqual([chair, secretary]);
    const queued = await outbox();
    expect(queued.map((m) => m.to_address)).toEqual(["chair@example.test"]);

    expect(await sendDueMessages()).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail.envelopeTo).toEqual(["chair@example.test"]);
    expect(mail.messageId).toBe(queued[0].message_id);

    const message = `Có khó khăn, vướng mắc mới chờ phân loại: “${title}”.`;
    expect(mail.parsed.subject).toBe(`[Giao ban] ${message}`);
    expect(mail.parsed.from?.value).toEqual([{ address: "giaoban@example.gov.vn", name: "Văn phòng UBND tỉnh" }]);
    const link = `${PUBLIC}/blockers/${blockerId}`;
    expect(mail.parsed.text).toContain("Kính gửi Người dùng chair,");
    expect(mail.parsed.text).toContain(message);
    expect(mail.parsed.text).toContain(`Xem chi tiết: ${link}`);
    expect(mail.parsed.text).toContain(`vào Tài khoản → Thông báo: ${PUBLIC}/account#notifications`);
    expect(mail.parsed.html).toContain(`<a href="${link}">`);
    expect(mail.parsed.html).toContain("chờ phân loại");

    // On the wire: headers are 7-bit ASCII with the subject and names as RFC 2047 encoded words; the parts are UTF-8.
    const headers = mail.raw.slice(0, mail.raw.indexOf("\r\n\r\n"));
    // eslint-disable-next-line no-control-regex -- ASCII, control characters included, is what a header may hold
    expect(headers).toMatch(/^[\x00-\x7f]*$/);
    expect(headers).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(headers).toMatch(/^From: =\?UTF-8\?[BQ]\?[^<]*<giaoban@example\.gov\.vn>/im);
    expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(mail.raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);

    expect((await outbox())[0]).toMatchObject({ status: "sent", attempts: 1, last_error: null });
    expect(await sendDueMessages()).toMatchObject({ sent: 0 });
    expect(sink.received).toHaveLength(1);
  });

  it("is not written at all while e-mail is off; the in-app notification is, and the admin page says e-mail is off", async () => {
    delete process.env.SMTP_URL;
    try {
      await notify([fx.users.headB]);
      expect(await outbox()).toEqual([]);
      expect(await sendDueMessages()).toEqual({ sent: 0, retrying: 0, failed: 0, recovered: 0 });
      const page = await call(adminEmailLoader, await getRequest("/admin/email", fx.users.admin));
      expect(page.data.emailOn).toBe(false);
    } finally {
      process.env.SMTP_URL = sink.url;
    }
    const n = await getDb().selectFrom("notifications").where("user_id", "=", fx.users.headB).select("id").execute();
    expect(n.length).toBeGreaterThan(0);
  });
});

describe("retries", () => {
  it("a server that refuses at first and accepts later gets the message exactly once, after the back-off", async () => {
    await notify([fx.users.headA]);
    sink.refuse({ code: 451, message: "4.3.0 Hệ thống bận, thử lại sau", times: 2 });
    const t0 = new Date();

    expect(await sendDueMessages({ now: t0 })).toMatchObject({ sent: 0, retrying: 1 });
    let [row] = await outbox();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.last_error).toContain("451");
    expect(row.next_attempt_at).toBe(at(t0, BACKOFF_MS[0]).toISOString());

    // Not due yet: nothing is tried.
    expect(await sendDueMessages({ now: at(t0, 30_000) })).toMatchObject({ sent: 0, retrying: 0 });
    expect(sink.attempts()).toBe(1);

    const t1 = at(t0, BACKOFF_MS[0]);
    expect(await sendDueMessages({ now: t1 })).toMatchObject({ sent: 0, retrying: 1 });
    [row] = await outbox();
    expect(row.next_attempt_at).toBe(at(t1, BACKOFF_MS[1]).toISOString());

    expect(await sendDueMessages({ now: at(t1, BACKOFF_MS[1]) })).toMatchObject({ sent: 1 });
    expect(await sendDueMessages({ now: at(t1, 24 * 3_600_000) })).toMatchObject({ sent: 0 });
    expect(sink.attempts()).toBe(3);
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0].envelopeTo).toEqual(["head.a@example.test"]);
    [row] = await outbox();
    expect(row).toMatchObject({ status: "sent", attempts: 3, last_error: null });
  });

  it("a permanent refusal, or too many attempts, leaves the message failed and listed for the admin, who can send it again", async () => {
    await notify([fx.users.staffA, fx.users.staffB]);
    sink.refuse({ code: 550, message: "5.1.1 Không có hộp thư này", rcpt: "staff.a@example.test" });
    let now = new Date();
    await sendDueMessages({ now });
    // staff.b's went through; staff.a's was refused for good at once.
    expect(sink.received.map((r) => r.envelopeTo[0])).toEqual(["staff.b@example.test"]);
    const refused = (await outbox()).find((m) => m.to_address === "staff.a@example.test")!;
    expect(refused).toMatchObject({ status: "failed", attempts: 1 });
    expect(refused.last_error).toContain("550");

    // A message the server keeps deferring is tried MAX_ATTEMPTS times, then failed.
    await notify([fx.users.headB], "Nâng cấp trung tâm dữ liệu");
    sink.refuse({ code: 421, message: "4.4.2 Tạm thời không nhận thư" });
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      now = at(now, 13 * 3_600_000);
      await sendDueMessages({ now });
    }
    const deferred = (await outbox()).find((m) => m.to_address === "head.b@example.test")!;
    expect(deferred).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });

    // The admin sees both, with their errors.
    const page = await call(adminEmailLoader, await getRequest("/admin/email", fx.users.admin));
    expect(page.status).toBe(200);
    expect(page.data.emailOn).toBe(true);
    expect(page.data.server).toBe(sink.url);
    expect(page.data.counts).toMatchObject({ failed: 2, sent: 1 });
    expect(page.data.unsent.map((m: { id: number }) => m.id).sort()).toEqual([refused.id, deferred.id].sort());
    expect(page.data.unsent.find((m: { id: number }) => m.id === refused.id).last_error).toContain("Không có hộp thư này");
    expect((await call(adminEmailLoader, await getRequest("/admin/email", fx.users.chair))).status).toBe(403);
    expect((await call(adminEmailAction, await postRequest("/admin/email", { intent: "retry-all" }, fx.users.secretary))).status).toBe(403);

    // Fixed: the admin retries one, then all the failed ones; the sender delivers them.
    sink.refuse(null);
    const one = await call(adminEmailAction, await postRequest("/admin/email", { intent: "retry", id: String(refused.id) }, fx.users.admin));
    expect(one).toMatchObject({ status: 302, location: "/admin/email?retried=1" });
    const all = await call(adminEmailAction, await postRequest("/admin/email", { intent: "retry-all" }, fx.users.admin));
    expect(all).toMatchObject({ status: 302, location: "/admin/email?retried=1" });
    expect((await getDb().selectFrom("audit_events").where("action", "=", "email.retry").select("id").execute()).length).toBe(2);

    expect(await sendDueMessages()).toMatchObject({ sent: 2 });
    expect((await outbox()).every((m) => m.status === "sent")).toBe(true);
    expect(sink.received.map((r) => r.envelopeTo[0]).sort()).toEqual(["head.b@example.test", "staff.a@example.test", "staff.b@example.test"]);
    // A sent message is not sent again by a stale retry form.
    const stale = await call(adminEmailAction, await postRequest("/admin/email", { intent: "retry", id: String(refused.id) }, fx.users.admin));
    expect(stale.location).toBe("/admin/email?retried=0");
  });
});

describe("a sender process killed mid-send", () => {
  /** Runs one pass of the real sender in another process, stopped dead at `stopAt`, and kills it with SIGKILL there. */
  async function killSenderAt(stopAt: "claim" | "send"): Promise<number> {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "tests/helpers/outbox-crash.ts")], {
      cwd: ROOT,
      env: { ...process.env, STOP_AT: stopAt },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const id = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (c) => {
        out += c;
        const m = /STOPPED (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`the sender exited (${code}) before stopping: ${out} ${err}`)));
    });
    child.kill("SIGKILL");
    await exited;
    return id;
  }

  it("between claiming and sending: the message waits out its lease, then is sent, once", async () => {
    await notify([fx.users.headA], "Cấp chữ ký số cho cán bộ");
    const id = await killSenderAt("claim");
    const [row] = await outbox();
    expect(row).toMatchObject({ id, status: "sending", attempts: 1 });
    expect(sink.received).toHaveLength(0);

    // While the lease holds, no other sender takes it.
    const now = new Date();
    expect(await sendDueMessages({ now })).toMatchObject({ sent: 0, recovered: 0 });
    // The restarted sender takes it back once the lease has expired.
    expect(await sendDueMessages({ now: at(now, LEASE_MS + 1_000) })).toMatchObject({ sent: 1, recovered: 1 });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0].messageId).toBe(row.message_id);
    expect((await outbox())[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("after the server accepted it but before it was marked sent: sent again with the same Message-ID, so one message per id", async () => {
    await notify([fx.users.headB], "Kết nối dữ liệu đất đai");
    const id = await killSenderAt("send");
    const [row] = await outbox();
    expect(row).toMatchObject({ id, status: "sending" });
    expect(sink.received).toHaveLength(1);

    expect(await sendDueMessages({ now: at(new Date(), LEASE_MS + 1_000) })).toMatchObject({ sent: 1, recovered: 1 });
    expect((await outbox())[0].status).toBe("sent");
    // At least once: the server saw it twice, as the same message (same Message-ID and Date).
    expect(sink.received).toHaveLength(2);
    const [first, second] = sink.received;
    expect(second.messageId).toBe(first.messageId);
    expect(second.parsed.date?.toISOString()).toBe(first.parsed.date?.toISOString());
    expect(second.parsed.text).toBe(first.parsed.text);
    expect([...sink.unique().keys()]).toEqual([row.message_id]);
  });
});
