import type { LoaderFunctionArgs } from "@remix-run/node";
import { agendaDocx, loadAgendaDocument } from "~/features/exports/docx-agenda.server";
import { docxResponse } from "~/features/exports/docx-parts.server";
import { agendaEditable } from "~/features/meetings/meetings-rules";
import { getMeeting } from "~/features/meetings/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { idParam } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { notFound } from "~/utils/permissions.server";

/** The agenda as Word (DOCX). Who may read it is exactly who reads the agenda page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  const published = !agendaEditable(meeting.status);
  // Before it is published the agenda is the series office's working copy.
  if (!published && !can(user, "agenda:edit", { seriesId: meeting.seriesId })) notFound();
  return docxResponse(await agendaDocx(await loadAgendaDocument(meeting, !published)));
}
