import type { BlockerStatus } from "../../db/schema";
import type { MessageKey } from "~/i18n";
import type { TrackingStatus } from "~/features/tasks/tasks-rules";
import { useT } from "~/utils/use-t";

/** The colours officials already use: red overdue, orange due soon, green on time, grey no deadline. */
const TASK_TONE: Record<TrackingStatus, string> = {
  not_issued: "bg-stone-100 text-stone-700 border border-stone-300",
  no_deadline: "bg-stone-200 text-stone-800",
  in_progress: "bg-blue-100 text-blue-900",
  due_soon: "bg-orange-100 text-orange-900",
  overdue: "bg-red-700 text-white",
  awaiting_acceptance: "bg-purple-100 text-purple-900",
  completed_on_time: "bg-green-700 text-white",
  completed_late: "bg-amber-200 text-amber-950",
  cancelled: "bg-stone-200 text-stone-600 line-through",
};

export function TaskStatusBadge({ status }: { status: TrackingStatus }) {
  const t = useT();
  return (
    <span className={`badge ${TASK_TONE[status]}`} data-status={status}>
      {t(`taskStatus.${status}` as MessageKey)}
    </span>
  );
}

/** A neutral badge for other enumerations (meeting, blocker, decision statuses). */
export function Badge({ label, tone = "neutral" }: { label: string; tone?: "neutral" | "info" | "good" | "warn" | "bad" }) {
  const cls = {
    neutral: "bg-stone-100 text-stone-800 border border-stone-300",
    info: "bg-blue-100 text-blue-900",
    good: "bg-green-100 text-green-900",
    warn: "bg-orange-100 text-orange-900",
    bad: "bg-red-100 text-red-900",
  }[tone];
  return <span className={`badge ${cls}`}>{label}</span>;
}

const BLOCKER_TONE = {
  draft: "neutral",
  submitted: "info",
  returned: "warn",
  withdrawn: "neutral",
  on_agenda: "good",
  merged: "neutral",
  referred: "info",
  declined: "bad",
  resolved: "good",
} as const satisfies Record<BlockerStatus, "neutral" | "info" | "good" | "warn" | "bad">;

export function BlockerStatusBadge({ status }: { status: BlockerStatus }) {
  const t = useT();
  return <Badge label={t(`blockerStatus.${status}`)} tone={BLOCKER_TONE[status]} />;
}
