/** For a chair: the extension requests and completion reports waiting for their decision, oldest first. */
import { Link } from "@remix-run/react";
import type { PendingDecision } from "~/features/tasks/tasks.server";
import { formatShortDate } from "~/utils/dates";
import { useT } from "~/utils/use-t";

export function AwaitingDecisions({ pending }: { pending: { items: PendingDecision[]; total: number } }) {
  const t = useT();
  return (
    <section className="card border-l-4 border-l-purple-700" aria-labelledby="awaiting-title">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="awaiting-title">{t("tasks.awaiting.title", { count: pending.total })}</h2>
        <Link to="/tasks?awaiting=chair&agency=all">{t("tasks.awaiting.filter")}</Link>
      </div>
      <ul className="mt-2 divide-y divide-stone-200">
        {pending.items.map((p) => (
          <li key={`${p.kind}-${p.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
            <span className="badge bg-purple-100 text-purple-900">
              {p.kind === "extension"
                ? t("tasks.awaiting.extension", { date: formatShortDate(p.day) })
                : t("tasks.awaiting.completion", { date: formatShortDate(p.day) })}
            </span>
            <Link to={`/tasks/${p.taskId}#${p.kind === "extension" ? "extensions" : "completion"}`} className="font-medium">
              {t("tasks.number", { id: p.taskId })} · {p.title}
            </Link>
            <span className="text-sm text-stone-600">{p.leadAgency}</span>
          </li>
        ))}
      </ul>
      {pending.total > pending.items.length && (
        <p className="mt-2 text-sm">
          <Link to="/tasks?awaiting=chair&agency=all">{t("tasks.awaiting.more", { count: pending.total - pending.items.length })}</Link>
        </p>
      )}
    </section>
  );
}
