/** What the task is: its series, agencies, deadlines, expected result and where it came from. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { excerpt } from "~/features/tasks/task-page-rules";
import type { TaskDetail } from "~/features/tasks/tasks.server";
import type { MessageKey } from "~/i18n";
import { formatDateTime, formatShortDate } from "~/utils/dates";
import { useT } from "~/utils/use-t";

export function TaskFacts({ task }: { task: TaskDetail["task"] }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="facts-title">
      <h2 id="facts-title" className="sr-only">
        {t("tasks.facts.title")}
      </h2>
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[14rem_1fr]">
        <Fact label={t("tasks.facts.series")}>{task.seriesName}</Fact>
        <Fact label={t("tasks.col.lead")}>{task.leadAgency}</Fact>
        <Fact label={t("tasks.col.coordinating")}>{task.coordinators.length ? task.coordinators.map((c) => c.name).join("; ") : t("common.none")}</Fact>
        {task.pillar && <Fact label={t("tasks.facts.pillar")}>{t(`pillar.${task.pillar}` as MessageKey)}</Fact>}
        <Fact label={t("tasks.facts.deadline")}>{task.deadline ? <strong>{formatShortDate(task.deadline)}</strong> : t("tasks.noDeadline")}</Fact>
        <Fact label={t("tasks.facts.originalDeadline")}>
          {task.originalDeadline ? formatShortDate(task.originalDeadline) : t("common.none")}
          {task.originalDeadline && task.deadline && task.originalDeadline !== task.deadline && (
            <span className="ml-2 text-sm text-stone-600">{t("tasks.facts.extended")}</span>
          )}
        </Fact>
        {task.completedOn && <Fact label={t("tasks.facts.completedOn")}>{formatShortDate(task.completedOn)}</Fact>}
        <Fact label={t("tasks.facts.expectedResult")}>
          <span className="whitespace-pre-line">{task.expectedResult || t("common.none")}</span>
        </Fact>
        {task.description && (
          <Fact label={t("tasks.facts.description")}>
            <span className="whitespace-pre-line">{task.description}</span>
          </Fact>
        )}
        <Fact label={t("tasks.facts.origin")}>
          <TaskOrigin task={task} />
        </Fact>
        {task.reportNextMeeting && <Fact label={t("tasks.facts.reportNextMeeting")}>{t("common.yes")}</Fact>}
        <Fact label={t("tasks.facts.created")}>
          {formatDateTime(task.createdAt)}
          {task.creatorName ? ` · ${task.creatorName}` : ""}
        </Fact>
      </dl>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-stone-700">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The meeting, conclusion and blocker the task came from, each a link to it. */
function TaskOrigin({ task }: { task: TaskDetail["task"] }) {
  const t = useT();
  if (!task.meeting && !task.conclusion && !task.blocker) return <>{t("common.none")}</>;
  return (
    <ul className="space-y-1">
      {task.meeting && (
        <li>
          {t("tasks.origin.meeting")} <Link to={`/meetings/${task.meeting.id}`}>{task.meeting.title}</Link>
        </li>
      )}
      {task.conclusion && (
        <li>
          {t("tasks.origin.conclusion")}{" "}
          {task.conclusion.meetingId ? (
            <Link to={`/meetings/${task.conclusion.meetingId}/session#conclusion-${task.conclusion.id}`}>{excerpt(task.conclusion.body)}</Link>
          ) : (
            excerpt(task.conclusion.body)
          )}
        </li>
      )}
      {task.blocker && (
        <li>
          {t("tasks.origin.blocker")} <Link to={`/blockers/${task.blocker.id}`}>{task.blocker.title}</Link>
        </li>
      )}
    </ul>
  );
}
