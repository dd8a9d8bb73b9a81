/** The task's place in the register, its number and title, and where it stands. */
import { Link } from "@remix-run/react";
import { Badge, TaskStatusBadge } from "~/components/status-badge";
import type { TrackingStatus } from "~/features/tasks/tasks-rules";
import type { TaskDetail } from "~/features/tasks/tasks.server";
import { useT } from "~/utils/use-t";

export function TaskHeader({ task, tracking, extensionPending }: { task: TaskDetail["task"]; tracking: TrackingStatus; extensionPending: boolean }) {
  const t = useT();
  return (
    <>
      <nav aria-label={t("tasks.breadcrumb")} className="text-sm no-print">
        <Link to="/tasks">{t("tasks.register.title")}</Link> <span aria-hidden="true">›</span> {t("tasks.number", { id: task.id })}
      </nav>
      <header>
        <p className="text-sm font-medium text-stone-600">{t("tasks.number", { id: task.id })}</p>
        <h1 className="mt-1">{task.title}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <TaskStatusBadge status={tracking} />
          {extensionPending && <Badge tone="warn" label={t("tasks.deadline.extensionPending")} />}
        </div>
      </header>
    </>
  );
}
