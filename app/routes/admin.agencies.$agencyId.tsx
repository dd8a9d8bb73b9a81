import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ConfirmSchema, seenOf, valueOf } from "~/features/admin/admin-forms";
import { ActiveBadge, ConfirmActionForm, HistoryTable, SavedNotice } from "~/features/admin/admin-ui";
import { historyFor as historyOf } from "~/features/audit/audit.server";
import { savedRedirect } from "~/features/admin/responses.server";
import { AgencyForm } from "~/features/agencies/agency-form";
import { AgencyIntentSchema, AgencySchema } from "~/features/agencies/agencies-schemas";
import { agencyCodes, agencyExists, getAgency, parentOptions, setAgencyActive, updateAgency } from "~/features/agencies/agencies.server";
import { requireUser } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { notFound, requirePermission } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";
import { idParam } from "~/utils/params.server";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const id = idParam(params, "agencyId");
  const agency = await getAgency(id);
  if (!agency) notFound();
  const t = await getTranslator(request, user);
  const [parents, history, codes] = await Promise.all([parentOptions(id, agency.parent_id), historyOf("agency", id), agencyCodes()]);
  return {
    title: `${agency.code} · ${t("admin.agencies.title")} · ${t("app.name")}`,
    agency,
    parents,
    history,
    codes,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const id = idParam(params, "agencyId");
  if (!(await agencyExists(id))) notFound();
  const form = await readForm(request);
  const intent = parseForm(AgencyIntentSchema, form);
  if (!intent.ok) return formFailure(form, { errors: intent.errors });
  const formKey = formKeyOf(request, form);
  switch (intent.data.intent) {
    case "save": {
      const parsed = parseForm(AgencySchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      const outcome = await updateAgency(user, id, parsed.data, seenOf(form), { formKey });
      return respond(form, outcome, () => savedRedirect(`/admin/agencies/${id}`, "updated"));
    }
    case "deactivate":
    case "reactivate": {
      const confirmed = parseForm(ConfirmSchema, form);
      if (!confirmed.ok) return formFailure(form, { errors: confirmed.errors });
      const active = intent.data.intent === "reactivate";
      const outcome = await setAgencyActive(user, id, active, { formKey });
      return respond(form, outcome, () => savedRedirect(`/admin/agencies/${id}`, active ? "reactivated" : "deactivated"));
    }
    default: {
      const unreachable: never = intent.data.intent;
      throw new Error(`Unhandled intent ${String(unreachable)}`);
    }
  }
}

export default function EditAgency() {
  const t = useT();
  const locale = useLocale();
  const { agency, parents, history, codes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values;
  const failedIntent = actionData?.intent;
  // Each form shows its own errors; an unknown intent is reported above the details form.
  const onConfirm = failedIntent === "deactivate" || failedIntent === "reactivate";
  const saveErrors = onConfirm ? undefined : actionData?.errors;
  const confirmError = onConfirm ? actionData?.errors?.confirm : undefined;
  const name = locale === "vi" ? agency.name_vi : agency.name_en;
  const typed = failedIntent === "save" ? values : undefined;
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/agencies">← {t("admin.agencies.back")}</Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          <span className="font-mono">{agency.code}</span> — {name}
        </h1>
        <ActiveBadge active={agency.active} />
      </div>
      <SavedNotice />

      <section aria-labelledby="details-title" className="space-y-2">
        <h2 id="details-title">{t("admin.agency.detailsTitle")}</h2>
        <AgencyForm
          key={agency.updated_at}
          withIntent
          defaults={{
            code: valueOf(typed, "code") ?? agency.code,
            nameVi: valueOf(typed, "nameVi") ?? agency.name_vi,
            nameEn: valueOf(typed, "nameEn") ?? agency.name_en,
            kind: valueOf(typed, "kind") ?? agency.kind,
            parentId: valueOf(typed, "parentId") ?? (agency.parent_id === null ? "" : String(agency.parent_id)),
          }}
          errors={saveErrors}
          formError={actionData?.formError}
          seen={agency.updated_at}
          parents={parents}
          submitLabel={t("common.save")}
          cancelTo="/admin/agencies"
        />
      </section>

      <div className="max-w-3xl">
        {agency.active ? (
          <ConfirmActionForm
            danger
            intent="deactivate"
            title={t("admin.agency.deactivateTitle")}
            help={t("admin.agency.deactivateHelp")}
            extra={
              <p className="mt-2 text-sm text-stone-700" data-testid="deactivate-impact">
                {t("admin.agency.deactivateImpact", { users: agency.activeUserCount, children: agency.activeChildCount })}
              </p>
            }
            confirmLabel={t("admin.agency.deactivateConfirm", { name: agency.code })}
            submitLabel={t("admin.agency.deactivateSubmit")}
            error={confirmError}
          />
        ) : (
          <ConfirmActionForm
            danger={false}
            intent="reactivate"
            title={t("admin.agency.reactivateTitle")}
            help={t("admin.agency.reactivateHelp")}
            confirmLabel={t("admin.agency.reactivateConfirm", { name: agency.code })}
            submitLabel={t("admin.agency.reactivateSubmit")}
            error={confirmError}
          />
        )}
      </div>

      <HistoryTable events={history} describe={(field, value) => (field === "parent_id" && typeof value === "number" ? (codes[value] ?? null) : null)} />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
