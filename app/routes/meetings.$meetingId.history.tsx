import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/error-page";
import { HistoryList } from "../components/history-list";
import { meetingHistory } from "../features/audit/audit.server";
import { getMeeting } from "../features/meetings/meetings.server";
import { requireUser } from "../utils/auth.server";
import { idParam } from "../utils/params.server";
import { can } from "../utils/permissions";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = await getMeeting(idParam(params, "meetingId"));
  // The office sees the whole record; others see the meeting's own moves.
  const office = can(user, "agenda:edit", { seriesId: meeting.seriesId });
  return { entries: await meetingHistory(meeting.id, { includeRecords: office }) };
}

export default function MeetingHistory() {
  const { entries } = useLoaderData<typeof loader>();
  return <HistoryList entries={entries} />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
