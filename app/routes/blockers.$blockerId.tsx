import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { TRIAGE_DECISIONS } from "../../db/schema";
import { BlockerFields } from "~/components/blocker-fields";
import { ErrorPage } from "~/components/error-page";
import { FormAlert, SelectField, TextAreaField, TextField } from "~/components/field";
import { HistoryList } from "~/components/history-list";
import { Badge, BlockerStatusBadge } from "~/components/status-badge";
import { withdrawNeedsHead } from "~/features/blockers/blockers-rules";
import { EditBlockerSchema, IntentSchema, ProposalSchema, REASON_MAX, TriageSchema, WithdrawSchema } from "~/features/blockers/blockers-schemas";
import {
  blockerDetail,
  blockerResource,
  decideProposal,
  findReadableBlocker,
  pullInBlocker,
  submitBlocker,
  triageBlocker,
  updateBlocker,
  withdrawBlocker,
  type WriteOutcome,
} from "~/features/blockers/blockers.server";
import type { MessageKey } from "~/i18n";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime, formatShortDate, vnToday } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { notFound, requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

const DONE = ["created", "submitted", "updated", "withdrawn", "decided", "proposed", "approved", "rejected", "pulledIn"] as const;
type Done = (typeof DONE)[number];

function blockerId(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) notFound();
  return Number(value);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const blocker = (await findReadableBlocker(user, blockerId(params.blockerId))) ?? notFound();
  requirePermission(user, "blocker:read", blockerResource(blocker));
  const t = await getTranslator(request, user);
  const url = new URL(request.url);
  const detail = await blockerDetail(user, blocker);
  const done = url.searchParams.get("done");
  return {
    title: `${blocker.title} · ${t("blockers.title")} · ${t("app.name")}`,
    ...detail,
    today: vnToday(),
    editing: url.searchParams.has("edit") && detail.abilities.edit,
    confirmingWithdraw: url.searchParams.has("withdraw") && detail.abilities.withdraw,
    done: (DONE as readonly (string | null)[]).includes(done) ? (done as Done) : null,
  };
}

