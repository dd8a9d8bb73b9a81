import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockerFields } from "~/components/blocker-fields";
import { ErrorPage } from "~/components/error-page";
import { FormAlert, SelectField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { NewBlockerSchema, NewIntentSchema } from "~/features/blockers/blockers-schemas";
import { blockerFormOptions, createBlocker } from "~/features/blockers/blockers.server";
import { blockerFieldValues } from "~/features/blockers/components/typed-values";
import { requireUser } from "~/utils/auth.server";
import { parseForm, valueOf } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { can } from "~/utils/permissions";
import { requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const own = { agencyId: user.agencyId ?? undefined };
  requirePermission(user, "blocker:draft", own);
  const t = await getTranslator(request, user);
  return {
    title: `${t("blockers.new.title")} · ${t("app.name")}`,
    options: await blockerFormOptions(user),
    canSubmit: can(user, "blocker:submit", own),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const own = { agencyId: user.agencyId ?? undefined };
  requirePermission(user, "blocker:draft", own);
  const form = await readForm(request);
  const intent = parseForm(NewIntentSchema, form);
  if (!intent.ok) throw data({ status: 400 }, { status: 400 });
  // Staff draft; only the agency head sends a blocker on.
  if (intent.data.intent === "submit") requirePermission(user, "blocker:submit", own);
  const parsed = parseForm(NewBlockerSchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  const outcome = await createBlocker(user, parsed.data, intent.data.intent, { formKey: formKeyOf(request, form) });
  const done = intent.data.intent === "submit" ? "submitted" : "created";
  return respond(form, outcome, ({ id }) => redirect(`/blockers/${id}?done=${done}`));
}

export default function NewBlocker() {
  const t = useT();
  const { options, canSubmit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors;
  const values = blockerFieldValues(actionData?.values);

  return (
    <div className="max-w-3xl space-y-5">
      <p>
        <Link to="/blockers">← {t("blockers.action.backToList")}</Link>
      </p>
      <header>
        <h1>{t("blockers.new.title")}</h1>
        <p className="mt-1 text-stone-700">{canSubmit ? t("blockers.new.intro.head") : t("blockers.new.intro.staff")}</p>
      </header>

      {options.series.length === 0 ? (
        <p className="card border-l-4 border-l-orange-600">{t("blockers.new.noSeries")}</p>
      ) : (
        <Form method="post" className="card">
          <FormKey />
          {errors && <FormAlert>{t("common.formInvalid")}</FormAlert>}
          {actionData?.formError && <FormAlert>{t(actionData.formError)}</FormAlert>}
          {options.series.length > 1 ? (
            <SelectField
              label={t("blockers.field.series")}
              name="seriesId"
              options={options.series}
              defaultValue={valueOf(actionData?.values, "seriesId") ?? options.series[0].value}
              error={errors?.seriesId}
            />
          ) : (
            <input type="hidden" name="seriesId" value={options.series[0].value} />
          )}
          <BlockerFields values={{ ...values, severity: values.severity ?? "medium" }} errors={errors} agencies={options.agencies} />
          <div className="flex flex-wrap gap-3">
            {/* First in the form, so pressing Enter saves a draft rather than sending. */}
            <button type="submit" name="intent" value="save" className="btn" disabled={busy}>
              {t("blockers.action.saveDraft")}
            </button>
            {canSubmit && (
              <button type="submit" name="intent" value="submit" className="btn btn-primary" disabled={busy}>
                {t("blockers.action.submitNow")}
              </button>
            )}
            <Link to="/blockers" className="btn">
              {t("blockers.action.cancel")}
            </Link>
          </div>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
