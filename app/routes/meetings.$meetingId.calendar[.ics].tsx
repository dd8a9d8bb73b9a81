import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse, meetingCalendar, publicOrigin } from "~/features/calendar/calendar.server";
import { requireUser } from "~/utils/auth.server";
import { idParam } from "~/utils/params.server";
import { notFound } from "~/utils/permissions.server";

/** One meeting as an .ics file ("Add to calendar"); every signed-in user may read meetings. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meetingId = idParam(params, "meetingId");
  const ics = await meetingCalendar(meetingId, user.locale, publicOrigin(request));
  if (ics === null) notFound();
  const response = calendarResponse(ics, `cuoc-hop-${meetingId}.ics`);
  response.headers.set("Content-Disposition", `attachment; filename="cuoc-hop-${meetingId}.ics"`);
  return response;
}
