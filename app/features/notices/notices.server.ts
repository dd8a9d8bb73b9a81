import { sql } from "kysely";
import type { Notice } from "../../../db/schema";
import type { SessionUser } from "~/utils/auth.server";
import { recordAudit } from "~/utils/audit.server";
import { formatLongDate, formatPeriod, nowIso, vnDayOf, vnToday } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { cachedUntilWrite } from "~/utils/generation-cache.server";
import { seriesHat } from "~/utils/series-hat";
import { refuse, write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { transitionMeeting } from "~/features/meetings/meetings-rules";
import { agendaCounts } from "~/features/meetings/meetings.server";
import { tasksOfMeeting } from "~/features/conclusions/conclusions.server";
import type { NoticeEditInput } from "./notices-schemas";
import { assignmentSentence, defaultRecipients, placeFromIssuingBody, type NoticeConclusion, type NoticeText } from "./notices-rules";

export async function getNotice(meetingId: number): Promise<Notice | null> {
  return (await getDb().selectFrom("notices").where("meeting_id", "=", meetingId).selectAll().executeTakeFirst()) ?? null;
}

/**
 * Numbered conclusions in agenda order, each with its assignments, in
 * Vietnamese. Every agency reads the notice once it is issued, and a
 * province's meeting assigns a thousand tasks or more: read once per change
 * of the records, not per view.
 */
export async function noticeConclusions(meetingId: number): Promise<NoticeConclusion[]> {
  return cachedUntilWrite(getDb(), ["notice-conclusions", meetingId], () => readNoticeConclusions(meetingId));
}

async function readNoticeConclusions(meetingId: number): Promise<NoticeConclusion[]> {
  const db = getDb();
  const items = await db
    .selectFrom("agenda_items as i")
    .innerJoin("conclusions as c", "c.agenda_item_id", "i.id")
    .where("i.meeting_id", "=", meetingId)
    .where("i.removed", "=", 0)
    .orderBy("i.position")
    .orderBy("i.id")
    .select(["i.title", "c.id as conclusionId", "c.body"])
    .execute();
  const tasks = await tasksOfMeeting(meetingId);
  return items.map((i) => ({
    itemTitle: i.title,
    body: i.body,
    assignments: tasks
      .filter((t) => t.conclusionId === i.conclusionId && t.status !== "cancelled")
      .map((t) =>
        assignmentSentence({
          title: t.title,
          leadName: t.leadVi,
          coordinatorNames: t.coordinators.map((c) => c.nameVi),
          deadline: t.originalDeadline ?? t.deadline,
        }),
      ),
  }));
}

/** The notice's whole text, as the Word file and the print view take it. */
export async function noticeText(meeting: { id: number; seriesId: number }, notice: Notice): Promise<NoticeText> {
  const series = await getDb().selectFrom("series").where("id", "=", meeting.seriesId).select(["issuing_body"]).executeTakeFirstOrThrow();
  return {
    issuingBody: series.issuing_body,
    place: placeFromIssuingBody(series.issuing_body),
    number: notice.number,
    symbol: notice.symbol,
    issuedOn: notice.issued_on,
    summary: notice.summary,
    opening: notice.opening,
    conclusions: await noticeConclusions(meeting.id),
    closing: notice.closing,
    recipients: notice.recipients,
    signerAuthority: notice.signer_authority,
    signerTitle: notice.signer_title,
    signerName: notice.signer_name,
    draft: notice.status !== "issued",
    thisYear: vnToday().slice(0, 4),
  };
}

/** Drafts the notice from the meeting's conclusions; the secretary then edits the wording. */
export async function draftNotice(user: SessionUser, meetingId: number, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  return write(
    user,
    async (trx) => {
      // Read in the change: the meeting cannot be moved on, nor a task added, between the draft and what it says.
      const meeting = await trx
        .selectFrom("meetings")
        .innerJoin("series", "series.id", "meetings.series_id")
        .where("meetings.id", "=", meetingId)
        .select([
          "meetings.id",
          "meetings.status",
          "meetings.starts_at",
          "meetings.period",
          "meetings.series_id",
          "series.name_vi",
          "series.notice_symbol",
          "series.issuing_body",
          "series.standing_recipients",
          "series.archive_line",
          "series.signer_authority",
          "series.signer_title",
          "series.signer_name",
        ])
        .executeTakeFirst();
      if (!meeting) throw refuse.notFound();
      if (meeting.status !== "concluded") throw refuse.conflict("meetings.refused.notice_needs_concluded");
      const exists = await trx.selectFrom("notices").where("meeting_id", "=", meetingId).select("id").executeTakeFirst();
      if (exists) throw refuse.conflict("meetings.refused.notice_exists");
      const chair = await trx
        .selectFrom("series_members")
        .innerJoin("users", "users.id", "series_members.user_id")
        .where("series_members.series_id", "=", meeting.series_id)
        .where("series_members.role", "=", "chair")
        .select(["users.title"])
        .executeTakeFirst();
      const chairTitle = chair?.title ?? "Chủ tịch UBND tỉnh";
      const bridgePoints = await trx.selectFrom("bridge_points").where("meeting_id", "=", meetingId).select("label").execute();
      const tasks = await tasksOfMeeting(meetingId, trx);
      const concerned = tasks.flatMap((t) => [t.leadVi, ...t.coordinators.map((c) => c.nameVi)]);
      const day = vnDayOf(meeting.starts_at);
      const bridges = bridgePoints.length ? `; tại các điểm cầu: ${bridgePoints.map((b) => b.label).join(", ")}` : "";
      const row = await trx
        .insertInto("notices")
        .values({
          meeting_id: meetingId,
          symbol: meeting.notice_symbol,
          summary: `Kết luận của đồng chí ${chairTitle} tại cuộc họp ${meeting.name_vi.charAt(0).toLocaleLowerCase("vi")}${meeting.name_vi.slice(1)} ${formatPeriod(meeting.period, "vi")}`,
          opening:
            `${formatLongDate(day).replace(/^n/, "N")}, đồng chí ${chairTitle} chủ trì cuộc họp ${meeting.name_vi.toLocaleLowerCase("vi")} ${formatPeriod(meeting.period, "vi")}. ` +
            `Tham dự cuộc họp có lãnh đạo các sở, ban, ngành, địa phương liên quan${bridges}. ` +
            `Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, đồng chí ${chairTitle} kết luận, chỉ đạo như sau:`,
          closing: `Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.`,
          recipients: defaultRecipients(concerned, meeting.standing_recipients, meeting.archive_line),
          signer_authority: meeting.signer_authority,
          signer_title: meeting.signer_title,
          // The series names its usual signer; without one, the drafter fills it in before issue.
          signer_name: meeting.signer_name || user.fullName,
          drafted_by: user.id,
          updated_at: nowIso(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: "notice.drafted", entityType: "notice", entityId: row.id, after: row });
      return { id: row.id };
    },
    options,
  );
}

export async function updateNotice(user: SessionUser, meetingId: number, input: NoticeEditInput, options: WriteOptions = {}): Promise<Outcome<{ id: number }>> {
  return write(
    user,
    async (trx) => {
      const before = await trx.selectFrom("notices").where("meeting_id", "=", meetingId).selectAll().executeTakeFirst();
      if (!before) throw refuse.notFound();
      if (before.status !== "draft") throw refuse.conflict("meetings.refused.notice_issued");
      const after = await trx
        .updateTable("notices")
        .set({
          summary: input.summary,
          opening: input.opening,
          closing: input.closing,
          recipients: input.recipients,
          signer_authority: input.signerAuthority,
          signer_title: input.signerTitle,
          signer_name: input.signerName,
          version: before.version + 1,
          updated_at: nowIso(),
        })
        .where("id", "=", before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: "notice.edited", entityType: "notice", entityId: before.id, before, after });
      return { id: before.id };
    },
    options,
  );
}

/**
 * The chair approves and issues: the notice takes the next number of the
 * year for its symbol and today's date, the meeting is closed, and the
 * tasks it assigns go live for their agencies — all in one transaction.
 */
export async function issueNotice(
  user: SessionUser,
  meetingId: number,
  today: string = vnToday(),
  options: WriteOptions = {},
): Promise<Outcome<{ number: number }>> {
  return write(
    user,
    async (trx) => {
      const meeting = await trx.selectFrom("meetings").where("id", "=", meetingId).selectAll().executeTakeFirst();
      if (!meeting) throw refuse.notFound();
      const notice = await trx.selectFrom("notices").where("meeting_id", "=", meetingId).selectAll().executeTakeFirst();
      if (!notice) throw refuse.conflict("meetings.refused.no_notice");
      if (notice.status === "issued") throw refuse.conflict("meetings.refused.notice_issued");
      const move = transitionMeeting(meeting.status, "issue_notice", seriesHat(user, meeting.series_id), await agendaCounts(meetingId, trx));
      if (!move.ok) {
        if (move.reason === "forbidden") throw refuse.forbidden();
        throw refuse.conflict(`meetings.refused.${move.reason}`);
      }
      const year = Number(today.slice(0, 4));
      const last = await trx
        .selectFrom("notices")
        .where("symbol", "=", notice.symbol)
        .where("year", "=", year)
        .select(sql<number>`coalesce(max(number), 0)`.as("n"))
        .executeTakeFirstOrThrow();
      const number = Number(last.n) + 1;
      const at = nowIso();
      const issued = await trx
        .updateTable("notices")
        .set({ status: "issued", year, number, issued_on: today, approved_by: user.id, approved_at: at, version: notice.version + 1, updated_at: at })
        .where("id", "=", notice.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: user.id, action: "notice.issued", entityType: "notice", entityId: notice.id, before: notice, after: issued });
      await trx
        .updateTable("meetings")
        .set({ status: "notice_issued", version: meeting.version + 1, updated_at: at })
        .where("id", "=", meetingId)
        .execute();
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "meeting.issue_notice",
        entityType: "meeting",
        entityId: meetingId,
        before: { status: meeting.status },
        after: { status: "notice_issued" },
      });
      const drafts = await trx.selectFrom("tasks").where("meeting_id", "=", meetingId).where("status", "=", "draft").selectAll().execute();
      for (const task of drafts) {
        await trx
          .updateTable("tasks")
          .set({ status: "in_progress", version: task.version + 1, updated_at: at })
          .where("id", "=", task.id)
          .execute();
        await recordAudit(trx, {
          actorUserId: user.id,
          action: "task.issued",
          entityType: "task",
          entityId: task.id,
          before: { status: "draft" },
          after: { status: "in_progress", notice: issued.number },
        });
      }
      // Blockers concluded at this meeting are resolved by the notice.
      const resolved = await trx
        .selectFrom("agenda_items")
        .where("meeting_id", "=", meetingId)
        .where("outcome", "=", "concluded")
        .where("blocker_id", "is not", null)
        .select("blocker_id")
        .execute();
      for (const { blocker_id } of resolved) {
        const b = await trx.selectFrom("blockers").where("id", "=", blocker_id!).where("status", "=", "on_agenda").select(["id", "version"]).executeTakeFirst();
        if (!b) continue;
        await trx
          .updateTable("blockers")
          .set({ status: "resolved", version: b.version + 1, updated_at: at })
          .where("id", "=", b.id)
          .execute();
        await recordAudit(trx, {
          actorUserId: user.id,
          action: "blocker.resolved",
          entityType: "blocker",
          entityId: b.id,
          before: { status: "on_agenda" },
          after: { status: "resolved", notice: issued.number },
        });
      }
      return { number };
    },
    options,
  );
}
