import type { LoaderFunctionArgs } from "@remix-run/node";
import { getMeeting } from "~/features/meetings/meetings.server";
import { noticePrintResponse } from "~/features/notices/notice-print.server";
import { getNotice } from "~/features/notices/notices.server";
import { requireUser } from "~/utils/auth.server";
import { vnToday } from "~/utils/dates";
import { getLocale } from "~/utils/i18n.server";
import { idParam } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { notFound } from "~/utils/permissions.server";

/** The whole notice as a plain page to print or save as PDF (not hydrated: features/notices/notice-print.server.tsx). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  const notice = await getNotice(meeting.id);
  // As the notice page and the Word file: a draft is the series office's; everyone signed in reads it once issued.
  if (!notice || (notice.status !== "issued" && !can(user, "notice:draft", { seriesId: meeting.seriesId }))) notFound();
  return (await noticePrintResponse(meeting, await getLocale(request, user), vnToday().slice(0, 4))) ?? notFound();
}
