import type { LoaderFunctionArgs } from "@remix-run/node";
import { docxResponse } from "~/features/exports/docx-parts.server";
import { noticeDocx } from "~/features/exports/docx-notice.server";
import { getMeeting } from "~/features/meetings/meetings.server";
import { getNotice } from "~/features/notices/notices.server";
import { requireUser } from "~/utils/auth.server";
import { idParam } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { notFound } from "~/utils/permissions.server";

/** The conclusion notice as Word (DOCX). Who may read it is exactly who reads the notice page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  const notice = await getNotice(meeting.id);
  // A draft notice is the series office's; everyone signed in reads it once issued.
  if (!notice || (notice.status !== "issued" && !can(user, "notice:draft", { seriesId: meeting.seriesId }))) notFound();
  return docxResponse(await noticeDocx(meeting, notice));
}
