import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FormAlert } from "~/components/field";
import { HistoryList } from "~/components/history-list";
import { withdrawNeedsHead } from "~/features/blockers/blockers-rules";
import { EditBlockerSchema, IntentSchema, ProposalSchema, TriageSchema, WithdrawSchema } from "~/features/blockers/blockers-schemas";
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
import { BlockerEditForm } from "~/features/blockers/components/blocker-edit-form";
import { AgencyActions, BlockerHeader } from "~/features/blockers/components/blocker-header";
import { BlockerOutcome, BlockerRecord, MergedFrom } from "~/features/blockers/components/blocker-record";
import { OfficeSection } from "~/features/blockers/components/office-section";
import { WithdrawConfirm } from "~/features/blockers/components/withdraw-confirm";
import { requireUser } from "~/utils/auth.server";
import { vnToday } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { notFound, requirePermission } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { useT } from "~/utils/use-t";

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

type ActionData = ReturnType<typeof useActionData<typeof action>>;

/** The field errors and typed values of the form that sent `intent`, if it was the last one sent. */
function replyTo(actionData: ActionData, intent: string): { errors?: FieldErrors; values?: Record<string, string> } {
  if (!actionData || actionData.intent !== intent) return {};
  return { errors: "errors" in actionData ? actionData.errors : undefined, values: actionData.values };
}

export default function BlockerPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { blocker: b, abilities } = d;
  const edit = replyTo(actionData, "edit");
  const editing = d.editing || actionData?.intent === "edit";
  const withdrawing = d.confirmingWithdraw || actionData?.intent === "withdraw";
  const triage = replyTo(actionData, "triage");

  return (
    <div className="space-y-5">
      <p className="no-print">
        <Link to="/blockers">← {t("blockers.action.backToList")}</Link>
      </p>
      {d.done && !actionData && <FormAlert tone="success">{t(`blockers.done.${d.done}`)}</FormAlert>}
      {actionData && "formError" in actionData && <FormAlert>{t(actionData.formError)}</FormAlert>}

      <BlockerHeader blocker={b} />
      {!editing && !withdrawing && <AgencyActions blocker={b} abilities={abilities} />}
      {abilities.edit && !abilities.submit && b.status !== "submitted" && !editing && (
        <p className="text-sm text-stone-600">{t("blockers.detail.staffHint")}</p>
      )}

      {withdrawing && <WithdrawConfirm errors={replyTo(actionData, "withdraw").errors} />}

      {editing ? (
        <>
          {actionData?.intent === "edit" && "formError" in actionData && actionData.formError === "blockers.error.stale" && (
            // Someone saved in between: show what is saved now above the user's own text, losing neither.
            <section className="rounded border-l-4 border-amber-600 bg-amber-50 p-3" data-testid="conflict-current">
              <h2 className="text-base">{t("session.conflictCurrent")}</h2>
              <BlockerRecord d={d} />
            </section>
          )}
          <BlockerEditForm d={d} errors={edit.errors} values={edit.values} />
        </>
      ) : (
        <BlockerRecord d={d} />
      )}

      <BlockerOutcome d={d} />
      <MergedFrom blockers={d.mergedFrom} />
      <OfficeSection d={d} today={d.today} triageErrors={triage.errors} triageValues={triage.values} />
      <HistoryList entries={d.history} />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
