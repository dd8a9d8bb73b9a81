import type { MeetingStatus } from "../../db/schema";
import { Badge } from "./status-badge";
import { useT } from "~/utils/use-t";

const TONE: Record<MeetingStatus, "neutral" | "info" | "good" | "warn" | "bad"> = {
  scheduled: "neutral",
  open: "info",
  agenda_published: "info",
  in_session: "warn",
  concluded: "neutral",
  notice_issued: "good",
};

export function MeetingStatusBadge({ status }: { status: MeetingStatus }) {
  const t = useT();
  return <Badge label={t(`meetingStatus.${status}`)} tone={TONE[status]} />;
}
