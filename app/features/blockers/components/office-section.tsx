/** The series' chair and secretaries: pending proposal, the triage form, pull-in, past decisions. */
import { Form, Link } from "@remix-run/react";
import { FormKey } from "~/components/form-key";
import { Badge } from "~/components/status-badge";
import type { BlockerPage } from "~/features/blockers/blockers-page.server";
import { formatDateTime, formatShortDate } from "~/utils/dates";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { useT } from "~/utils/use-t";
import { TriageForm } from "./triage-form";

type Decision = NonNullable<BlockerPage["office"]>["decisions"][number];

export function OfficeSection({
  d,
  today,
  triageErrors,
  triageValues,
}: {
  d: Pick<BlockerPage, "office" | "abilities" | "pending">;
  today: string;
  triageErrors?: FieldErrors;
  triageValues?: FormValues;
}) {
  const t = useT();
  const office = d.office;
  if (!office) return null;
  const { abilities, pending } = d;
  const isChair = abilities.hat === "chair";
  return (
    <>
      {pending && (
        <section className="card border-l-4 border-l-orange-600" aria-labelledby="proposal-title">
          <h2 id="proposal-title">{t("blockers.proposal.title")}</h2>
          <p className="mt-2 font-medium">{t(`blockers.decision.${pending.decision}`)}</p>
          <DecisionDetails decision={pending} />
          <p className="mt-1 text-sm text-stone-600">{t("blockers.proposal.by", { name: pending.proposerName, at: formatDateTime(pending.proposedAt) })}</p>
          {abilities.approve ? (
            <Form method="post" className="mt-3 flex flex-wrap gap-3">
              <FormKey />
              <input type="hidden" name="decisionId" value={pending.id} />
              <button type="submit" name="intent" value="approve" className="btn btn-primary">
                {t("blockers.proposal.approve")}
              </button>
              <button type="submit" name="intent" value="reject" className="btn btn-danger">
                {t("blockers.proposal.reject")}
              </button>
            </Form>
          ) : (
            <p className="mt-2 text-sm">{t("blockers.proposal.waiting")}</p>
          )}
        </section>
      )}

      {office.pullIn && (
        <section className="card" aria-labelledby="pullin-title">
          <h2 id="pullin-title">{t("blockers.pullIn.title")}</h2>
          <p className="mt-2">{t("blockers.pullIn.body", { meeting: office.pullIn.title })}</p>
          <Form method="post" className="mt-3">
            <FormKey />
            <button type="submit" name="intent" value="pull_in" className="btn">
              {t("blockers.pullIn.submit")}
            </button>
          </Form>
        </section>
      )}

      {abilities.triage && (isChair || !pending) && (
        <TriageForm
          isChair={isChair}
          mergeCandidates={office.mergeCandidates}
          agencies={office.agencies}
          today={today}
          errors={triageErrors}
          values={triageValues}
        />
      )}

      {office.decisions.length > 0 && <DecisionTable decisions={office.decisions} />}
    </>
  );
}

function DecisionTable({ decisions }: { decisions: Decision[] }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t("blockers.decisions.title")}</h2>
      <div className="mt-2 overflow-x-auto">
        <table className="register">
          <thead>
            <tr>
              <th scope="col">{t("blockers.decisions.decision")}</th>
              <th scope="col">{t("blockers.decisions.details")}</th>
              <th scope="col">{t("blockers.decisions.proposer")}</th>
              <th scope="col">{t("blockers.decisions.status")}</th>
              <th scope="col">{t("blockers.decisions.decider")}</th>
            </tr>
          </thead>
          <tbody>
            {decisions.map((x) => (
              <tr key={x.id}>
                <td>{t(`blockers.decision.${x.decision}`)}</td>
                <td>
                  <DecisionDetails decision={x} />
                </td>
                <td>
                  {x.proposerName}
                  <br />
                  <span className="text-xs text-stone-600">{formatDateTime(x.proposedAt)}</span>
                </td>
                <td>
                  <Badge label={t(`decision.${x.status}`)} tone={x.status === "approved" ? "good" : x.status === "rejected" ? "bad" : "warn"} />
                </td>
                <td>
                  {x.deciderName ?? t("common.none")}
                  {x.decidedAt && (
                    <>
                      <br />
                      <span className="text-xs text-stone-600">{formatDateTime(x.decidedAt)}</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function DecisionDetails({ decision }: { decision: Decision }) {
  const t = useT();
  return (
    <div className="text-sm">
      {decision.mergeIntoId && (
        <p>
          <Link to={`/blockers/${decision.mergeIntoId}`}>{t("blockers.outcome.merged", { id: decision.mergeIntoId })}</Link>
        </p>
      )}
      {decision.referAgency && (
        <p>
          {t("blockers.outcome.referred", {
            agency: decision.referAgency,
            deadline: decision.referDeadline ? formatShortDate(decision.referDeadline) : t("common.none"),
          })}
        </p>
      )}
      {decision.reason && <p className="whitespace-pre-line text-stone-700">{t("blockers.outcome.reason", { reason: decision.reason })}</p>}
    </div>
  );
}
