/**
 * The reminder scan against a real database and a real SMTP server on
 * loopback: who is reminded of what, in Vietnamese, and that a scan run
 * twice — or by two processes at once (`npm run reminders` twice) — writes
 * and sends each reminder once.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlockerStatus, MeetingStatus, TaskStatus } from "../../db/schema";
import { closeTransport } from "../../app/features/notifications/email.server";
import { sendDueMessages } from "../../app/features/notifications/outbox.server";
import { runReminderScan } from "../../app/features/notifications/reminders.server";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

const ROOT = join(__dirname, "../..");
/** 07:00 on Saturday 10 May 2031 in Vietnam. */
const NOW = new Date("2031-05-10T00:00:00Z");
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

let sink: SmtpSink;
let fx: Fixture;
const ids = { dueSoon: 0, overdue: 0, later: 0, awaiting: 0, draft: 0, cutoffSoon: 0, cutoffPassed: 0, published: 0 };
const saved = { SMTP_URL: process.env.SMTP_URL, PUBLIC_URL: process.env.PUBLIC_URL };

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.PUBLIC_URL = "https://giaoban.example.gov.vn";
  fx = await seedFixture();
  const db = getDb();
  const at = new Date().toISOString();
  const task = async (title: string, lead: number, deadline: string, status: TaskStatus) =>
    (
      await db
        .insertInto("tasks")
        .values({
          series_id: fx.seriesId,
          meeting_id: null,
          conclusion_id: null,
          blocker_id: null,
          title,
          description: "",
          expected_result: "",
          pillar: null,
          lead_agency_id: lead,
          original_deadline: deadline,
          deadline,
          status,
          completed_on: null,
          created_by: fx.users.chair,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  ids.dueSoon = await task("Kết nối dữ liệu đất đai với dân cư", fx.agencyA, "2031-05-12", "in_progress");
  ids.overdue = await task("Số hóa hồ sơ hộ tịch", fx.agencyB, "2031-05-09", "in_progress");
  ids.later = await task("Nâng cấp trung tâm dữ liệu", fx.agencyA, "2031-05-20", "in_progress");
  ids.awaiting = await task("Cấp chữ ký số cho cán bộ", fx.agencyA, "2031-05-01", "awaiting_acceptance");
  ids.draft = await task("Dự thảo: rà soát hạ tầng", fx.agencyA, "2031-05-11", "draft");

  const meeting = async (period: string, title: string, cutoffAt: string, status: MeetingStatus) =>
    (
      await db
        .insertInto("meetings")
        .values({
          series_id: fx.seriesId,
          period,
          title,
          starts_at: cutoffAt.replace(/T.*/, "T01:30:00.000Z"),
          place: "Trụ sở UBND tỉnh",
          cutoff_at: cutoffAt,
          status,
          created_by: fx.users.secretary,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  // 17:00 in Vietnam on 12 May; 17:00 on 9 May (passed); 17:00 on 8 May, agenda already published.
  ids.cutoffSoon = await meeting("2031-06", "Giao ban chuyển đổi số tháng 6/2031", "2031-05-12T10:00:00.000Z", "open");
  ids.cutoffPassed = await meeting("2031-05", "Giao ban chuyển đổi số tháng 5/2031", "2031-05-09T10:00:00.000Z", "open");
  ids.published = await meeting("2031-04", "Giao ban chuyển đổi số tháng 4/2031", "2031-05-08T10:00:00.000Z", "agenda_published");

  const blocker = (title: string, status: BlockerStatus, submittedAt: string | null) =>
    db
      .insertInto("blockers")
      .values({
        series_id: fx.seriesId,
        agency_id: fx.agencyA,
        meeting_id: ids.cutoffPassed,
        title,
        description: "Mô tả.",
        pillar: "digital_data",
        severity: "high",
        help_agency_id: null,
        proposal: "Đề nghị.",
        plan_target: null,
        status,
        is_late: 0,
        created_by: fx.users.headA,
        submitted_by: submittedAt ? fx.users.headA : null,
        submitted_at: submittedAt,
        updated_at: at,
      })
      .execute();
  await blocker("Thiếu kinh phí chuyển đổi số cấp xã", "submitted", "2031-05-05T02:00:00.000Z");
  await blocker("Phần mềm một cửa chưa ổn định", "on_agenda", "2031-05-09T09:59:00.000Z");
  await blocker("Gửi sau hạn", "submitted", "2031-05-09T10:01:00.000Z");
  await blocker("Bản nháp", "draft", null);
  await blocker("Đã rút", "withdrawn", "2031-05-06T02:00:00.000Z");
});

afterAll(async () => {
  closeTransport();
  await sink.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const told = async (kind: string, afterId = 0) =>
  (
    await getDb()
      .selectFrom("notifications")
      .where("kind", "=", kind)
      .where("id", ">", afterId)
      .select(["user_id", "entity_id", "params_json", "link"])
      .orderBy("user_id")
      .execute()
  ).map((n) => ({ user: n.user_id, entity: n.entity_id, params: JSON.parse(n.params_json), link: n.link }));

const subjectsTo = (address: string) => sink.received.filter((r) => r.envelopeTo.includes(address)).map((r) => r.parsed.subject);
const noneNew = { task_due_soon: 0, task_overdue: 0, cutoff_soon: 0, cutoff_passed: 0 };

describe("the daily reminder scan", () => {
  it("reminds each task's lead agency and each meeting's agencies and office, in the app and by e-mail in Vietnamese", async () => {
    const { headA, staffA, headB, staffB, chair, secretary } = fx.users;
    const r = await runReminderScan(NOW);
    expect(r).toEqual({ day: "2031-05-10", reminders: { task_due_soon: 1, task_overdue: 1, cutoff_soon: 1, cutoff_passed: 1 }, notifications: 10 });

    expect(await told("task_due_soon")).toEqual(
      [headA, staffA].map((user) => ({
        user,
        entity: ids.dueSoon,
        params: { title: "Kết nối dữ liệu đất đai với dân cư", deadline: "12/05/2031" },
        link: `/tasks/${ids.dueSoon}`,
      })),
    );
    expect(await told("task_overdue")).toEqual(
      [headB, staffB].map((user) => ({
        user,
        entity: ids.overdue,
        params: { title: "Số hóa hồ sơ hộ tịch", deadline: "09/05/2031" },
        link: `/tasks/${ids.overdue}`,
      })),
    );
    expect((await told("cutoff_soon")).map((n) => n.user)).toEqual([headA, staffA, headB, staffB]);
    expect((await told("cutoff_soon"))[0].params).toEqual({ title: "Giao ban chuyển đổi số tháng 6/2031", cutoff: "17:00 12/05/2031" });
    // Received by the cut-off: two (not the late one, the draft or the withdrawn one).
    expect(await told("cutoff_passed")).toEqual(
      [chair, secretary].map((user) => ({
        user,
        entity: ids.cutoffPassed,
        params: { title: "Giao ban chuyển đổi số tháng 5/2031", count: 2 },
        link: `/meetings/${ids.cutoffPassed}`,
      })),
    );

    expect(await sendDueMessages()).toMatchObject({ sent: 10, failed: 0 });
    expect(sink.received).toHaveLength(10);
    expect(subjectsTo("head.a@example.test").sort()).toEqual(
      [
        "[Giao ban] Nhiệm vụ “Kết nối dữ liệu đất đai với dân cư” đến hạn ngày 12/05/2031.",
        "[Giao ban] Sắp hết hạn gửi khó khăn, vướng mắc cho cuộc họp “Giao ban chuyển đổi số tháng 6/2031”: hạn cuối 17:00 12/05/2031.",
      ].sort(),
    );
    expect(subjectsTo("staff.b@example.test")).toContain("[Giao ban] Nhiệm vụ “Số hóa hồ sơ hộ tịch” đã quá hạn từ ngày 09/05/2031.");
    const toChair = sink.received.find((m) => m.envelopeTo.includes("chair@example.test"))!;
    expect(toChair.parsed.text).toContain("Đã hết hạn gửi khó khăn, vướng mắc cho cuộc họp “Giao ban chuyển đổi số tháng 5/2031”: nhận được 2 nội dung.");
    expect(toChair.parsed.text).toContain(`https://giaoban.example.gov.vn/meetings/${ids.cutoffPassed}`);
    // The inactive user of agency A is not reminded.
    expect(sink.received.some((m) => m.envelopeTo.includes("inactive@example.test"))).toBe(false);
  });

  it("run twice the same day, it writes and sends nothing more", async () => {
    const before = sink.received.length;
    expect((await runReminderScan(NOW)).reminders).toEqual(noneNew);
    expect((await runReminderScan(new Date(NOW.getTime() + 10 * 3_600_000))).reminders).toEqual(noneNew);
    expect(await sendDueMessages()).toMatchObject({ sent: 0 });
    expect(sink.received.length).toBe(before);
    expect(sink.unique().size).toBe(sink.received.length);
  });

  it("the next day: nothing new, since each reminder was already sent for this deadline and cut-off", async () => {
    expect((await runReminderScan(day(1))).reminders).toEqual(noneNew);
  });

  it("a week later, `npm run reminders` run by two processes at once reminds once: the weekly overdue, the newly overdue task, the next task due, the passed cut-off", async () => {
    const lastId =
      (
        await getDb()
          .selectFrom("notifications")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirstOrThrow()
      ).id ?? 0;
    const before = sink.received.length;
    const runCli = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "db/reminders.ts"), "--now", day(7).toISOString()], {
          cwd: ROOT,
          env: process.env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        child.stdout.on("data", (c) => (out += c));
        child.stderr.on("data", (c) => (out += c));
        child.on("exit", (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([runCli(), runCli()]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    expect(a.out + b.out).toContain("Reminders for 2031-05-17");

    const log = await getDb()
      .selectFrom("reminder_log")
      .where("day", "=", "2031-05-17")
      .select(["entity_type", "entity_id", "kind"])
      .orderBy("kind")
      .orderBy("entity_id")
      .execute();
    expect(log).toEqual([
      { entity_type: "meeting", entity_id: ids.cutoffSoon, kind: "cutoff_passed" },
      { entity_type: "task", entity_id: ids.later, kind: "task_due_soon" },
      { entity_type: "task", entity_id: ids.dueSoon, kind: "task_overdue" },
      { entity_type: "task", entity_id: ids.overdue, kind: "task_overdue" },
    ]);
    const { headA, staffA, headB, staffB, chair, secretary } = fx.users;
    expect((await told("task_overdue", Number(lastId))).map((n) => n.user).sort()).toEqual([headA, staffA, headB, staffB].sort());
    expect((await told("task_due_soon", Number(lastId))).map((n) => [n.user, n.entity])).toEqual([
      [headA, ids.later],
      [staffA, ids.later],
    ]);
    expect((await told("cutoff_passed", Number(lastId))).map((n) => n.user)).toEqual([chair, secretary]);
    expect((await told("cutoff_passed", Number(lastId)))[0].params.count).toBe(0);

    // Both processes also ran the sender once: together they sent each new message once.
    await sendDueMessages();
    expect(sink.received.length - before).toBe(8);
    expect(sink.unique().size).toBe(sink.received.length);
    expect((await getDb().selectFrom("email_outbox").where("status", "!=", "sent").select("id").execute()).length).toBe(0);
  });
});