/** What was typed, sent back with a 400 so the form keeps it. */
function typed(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") values[k] = v;
  return values;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = blockerId(params.blockerId);
  const blocker = (await findReadableBlocker(user, id)) ?? notFound();
  const resource = blockerResource(blocker);
  requirePermission(user, "blocker:read", resource);
  const form = await readForm(request);
  const parsedIntent = parseForm(IntentSchema, form);
  if (!parsedIntent.ok) throw data({ status: 400 }, { status: 400 });
  const intent = parsedIntent.data.intent;

  const invalid = (errors: FieldErrors) => data({ intent, errors, values: typed(form) }, { status: 400 });
  const respond = <T,>(result: WriteOutcome<T>, done: Done) => {
    if (result.ok) return redirect(`/blockers/${id}?done=${done}`);
    if (result.status === 400) return invalid(result.errors);
    return data({ intent, formError: result.messageKey, values: typed(form) }, { status: 409 });
  };

  switch (intent) {
    case "edit": {
      requirePermission(user, "blocker:draft", resource);
      const parsed = parseForm(EditBlockerSchema, form);
      if (!parsed.ok) return invalid(parsed.errors);
      return respond(await updateBlocker(user, id, parsed.data), "updated");
    }
    case "submit":
      requirePermission(user, "blocker:submit", resource);
      return respond(await submitBlocker(user, id), "submitted");
    case "withdraw": {
      requirePermission(user, withdrawNeedsHead(blocker.status) ? "blocker:submit" : "blocker:draft", resource);
      const parsed = parseForm(WithdrawSchema, form);
      if (!parsed.ok) return invalid(parsed.errors);
      return respond(await withdrawBlocker(user, id), "withdrawn");
    }
    case "triage": {
      requirePermission(user, "blocker:triage", resource);
      const parsed = parseForm(TriageSchema, form);
      if (!parsed.ok) return invalid(parsed.errors);
      const result = await triageBlocker(user, id, parsed.data);
      return respond(result, result.ok && !result.value.applied ? "proposed" : "decided");
    }
    case "approve":
    case "reject": {
      requirePermission(user, "triage:approve", resource);
      const parsed = parseForm(ProposalSchema, form);
      if (!parsed.ok) return invalid(parsed.errors);
      const approve = intent === "approve";
      return respond(await decideProposal(user, id, parsed.data.decisionId, approve), approve ? "approved" : "rejected");
    }
    case "pull_in":
      requirePermission(user, "triage:approve", resource);
      return respond(await pullInBlocker(user, id), "pulledIn");
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = ReturnType<typeof useActionData<typeof action>>;

function errorsFor(actionData: ActionData, intent: string): FieldErrors | undefined {
  return actionData && actionData.intent === intent && "errors" in actionData ? actionData.errors : undefined;
}

export default function BlockerPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { blocker: b, abilities } = d;
  const editErrors = errorsFor(actionData, "edit");
  const editing = d.editing || actionData?.intent === "edit";
  const withdrawing = d.confirmingWithdraw || actionData?.intent === "withdraw";

  return (
    <div className="space-y-5">
      <p className="no-print">
        <Link to="/blockers">← {t("blockers.action.backToList")}</Link>
      </p>
      {d.done && !actionData && <FormAlert tone="success">{t(`blockers.done.${d.done}`)}</FormAlert>}
      {actionData && "formError" in actionData && <FormAlert>{t(actionData.formError)}</FormAlert>}

      <header className="space-y-2">
        <p className="text-sm font-medium text-stone-600">{t("blockers.detail.number", { id: b.id })}</p>
        <h1>{b.title}</h1>
        <div className="flex flex-wrap gap-2">
          <BlockerStatusBadge status={b.status} />
          {b.isLate && <Badge label={t("blockers.late")} tone="warn" />}
          <Badge label={t(`pillar.${b.pillar}`)} />
          <Badge label={`${t("blockers.field.severity")}: ${t(`severity.${b.severity}`)}`} />
        </div>
      </header>

      {!editing && !withdrawing && (abilities.edit || abilities.submit || abilities.withdraw) && (
        <div className="flex flex-wrap gap-3">
          {abilities.edit && (
            <Link to="?edit" className="btn">
              {t("blockers.action.edit")}
            </Link>
          )}
          {abilities.submit && (
            <Form method="post">
              <button type="submit" name="intent" value="submit" className="btn btn-primary">
                {b.status === "returned" ? t("blockers.action.resubmit") : t("blockers.action.submit")}
              </button>
            </Form>
          )}
          {abilities.withdraw && (
            <Link to="?withdraw" className="btn btn-danger">
              {t("blockers.action.withdraw")}
            </Link>
          )}
        </div>
      )}
      {abilities.edit && !abilities.submit && b.status !== "submitted" && !editing && (
        <p className="text-sm text-stone-600">{t("blockers.detail.staffHint")}</p>
      )}

      {withdrawing && <WithdrawConfirm errors={errorsFor(actionData, "withdraw")} />}

      {editing ? (
        <>
          {actionData?.intent === "edit" && "formError" in actionData && actionData.formError === "blockers.error.stale" && (
            // Someone saved in between: show what is saved now above the user's own text, losing neither.
            <section className="rounded border-l-4 border-amber-600 bg-amber-50 p-3" data-testid="conflict-current">
              <h2 className="text-base">{t("session.conflictCurrent")}</h2>
              <Record d={d} />
            </section>
          )}
          <EditForm d={d} errors={editErrors} values={actionData?.intent === "edit" ? actionData.values : undefined} />
        </>
      ) : (
        <Record d={d} />
      )}

      <Outcome d={d} />

      {d.mergedFrom.length > 0 && (
        <section className="card">
          <h2>{t("blockers.detail.mergedFrom")}</h2>
          <ul className="mt-2 list-disc pl-6">
            {d.mergedFrom.map((m) => (
              <li key={m.id}>
                <Link to={`/blockers/${m.id}`}>
                  #{m.id} {m.title}
                </Link>{" "}
                <span className="text-stone-600">({m.agencyName})</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.office && <OfficeSection d={d} actionData={actionData} />}

      <HistoryList entries={d.history} />
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-stone-700">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Record({ d }: { d: LoaderData }) {
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
function Outcome({ d }: { d: LoaderData }) {
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

function WithdrawConfirm({ errors }: { errors?: FieldErrors }) {
  const t = useT();
  return (
    <section className="card border-l-4 border-l-red-700" aria-labelledby="withdraw-title" role="alertdialog">
      <h2 id="withdraw-title">{t("blockers.withdraw.title")}</h2>
      <p className="mt-2">{t("blockers.withdraw.body")}</p>
      {errors?.confirm && <p className="field-error">{t(errors.confirm.key)}</p>}
      <Form method="post" className="mt-3 flex flex-wrap gap-3">
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" name="intent" value="withdraw" className="btn btn-danger">
          {t("blockers.withdraw.confirm")}
        </button>
        <Link to="." className="btn">
          {t("blockers.action.cancel")}
        </Link>
      </Form>
    </section>
  );
}

function EditForm({ d, errors, values }: { d: LoaderData; errors?: FieldErrors; values?: Record<string, string> }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const b = d.blocker;
  const options = d.form ?? { series: [], agencies: [] };
  const v = (name: string, fallback: string | null) => values?.[name] ?? fallback ?? "";
  return (
    <Form method="post" className="card">
      {errors && <FormAlert>{t("common.formInvalid")}</FormAlert>}
      <input type="hidden" name="version" value={b.version} />
      {b.status === "draft" && options.series.length > 1 ? (
        <SelectField
          label={t("blockers.field.series")}
          name="seriesId"
          options={options.series}
          defaultValue={v("seriesId", String(b.seriesId))}
          error={errors?.seriesId}
        />
      ) : (
        <p className="mb-4 text-sm text-stone-700">
          {t("blockers.field.series")}: {b.seriesName}
          {b.status !== "draft" && <span className="block text-stone-600">{t("blockers.field.series.locked")}</span>}
        </p>
      )}
      <BlockerFields
        values={{
          title: v("title", b.title),
          description: v("description", b.description),
          pillar: v("pillar", b.pillar),
          severity: v("severity", b.severity),
          helpAgencyId: v("helpAgencyId", b.helpAgencyId ? String(b.helpAgencyId) : ""),
          proposal: v("proposal", b.proposal),
          planTarget: v("planTarget", b.planTarget),
        }}
        errors={errors}
        agencies={options.agencies}
      />
      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="edit" className="btn btn-primary" disabled={busy}>
          {t("blockers.action.save")}
        </button>
        <Link to="." className="btn">
          {t("blockers.action.cancel")}
        </Link>
      </div>
    </Form>
  );
}

/** The series' chair and secretaries: pending proposal, the triage form, pull-in, past decisions. */
function OfficeSection({ d, actionData }: { d: LoaderData; actionData: ActionData }) {
  const t = useT();
  const office = d.office!;
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
            <button type="submit" name="intent" value="pull_in" className="btn">
              {t("blockers.pullIn.submit")}
            </button>
          </Form>
        </section>
      )}

      {abilities.triage && (isChair || !pending) && (
        <TriageForm d={d} errors={errorsFor(actionData, "triage")} values={actionData?.intent === "triage" ? actionData.values : undefined} />
      )}

      {office.decisions.length > 0 && (
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
                {office.decisions.map((x) => (
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
      )}
    </>
  );
}

function DecisionDetails({ decision }: { decision: NonNullable<LoaderData["office"]>["decisions"][number] }) {
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

function TriageForm({ d, errors, values }: { d: LoaderData; errors?: FieldErrors; values?: Record<string, string> }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const office = d.office!;
  const isChair = d.abilities.hat === "chair";
  return (
    <section className="card border-l-4 border-l-blue-800" aria-labelledby="triage-title">
      <h2 id="triage-title">{t("blockers.triage.title")}</h2>
      <p className="mt-1 text-sm text-stone-700">{isChair ? t("blockers.triage.introChair") : t("blockers.triage.introSecretary")}</p>
      <Form method="post" className="mt-3">
        {errors && <FormAlert>{t("common.formInvalid")}</FormAlert>}
        <fieldset className="mb-4" aria-describedby={errors?.decision ? "decision-error" : undefined}>
          <legend className="label">{t("blockers.triage.decision")}</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {TRIAGE_DECISIONS.map((decision) => (
              <label key={decision} className="flex min-h-11 items-center gap-2 rounded border border-stone-300 px-3">
                <input type="radio" name="decision" value={decision} defaultChecked={values?.decision === decision} className="size-5" />
                {t(`blockers.decision.${decision}`)}
              </label>
            ))}
          </div>
          {errors?.decision && (
            <p id="decision-error" className="field-error" role="alert">
              {t(errors.decision.key as MessageKey)}
            </p>
          )}
        </fieldset>
        <div className="grid gap-x-4 sm:grid-cols-2">
          <SelectField
            label={t("blockers.triage.mergeInto")}
            name="mergeIntoId"
            hint={t("blockers.triage.mergeInto.hint")}
            options={[{ value: "", label: t("blockers.triage.mergeInto.none") }, ...office.mergeCandidates]}
            defaultValue={values?.mergeIntoId ?? ""}
            error={errors?.mergeIntoId}
          />
          <div>
            <SelectField
              label={t("blockers.triage.referAgency")}
              name="referAgencyId"
              options={[{ value: "", label: t("blockers.triage.referAgency.none") }, ...office.agencies]}
              defaultValue={values?.referAgencyId ?? ""}
              error={errors?.referAgencyId}
            />
            <TextField
              label={t("blockers.triage.referDeadline")}
              name="referDeadline"
              type="date"
              min={d.today}
              hint={t("blockers.triage.referHint")}
              defaultValue={values?.referDeadline ?? ""}
              error={errors?.referDeadline}
            />
          </div>
        </div>
        <TextAreaField
          label={t("blockers.triage.reason")}
          name="reason"
          hint={t("blockers.triage.reason.hint")}
          maxLength={REASON_MAX}
          rows={3}
          defaultValue={values?.reason ?? ""}
          error={errors?.reason}
        />
        <button type="submit" name="intent" value="triage" className="btn btn-primary" disabled={busy}>
          {isChair ? t("blockers.triage.submitChair") : t("blockers.triage.submitSecretary")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
