/** The series details form: code only when creating (it never changes afterwards). */
import { Form, Link, useNavigation } from "@remix-run/react";
import { TextAreaField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import type { MessageKey } from "~/i18n";
import type { FieldErrors } from "~/utils/forms";
import { DEFAULT_ARCHIVE, DEFAULT_SIGNER_AUTHORITY, DEFAULT_SIGNER_TITLE, DEFAULT_STANDING } from "~/features/notices/notices-rules";
import { useT } from "~/utils/use-t";
import { FormProblems } from "~/features/admin/admin-ui";

export interface SeriesFormDefaults {
  code: string;
  nameVi: string;
  nameEn: string;
  issuingBody: string;
  noticeSymbol: string;
  standingRecipients: string;
  archiveLine: string;
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
}

/** New series start from the usual Office of the People's Committee block. */
export const NOTICE_DEFAULTS = {
  standingRecipients: DEFAULT_STANDING,
  archiveLine: DEFAULT_ARCHIVE,
  signerAuthority: DEFAULT_SIGNER_AUTHORITY,
  signerTitle: DEFAULT_SIGNER_TITLE,
  signerName: "",
};

export function SeriesForm({
  mode,
  defaults,
  errors,
  formError,
  seen,
  cancelTo,
}: {
  mode: "create" | "edit";
  defaults: SeriesFormDefaults;
  errors?: FieldErrors;
  /** A refusal of the whole form (saved meanwhile by someone else). */
  formError?: MessageKey;
  /** Editing: the record's updated_at as drawn, so a save over someone else's is refused. */
  seen?: string;
  cancelTo: string;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="card max-w-3xl" noValidate>
      <FormKey />
      <FormProblems errors={errors} formError={formError} />
      {seen !== undefined && <input type="hidden" name="seen" value={seen} />}
      {mode === "edit" && <input type="hidden" name="intent" value="save" />}
      {mode === "create" && (
        <TextField
          label={t("admin.field.code")}
          name="code"
          required
          maxLength={30}
          autoComplete="off"
          className="input max-w-48 font-mono uppercase"
          defaultValue={defaults.code}
          error={errors?.code}
          hint={t("admin.series.codeHint")}
        />
      )}
      <TextField label={t("admin.field.nameVi")} name="nameVi" lang="vi" required maxLength={200} defaultValue={defaults.nameVi} error={errors?.nameVi} />
      <TextField label={t("admin.field.nameEn")} name="nameEn" lang="en" required maxLength={200} defaultValue={defaults.nameEn} error={errors?.nameEn} />
      <div className="grid gap-x-6 md:grid-cols-[1fr_14rem]">
        <TextField
          label={t("admin.series.issuingBody")}
          name="issuingBody"
          lang="vi"
          required
          maxLength={200}
          defaultValue={defaults.issuingBody}
          error={errors?.issuingBody}
          hint={t("admin.series.issuingBodyHint")}
        />
        <TextField
          label={t("admin.series.noticeSymbol")}
          name="noticeSymbol"
          required
          maxLength={30}
          className="input font-mono uppercase"
          defaultValue={defaults.noticeSymbol}
          error={errors?.noticeSymbol}
          hint={t("admin.series.noticeSymbolHint")}
        />
      </div>
      <fieldset className="mt-2 border-t border-stone-200 pt-3">
        <legend className="font-semibold">{t("admin.series.noticeDefaults")}</legend>
        <p className="mb-3 text-sm text-stone-600">{t("admin.series.noticeDefaultsHint")}</p>
        <TextAreaField
          label={t("admin.series.standingRecipients")}
          name="standingRecipients"
          lang="vi"
          rows={3}
          maxLength={2000}
          defaultValue={defaults.standingRecipients}
          error={errors?.standingRecipients}
        />
        <TextField
          label={t("admin.series.archiveLine")}
          name="archiveLine"
          lang="vi"
          maxLength={200}
          defaultValue={defaults.archiveLine}
          error={errors?.archiveLine}
        />
        <TextAreaField
          label={t("admin.series.signerAuthority")}
          name="signerAuthority"
          lang="vi"
          rows={2}
          maxLength={200}
          defaultValue={defaults.signerAuthority}
          error={errors?.signerAuthority}
        />
        <div className="grid gap-x-6 md:grid-cols-2">
          <TextField
            label={t("admin.series.signerTitle")}
            name="signerTitle"
            lang="vi"
            maxLength={200}
            defaultValue={defaults.signerTitle}
            error={errors?.signerTitle}
          />
          <TextField
            label={t("admin.series.signerName")}
            name="signerName"
            lang="vi"
            maxLength={200}
            defaultValue={defaults.signerName}
            error={errors?.signerName}
          />
        </div>
      </fieldset>
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
