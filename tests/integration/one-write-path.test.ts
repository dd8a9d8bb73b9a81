/**
 * The one write path (app/utils/write.server.ts): a form's one-time key
 * stores a doubled or retried submission once; a refusal rolls back the
 * change with its audit event; subscribers see events in the transaction
 * and after the commit, never for a refused change.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as newMeeting } from "../../app/routes/meetings.new";
import { action as meetingAction } from "../../app/routes/meetings.$meetingId";
import { recordAudit } from "../../app/utils/audit.server";
import { getDb } from "../../app/utils/db.server";
import { onCommit, refuse, write, type AuditEvent } from "../../app/utils/write.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const meetingFields = (fx: Fixture, period: string, extra: Record<string, string> = {}) => ({
  seriesId: String(fx.seriesId),
  period,
  day: `${period}-07`,
  time: "08:00",
  cutoffDay: `${period}-04`,
  cutoffTime: "17:00",
  place: "Trụ sở UBND tỉnh",
  ...extra,
});

const meetingsOf = async (period: string) =>
  getDb().selectFrom("meetings").where("series_id", "=", fx.seriesId).where("period", "=", period).select("id").execute();
const auditCount = async () =>
  Number(
    (
      await getDb()
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("a form's one-time key", () => {
  it("stores a form sent twice once, and answers the second with the first one's result", async () => {
    const fields = meetingFields(fx, "2031-01", { _key: "seed-one.r1" });
    const first = await call(newMeeting, await postRequest("/meetings/new", fields, fx.users.secretary));
    const events = await auditCount();
    const again = await call(newMeeting, await postRequest("/meetings/new", fields, fx.users.secretary));
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await meetingsOf("2031-01")).toHaveLength(1);
    expect(await auditCount()).toBe(events);
  });

  it("stores parallel copies of one submission once", async () => {
    const fields = meetingFields(fx, "2031-02", { _key: "seed-two.r1" });
    const answers = await Promise.all(Array.from({ length: 6 }, async () => call(newMeeting, await postRequest("/meetings/new", fields, fx.users.secretary))));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(302));
    expect(new Set(answers.map((a) => a.location)).size).toBe(1);
    expect(await meetingsOf("2031-02")).toHaveLength(1);
  });

  it("without a key, a second submission is a new one (here refused: the month has its meeting)", async () => {
    const fields = meetingFields(fx, "2031-03");
    expect((await call(newMeeting, await postRequest("/meetings/new", fields, fx.users.secretary))).status).toBe(302);
    const second = await call(newMeeting, await postRequest("/meetings/new", fields, fx.users.secretary));
    expect(second.status).toBe(400);
    expect(second.data.errors.period.key).toBe("meetings.periodTaken");
    expect(await meetingsOf("2031-03")).toHaveLength(1);
  });

  it("is not spent by a refused submission: the corrected form with the same key is stored", async () => {
    const bad = await call(
      newMeeting,
      await postRequest("/meetings/new", meetingFields(fx, "2031-04", { _key: "seed-three.r1", day: "2031-13-45" }), fx.users.secretary),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.values.day).toBe("2031-13-45");
    expect(bad.data.values._key).toBeUndefined();
    const good = await call(newMeeting, await postRequest("/meetings/new", meetingFields(fx, "2031-04", { _key: "seed-three.r1" }), fx.users.secretary));
    expect(good.status).toBe(302);
    expect(await meetingsOf("2031-04")).toHaveLength(1);
  });

  it("belongs to its user: the same key from someone else is their own submission", async () => {
    const key = "seed-four.r1";
    const first = await call(newMeeting, await postRequest("/meetings/new", meetingFields(fx, "2031-05", { _key: key }), fx.users.secretary));
    const other = await call(newMeeting, await postRequest("/meetings/new", meetingFields(fx, "2031-06", { _key: key }), fx.users.chair));
    expect(first.status).toBe(302);
    expect(other.status).toBe(302);
    expect(other.location).not.toBe(first.location);
    expect(await meetingsOf("2031-06")).toHaveLength(1);
  });

  it("replays a button's change too: a doubled move along the cycle moves once", async () => {
    const made = await call(newMeeting, await postRequest("/meetings/new", meetingFields(fx, "2031-07"), fx.users.secretary));
    const meetingId = made.location!.match(/\/meetings\/(\d+)/)![1];
    const move = async () =>
      call(
        meetingAction,
        await postRequest(`/meetings/${meetingId}`, { intent: "transition", transition: "open_submissions", _key: "seed-five.r1" }, fx.users.secretary),
        {
          meetingId,
        },
      );
    const [a, b] = [await move(), await move()];
    expect(a.status).toBe(302);
    expect(b.location).toBe(a.location);
    const moves = await getDb()
      .selectFrom("audit_events")
      .where("entity_type", "=", "meeting")
      .where("entity_id", "=", Number(meetingId))
      .where("action", "=", "meeting.open_submissions")
      .select("id")
      .execute();
    expect(moves).toHaveLength(1);
  });

  it("replays only the very same submission: the same key with other fields, or sent to another page, is a submission of its own", async () => {
    const key = "seed-six.r1";
    const first = await call(newMeeting, await postRequest("/meetings/new", meetingFields(fx, "2031-09", { _key: key }), fx.users.secretary));
    const other = await call(newMeeting, await postRequest("/meetings/new", meetingFields(fx, "2031-10", { _key: key }), fx.users.secretary));
    expect(other.location).not.toBe(first.location);
    expect(await meetingsOf("2031-09")).toHaveLength(1);
    expect(await meetingsOf("2031-10")).toHaveLength(1);

    // One key on two meetings' pages (a component reused from one page to the next keeps its place, hence its id).
    const ids = [first, other].map((r) => r.location!.match(/\/meetings\/(\d+)/)![1]);
    for (const meetingId of ids) {
      const moved = await call(
        meetingAction,
        await postRequest(`/meetings/${meetingId}`, { intent: "transition", transition: "open_submissions", _key: "seed-seven.r1" }, fx.users.secretary),
        { meetingId },
      );
      expect(moved.location).toBe(`/meetings/${meetingId}?moved=open`);
    }
  });

  it("ignores a key of the wrong shape rather than trusting it", async () => {
    const fields = meetingFields(fx, "2031-08", { _key: "x" });
    expect((await call(newMeeting, await postRequest("/meetings/new", fields, fx.users.secretary))).status).toBe(302);
    expect(await getDb().selectFrom("form_submissions").where("key", "=", "x").select("key").execute()).toHaveLength(0);
  });
});

describe("write", () => {
  const actor = () => ({ id: fx.users.secretary });

  it("rolls back the change and its audit event when the work refuses", async () => {
    const before = await auditCount();
    const outcome = await write(actor(), async (trx) => {
      await recordAudit(trx, { actorUserId: fx.users.secretary, action: "meeting.scheduled", entityType: "meeting", entityId: null });
      throw refuse.conflict("meetings.refused.use_notice");
    });
    expect(outcome).toEqual({ ok: false, status: 409, messageKey: "meetings.refused.use_notice", detail: undefined });
    expect(await auditCount()).toBe(before);
  });

  it("lets a bug through as an error, not an outcome", async () => {
    await expect(
      write(actor(), async () => {
        throw new TypeError("a bug");
      }),
    ).rejects.toThrow("a bug");
  });

  it("tells the commit subscribers the events after the commit, and nothing for a refused change", async () => {
    const seen: Array<{ events: readonly AuditEvent[]; committed: number }> = [];
    const stop = onCommit(async (events) => {
      // The change is visible to another reader by now: it has been committed.
      seen.push({ events, committed: await auditCount() });
    });
    try {
      const before = await auditCount();
      await write(actor(), async (trx) => {
        await recordAudit(trx, { actorUserId: fx.users.secretary, action: "meeting.scheduled", entityType: "meeting", entityId: null });
      });
      await write(actor(), async () => {
        throw refuse.notFound();
      });
      expect(seen).toHaveLength(1);
      expect(seen[0].events.map((e) => e.action)).toEqual(["meeting.scheduled"]);
      expect(seen[0].committed).toBe(before + 1);
    } finally {
      stop();
    }
  });

  it("keeps the change when a commit subscriber fails", async () => {
    const stop = onCommit(() => {
      throw new Error("mail server down");
    });
    try {
      const before = await auditCount();
      const outcome = await write(actor(), async (trx) => {
        await recordAudit(trx, { actorUserId: fx.users.secretary, action: "meeting.scheduled", entityType: "meeting", entityId: null });
        return 7;
      });
      expect(outcome).toEqual({ ok: true, value: 7, replayed: false });
      expect(await auditCount()).toBe(before + 1);
    } finally {
      stop();
    }
  });
});

describe("the one write path is the only one", () => {
  /**
   * Machinery that keeps its own short transactions because it changes no
   * record and records no audit event: sign-in attempts and the reminder
   * scan's claims.
   */
  const MACHINERY = ["app/features/auth/throttle.server.ts", "app/features/notifications/reminders.server.ts"];

  it("opens transactions nowhere in the app but in write() and the machinery", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { join, relative } = await import("node:path");
    const root = join(__dirname, "..", "..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(path);
      }
    };
    walk(join(root, "app"));
    const opening = files
      .map((f) => relative(root, f).split("\\").join("/"))
      .filter((f) => /\.transaction\(\)/.test(readFileSync(join(root, f), "utf8")))
      .sort();
    expect(opening).toEqual(["app/utils/write.server.ts", ...MACHINERY].sort());
  });

  it("refuses an audit event recorded outside write(): it would skip the form key and the commit hooks", async () => {
    await expect(
      getDb()
        .transaction()
        .execute((trx) => recordAudit(trx, { actorUserId: null, action: "meeting.scheduled", entityType: "meeting", entityId: null })),
    ).rejects.toThrow(/outside write/);
  });
});
