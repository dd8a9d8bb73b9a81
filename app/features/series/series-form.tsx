/** The series details form: code only when creating (it never changes afterwards). */
import { Form, Link, useNavigation } from "@remix-run/react";
import { FormAlert, TextField } from "../../components/field";
import type { FieldErrors } from "../../utils/forms";
import { useT } from "../../utils/use-t";

export interface SeriesFormDefaults {
  code: string;
  nameVi: string;
  nameEn: string;
  issuingBody: string;
  noticeSymbol: string;
}

export function SeriesForm({
  mode,
  defaults,
  errors,
  cancelTo,
}: {
  mode: "create" | "edit";
  defaults: SeriesFormDefaults;
  errors?: FieldErrors;
  cancelTo: string;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="card max-w-3xl" noValidate>
      {errors && Object.keys(errors).length > 0 && <FormAlert>{t("common.formInvalid")}</FormAlert>}
      {errors?.intent && <FormAlert>{t(errors.intent.key)}</FormAlert>}
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
