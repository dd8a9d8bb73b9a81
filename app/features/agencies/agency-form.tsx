/** The agency form, the same for creating and editing. */
import { Form, Link, useNavigation } from "@remix-run/react";
import { AGENCY_KINDS } from "../../../db/schema";
import { SelectField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import type { MessageKey } from "~/i18n";
import type { FieldErrors } from "~/utils/forms";
import { useLocale, useT } from "~/utils/use-t";
import { FormProblems } from "~/features/admin/admin-ui";

export interface AgencyFormDefaults {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: string;
  parentId: string;
}

export interface ParentOption {
  id: number;
  code: string;
  name_vi: string;
  name_en: string;
  active: number;
}

export function AgencyForm({
  defaults,
  errors,
  formError,
  seen,
  parents,
  submitLabel,
  cancelTo,
  withIntent,
}: {
  defaults: AgencyFormDefaults;
  errors?: FieldErrors;
  /** A refusal of the whole form (saved meanwhile by someone else). */
  formError?: MessageKey;
  /** Editing: the record's updated_at as drawn, so a save over someone else's is refused. */
  seen?: string;
  parents: ParentOption[];
  submitLabel: string;
  cancelTo: string;
  withIntent: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="card max-w-3xl" noValidate>
      <FormKey />
      <FormProblems errors={errors} formError={formError} />
      {seen !== undefined && <input type="hidden" name="seen" value={seen} />}
      {withIntent && <input type="hidden" name="intent" value="save" />}
      <div className="grid gap-x-6 md:grid-cols-[18rem_1fr]">
        <TextField
          label={t("admin.field.code")}
          name="code"
          required
          maxLength={30}
          autoComplete="off"
          className="input font-mono uppercase"
          defaultValue={defaults.code}
          error={errors?.code}
          hint={t("admin.agency.codeHint")}
        />
        <SelectField
          label={t("admin.agency.kind")}
          name="kind"
          defaultValue={defaults.kind}
          error={errors?.kind}
          options={AGENCY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
      </div>
      <TextField label={t("admin.field.nameVi")} name="nameVi" lang="vi" required maxLength={200} defaultValue={defaults.nameVi} error={errors?.nameVi} />
      <TextField label={t("admin.field.nameEn")} name="nameEn" lang="en" required maxLength={200} defaultValue={defaults.nameEn} error={errors?.nameEn} />
      <SelectField
        label={t("admin.agency.parent")}
        name="parentId"
        defaultValue={defaults.parentId}
        error={errors?.parentId}
        hint={t("admin.agency.parentHint")}
        options={[
          { value: "", label: t("admin.agency.noParent") },
          ...parents.map((p) => ({
            value: String(p.id),
            label: `${p.code} — ${locale === "vi" ? p.name_vi : p.name_en}${p.active ? "" : ` (${t("common.inactive")})`}`,
          })),
        ]}
      />
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {submitLabel}
        </button>
        <Link to={cancelTo} className="btn">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}
