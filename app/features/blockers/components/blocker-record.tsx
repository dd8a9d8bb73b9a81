/** What the agency wrote, what became of it, and the blockers merged into it. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { BlockerPage } from "~/features/blockers/blockers-page.server";
import { formatDateTime, formatShortDate } from "~/utils/dates";
import { useT } from "~/utils/use-t";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-stone-700">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function BlockerRecord({ d }: { d: Pick<BlockerPage, "blocker" | "meeting"> }) {
  const t = useT();
  const b = d.blocker;
  return (
    <section className="card space-y-4" aria-label={t("blockers.detail.content")}>
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
        <Field label={t("blockers.detail.agency")}>{b.agencyName}</Field>
        <Field label={t("blockers.detail.series")}>{b.seriesName}</Field>
        <Field label={t("blockers.detail.meeting")}>
          {d.meeting ? <Link to={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link> : t("blockers.noMeeting")}
        </Field>
        <Field label={t("blockers.detail.submittedAt")}>{b.submittedAt ? formatDateTime(b.submittedAt) : t("blockers.detail.notSubmitted")}</Field>
        <Field label={t("blockers.field.helpAgency")}>{b.helpAgencyName ?? t("common.none")}</Field>
        <Field label={t("blockers.field.planTarget")}>{b.planTarget ?? t("common.none")}</Field>
      </dl>
      <div>
        <h2 className="text-base">{t("blockers.field.description")}</h2>
        <p className="mt-1 whitespace-pre-line">{b.description}</p>
      </div>
      <div>
        <h2 className="text-base">{t("blockers.field.proposal")}</h2>
        <p className="mt-1 whitespace-pre-line">{b.proposal}</p>
      </div>
      {b.isLate && b.status === "submitted" && <p className="text-sm text-orange-900">{t("blockers.detail.late")}</p>}
    </section>
  );
}

/** The answer the agency is waiting for: what happened and why. */
export function BlockerOutcome({ d }: { d: Pick<BlockerPage, "blocker" | "meeting" | "mergedInto" | "task"> }) {
  const t = useT();
  const b = d.blocker;
  if (b.status === "draft" || b.status === "withdrawn") return null;
  if (b.status === "submitted") {
    return <p className="card border-l-4 border-l-blue-800">{t("blockers.detail.awaiting")}</p>;
  }
  const tone = b.status === "declined" || b.status === "returned" ? "border-l-orange-600" : "border-l-green-700";
  return (
    <section className={`card border-l-4 ${tone}`} aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t("blockers.detail.outcome")}</h2>
      <p className="mt-2 font-medium">{t(`blockerStatus.${b.status}`)}</p>
      {b.status === "returned" && <p className="mt-1">{t("blockers.detail.returned")}</p>}
      {b.status === "on_agenda" && d.meeting && (
        <p className="mt-1">
          <Link to={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>
        </p>
      )}
      {d.mergedInto && (
        <p className="mt-1">
          <Link to={`/blockers/${d.mergedInto.id}`}>{t("blockers.detail.mergedInto", { id: d.mergedInto.id })}</Link>
          {d.mergedInto.title ? `: ${d.mergedInto.title}` : ""}
        </p>
      )}
      {d.task && (
        <p className="mt-1">
          {t("blockers.detail.task")}:{" "}
          <Link to={`/tasks/${d.task.id}`}>
            {t("blockers.detail.taskLine", {
              agency: d.task.agencyName,
              deadline: d.task.deadline ? formatShortDate(d.task.deadline) : t("common.none"),
            })}
          </Link>
        </p>
      )}
      {b.outcomeReason && (
        <div className="mt-3">
          <h3 className="text-sm font-semibold">{t("blockers.detail.reason")}</h3>
          <p className="whitespace-pre-line">{b.outcomeReason}</p>
        </div>
      )}
    </section>
  );
}

export function MergedFrom({ blockers }: { blockers: BlockerPage["mergedFrom"] }) {
  const t = useT();
  if (blockers.length === 0) return null;
  return (
    <section className="card">
      <h2>{t("blockers.detail.mergedFrom")}</h2>
      <ul className="mt-2 list-disc pl-6">
        {blockers.map((m) => (
          <li key={m.id}>
            <Link to={`/blockers/${m.id}`}>
              #{m.id} {m.title}
            </Link>{" "}
            <span className="text-stone-600">({m.agencyName})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
