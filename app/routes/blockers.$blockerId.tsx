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
} from "~/features/blockers/blockers.server";
import { BlockerEditForm } from "~/features/blockers/components/blocker-edit-form";
import { AgencyActions, BlockerHeader } from "~/features/blockers/components/blocker-header";
import { BlockerOutcome, BlockerRecord, MergedFrom } from "~/features/blockers/components/blocker-record";
import { OfficeSection } from "~/features/blockers/components/office-section";
import { WithdrawConfirm } from "~/features/blockers/components/withdraw-confirm";
import { requireUser } from "~/utils/auth.server";
import { vnToday } from "~/utils/dates";
import { parseForm, type FieldErrors, type FormValues } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { idParam } from "~/utils/params.server";
import { notFound, requirePermission } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf, submittedBefore } from "~/utils/write.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

const DONE = ["created", "submitted", "updated", "withdrawn", "decided", "proposed", "approved", "rejected", "pulledIn"] as const;
type Done = (typeof DONE)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const blocker = (await findReadableBlocker(user, idParam(params, "blockerId"))) ?? notFound();
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

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params, "blockerId");
  const blocker = (await findReadableBlocker(user, id)) ?? notFound();
  const resource = blockerResource(blocker);
  requirePermission(user, "blocker:read", resource);
  const form = await readForm(request);
  const parsedIntent = parseForm(IntentSchema, form);
  if (!parsedIntent.ok) throw data({ status: 400 }, { status: 400 });
  const intent = parsedIntent.data.intent;
  const options = { formKey: formKeyOf(request, form) };
  // Every refusal comes back to the page: field errors to their form, a 409 as the page's message.
  const back = (done: Done) => redirect(`/blockers/${id}?done=${done}`);

  switch (intent) {
    case "edit": {
      requirePermission(user, "blocker:draft", resource);
      const parsed = parseForm(EditBlockerSchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      return respond(form, await updateBlocker(user, id, parsed.data, options), () => back("updated"));
    }
    case "submit":
      requirePermission(user, "blocker:submit", resource);
      return respond(form, await submitBlocker(user, id, options), () => back("submitted"));
    case "withdraw": {
      // A resend of a withdrawal already stored finds the blocker withdrawn by its own first copy: write() answers it as the first.
      if (!(await submittedBefore(user, options.formKey))) {
        requirePermission(user, withdrawNeedsHead(blocker.status) ? "blocker:submit" : "blocker:draft", resource);
      }
      const parsed = parseForm(WithdrawSchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      return respond(form, await withdrawBlocker(user, id, options), () => back("withdrawn"));
    }
    case "triage": {
      requirePermission(user, "blocker:triage", resource);
      const parsed = parseForm(TriageSchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      return respond(form, await triageBlocker(user, id, parsed.data, options), ({ applied }) => back(applied ? "decided" : "proposed"));
    }
    case "approve":
    case "reject": {
      requirePermission(user, "triage:approve", resource);
      const parsed = parseForm(ProposalSchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      const approve = intent === "approve";
      return respond(form, await decideProposal(user, id, parsed.data.decisionId, approve, options), () => back(approve ? "approved" : "rejected"));
    }
    case "pull_in":
      requirePermission(user, "triage:approve", resource);
      return respond(form, await pullInBlocker(user, id, options), () => back("pulledIn"));
  }
}

type ActionData = ReturnType<typeof useActionData<typeof action>>;

/** The field errors and typed values of the form that sent `intent`, if it was the last one sent. */
function replyTo(actionData: ActionData, intent: string): { errors?: FieldErrors; values?: FormValues } {
  if (!actionData || actionData.intent !== intent) return {};
  return { errors: actionData.errors, values: actionData.values };
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
      {actionData?.formError && <FormAlert>{t(actionData.formError)}</FormAlert>}

      <BlockerHeader blocker={b} />
      {!editing && !withdrawing && <AgencyActions blocker={b} abilities={abilities} />}
      {abilities.edit && !abilities.submit && b.status !== "submitted" && !editing && (
        <p className="text-sm text-stone-600">{t("blockers.detail.staffHint")}</p>
      )}

      {withdrawing && <WithdrawConfirm errors={replyTo(actionData, "withdraw").errors} />}

      {editing ? (
        <>
          {actionData?.intent === "edit" && actionData.formError === "blockers.error.stale" && (
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
