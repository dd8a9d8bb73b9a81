import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FormKey } from "~/components/form-key";
import { ConfirmSchema, seenOf, valueOf } from "~/features/admin/admin-forms";
import { ActiveBadge, ConfirmActionForm, HistoryTable, SavedNotice } from "~/features/admin/admin-ui";
import { historyFor as historyOf } from "~/features/audit/audit.server";
import { savedRedirect } from "~/features/admin/responses.server";
import { agencyCodes } from "~/features/agencies/agencies.server";
import { UserForm } from "~/features/users/user-form";
import { MIN_PASSWORD_LENGTH } from "~/features/users/users-rules";
import { passwordResetSchema, UserIntentSchema, UserProfileSchema } from "~/features/users/users-schemas";
import { agencyChoices, getUser, passwordOwner, resetPassword, setUserActive, updateUser } from "~/features/users/users.server";
import { requireUser } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { notFound, requirePermission } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";
import { idParam } from "~/utils/params.server";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";
import { NewPasswordFields } from "~/features/users/new-password-fields";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const id = idParam(params, "userId");
  const account = await getUser(id);
  if (!account) notFound();
  const t = await getTranslator(request, user);
  const [agencies, history, codes] = await Promise.all([agencyChoices(account.agency_id), historyOf("user", id), agencyCodes()]);
  return {
    title: `${account.full_name} · ${t("admin.users.title")} · ${t("app.name")}`,
    account,
    agencies,
    history,
    codes,
    isSelf: account.id === user.id,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const id = idParam(params, "userId");
  const owner = await passwordOwner(id);
  if (!owner) notFound();
  const form = await readForm(request);
  const intent = parseForm(UserIntentSchema, form);
  if (!intent.ok) return formFailure(form, { errors: intent.errors });
  const formKey = formKeyOf(request, form);
  switch (intent.data.intent) {
    case "save": {
      const parsed = parseForm(UserProfileSchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      const outcome = await updateUser(user, id, parsed.data, seenOf(form), { formKey });
      return respond(form, outcome, () => savedRedirect(`/admin/users/${id}`, "updated"));
    }
    case "deactivate":
    case "reactivate": {
      const confirmed = parseForm(ConfirmSchema, form);
      if (!confirmed.ok) return formFailure(form, { errors: confirmed.errors });
      const active = intent.data.intent === "reactivate";
      const outcome = await setUserActive(user, id, active, { formKey });
      return respond(form, outcome, () => savedRedirect(`/admin/users/${id}`, active ? "reactivated" : "deactivated"));
    }
    case "reset-password": {
      const parsed = parseForm(passwordResetSchema(owner), form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      const outcome = await resetPassword(user, id, parsed.data.password, { formKey });
      return respond(form, outcome, () =>
        // Resetting one's own password ends one's own session too.
        id === user.id ? redirect(`/login?redirectTo=${encodeURIComponent(`/admin/users/${id}`)}`) : savedRedirect(`/admin/users/${id}`, "password"),
      );
    }
    default: {
      const unreachable: never = intent.data.intent;
      throw new Error(`Unhandled intent ${String(unreachable)}`);
    }
  }
}

export default function EditUser() {
  const t = useT();
  const locale = useLocale();
  const { account, agencies, history, codes, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = actionData?.values;
  const failedIntent = actionData?.intent;
  // Each form shows its own errors; an unknown intent is reported above the details form.
  const onConfirm = failedIntent === "deactivate" || failedIntent === "reactivate";
  const onReset = failedIntent === "reset-password";
  const saveErrors = onConfirm || onReset ? undefined : actionData?.errors;
  const resetErrors = onReset ? actionData?.errors : undefined;
  const confirmError = onConfirm ? actionData?.errors?.confirm : undefined;
  const typed = failedIntent === "save" ? values : undefined;
  const agencyName = locale === "vi" ? account.agency_name_vi : account.agency_name_en;
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/users">← {t("admin.users.back")}</Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {account.full_name} {isSelf && <span className="text-base font-normal text-stone-600">{t("admin.you")}</span>}
        </h1>
        <ActiveBadge active={account.active} />
      </div>
      <SavedNotice />
      <dl className="grid max-w-3xl grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="font-medium">{t("admin.user.username")}</dt>
        <dd className="font-mono">{account.username}</dd>
        <dt className="font-medium">{t("admin.user.role")}</dt>
        <dd>{t(`role.${account.role}`)}</dd>
        <dt className="font-medium">{t("admin.user.agency")}</dt>
        <dd>{account.agency_id ? <Link to={`/admin/agencies/${account.agency_id}`}>{`${account.agency_code} — ${agencyName}`}</Link> : t("common.none")}</dd>
        <dt className="font-medium">{t("admin.user.seats")}</dt>
        <dd>
          {account.seriesSeats.length === 0 ? (
            t("admin.user.noSeats")
          ) : (
            <ul>
              {account.seriesSeats.map((s) => (
                <li key={`${s.series_id}-${s.role}`}>
                  <Link to={`/admin/series/${s.series_id}`}>
                    {t("admin.user.seat", { role: t(`role.${s.role}`), series: locale === "vi" ? s.name_vi : s.name_en })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt className="font-medium">{t("admin.user.sessions")}</dt>
        <dd data-testid="open-sessions">{account.openSessions}</dd>
        <dt className="font-medium">{t("admin.user.mustChange")}</dt>
        <dd data-testid="must-change-password">{account.must_change_password ? t("common.yes") : t("common.no")}</dd>
      </dl>

      <section aria-labelledby="details-title" className="space-y-2">
        <h2 id="details-title">{t("admin.user.detailsTitle")}</h2>
        <UserForm
          key={account.updated_at}
          mode="edit"
          seen={account.updated_at}
          lockRole={isSelf && account.role === "admin"}
          defaults={{
            username: account.username,
            fullName: valueOf(typed, "fullName") ?? account.full_name,
            title: valueOf(typed, "title") ?? account.title ?? "",
            email: valueOf(typed, "email") ?? account.email ?? "",
            role: valueOf(typed, "role") ?? account.role,
            agencyId: valueOf(typed, "agencyId") ?? (account.agency_id === null ? "" : String(account.agency_id)),
          }}
          errors={saveErrors}
          formError={actionData?.formError}
          agencies={agencies}
          cancelTo="/admin/users"
        />
      </section>

      <div className="grid max-w-5xl gap-4 md:grid-cols-2">
        <Form method="post" className="card" noValidate aria-labelledby="reset-title" key={`reset-${account.updated_at}`}>
          <FormKey />
          <h2 id="reset-title">{t("admin.user.resetTitle")}</h2>
          <p className="mt-2 mb-3 text-sm text-stone-700">{isSelf ? t("admin.user.resetSelfHelp") : t("admin.user.resetHelp")}</p>
          <input type="hidden" name="intent" value="reset-password" />
          <input type="hidden" name="username" value={account.username} autoComplete="username" />
          <NewPasswordFields
            labels={{
              password: t("admin.user.newPassword"),
              confirm: t("admin.user.passwordConfirm"),
              hint: t("admin.user.passwordHint", { min: MIN_PASSWORD_LENGTH }),
            }}
            errors={resetErrors}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t("admin.user.resetSubmit")}
          </button>
        </Form>

        {account.active ? (
          isSelf ? (
            <div className="card">
              <h2>{t("admin.user.deactivateTitle")}</h2>
              <p className="mt-2 text-sm text-stone-700">{t("admin.user.selfNote")}</p>
            </div>
          ) : (
            <ConfirmActionForm
              danger
              intent="deactivate"
              title={t("admin.user.deactivateTitle")}
              help={t("admin.user.deactivateHelp")}
              confirmLabel={t("admin.user.deactivateConfirm", { name: account.full_name })}
              submitLabel={t("admin.user.deactivateSubmit")}
              error={confirmError}
            />
          )
        ) : (
          <ConfirmActionForm
            danger={false}
            intent="reactivate"
            title={t("admin.user.reactivateTitle")}
            help={t("admin.user.reactivateHelp")}
            confirmLabel={t("admin.user.reactivateConfirm", { name: account.full_name })}
            submitLabel={t("admin.user.reactivateSubmit")}
            error={confirmError}
          />
        )}
      </div>

      <HistoryTable events={history} describe={(field, value) => (field === "agency_id" && typeof value === "number" ? (codes[value] ?? null) : null)} />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
