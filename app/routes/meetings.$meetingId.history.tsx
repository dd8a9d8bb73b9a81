import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { HistoryList } from "~/components/history-list";
import { meetingHistory } from "~/features/audit/audit.server";
import { getMeeting } from "~/features/meetings/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { idParam } from "~/utils/params.server";
import { notFound } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  // Filtered by the reader: the office sees the whole record; others the meeting's moves and what the notice published.
  return { entries: await meetingHistory(user, meeting) };
}

export default function MeetingHistory() {
  const { entries } = useLoaderData<typeof loader>();
  return <HistoryList entries={entries} />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
