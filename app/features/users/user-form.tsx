/** The account form: all fields when creating, the profile when editing. */
import { Form, Link, useNavigation } from "@remix-run/react";
import { USER_ROLES } from "../../../db/schema";
import { SelectField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import type { MessageKey } from "~/i18n";
import type { FieldErrors } from "~/utils/forms";
import { useLocale, useT } from "~/utils/use-t";
import { FormProblems } from "~/features/admin/admin-ui";
import { MIN_PASSWORD_LENGTH } from "./users-rules";

export interface UserFormDefaults {
  username: string;
  fullName: string;
  title: string;
  email: string;
  role: string;
  agencyId: string;
}

export interface AgencyChoice {
  id: number;
  code: string;
  name_vi: string;
  name_en: string;
  active: number;
}

export function UserForm({
  mode,
  defaults,
  errors,
  formError,
  seen,
  agencies,
  lockRole,
  cancelTo,
}: {
  mode: "create" | "edit";
  defaults: UserFormDefaults;
  errors?: FieldErrors;
  /** A refusal of the whole form (saved meanwhile by someone else). */
  formError?: MessageKey;
  /** Editing: the record's updated_at as drawn, so a save over someone else's is refused. */
  seen?: string;
  agencies: AgencyChoice[];
  /** Your own account: the admin role cannot be taken away here. */
  lockRole?: boolean;
  cancelTo: string;
}) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="card max-w-3xl" noValidate>
      <FormKey />
      <FormProblems errors={errors} formError={formError} />
      {seen !== undefined && <input type="hidden" name="seen" value={seen} />}
      {mode === "edit" && <input type="hidden" name="intent" value="save" />}
      <div className="grid gap-x-6 md:grid-cols-2">
        <TextField
          label={t("admin.user.fullName")}
          name="fullName"
          required
          maxLength={120}
          autoComplete="off"
          defaultValue={defaults.fullName}
          error={errors?.fullName}
        />
        <TextField label={t("admin.user.title")} name="title" maxLength={200} autoComplete="off" defaultValue={defaults.title} error={errors?.title} />
        {mode === "create" && (
          <TextField
            label={t("admin.user.username")}
            name="username"
            required
            maxLength={50}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            className="input font-mono"
            defaultValue={defaults.username}
            error={errors?.username}
            hint={t("admin.user.usernameHint")}
          />
        )}
        <TextField
          label={t("admin.user.email")}
          name="email"
          type="email"
          maxLength={200}
          autoComplete="off"
          defaultValue={defaults.email}
          error={errors?.email}
          hint={t("admin.user.emailHint")}
        />
        <SelectField
          label={t("admin.user.role")}
          name="role"
          defaultValue={defaults.role}
          error={errors?.role}
          hint={lockRole ? t("admin.user.selfNote") : undefined}
          options={USER_ROLES.filter((r) => !lockRole || r === "admin").map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <SelectField
          label={t("admin.user.agency")}
          name="agencyId"
          defaultValue={defaults.agencyId}
          error={errors?.agencyId}
          hint={t("admin.user.agencyHint")}
          options={[
            { value: "", label: t("admin.user.noAgency") },
            ...agencies.map((a) => ({
              value: String(a.id),
              label: `${a.code} — ${locale === "vi" ? a.name_vi : a.name_en}${a.active ? "" : ` (${t("common.inactive")})`}`,
            })),
          ]}
        />
        {mode === "create" && (
          <TextField
            label={t("admin.user.password")}
            name="password"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
            error={errors?.password}
            hint={t("admin.user.passwordHint", { min: MIN_PASSWORD_LENGTH })}
          />
        )}
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {mode === "create" ? t("common.create") : t("common.save")}
        </button>
        <Link to={cancelTo} className="btn">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}
