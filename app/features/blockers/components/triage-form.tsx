/** One triage decision: a chair's applies at once, a secretary's is a proposal for the chair. */
import { Form, useNavigation } from "@remix-run/react";
import { TRIAGE_DECISIONS } from "../../../../db/schema";
import { FormAlert, SelectField, TextAreaField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { MERGE_CHOICES, REASON_MAX } from "~/features/blockers/blockers-schemas";
import type { MessageKey } from "~/i18n";
import { valueOf, type FieldErrors, type FormValues } from "~/utils/forms";
import { useT } from "~/utils/use-t";

export function TriageForm({
  isChair,
  mergeCandidates,
  agencies,
  today,
  errors,
  values,
}: {
  isChair: boolean;
  mergeCandidates: { value: string; label: string }[];
  agencies: { value: string; label: string }[];
  today: string;
  errors?: FieldErrors;
  values?: FormValues;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const v = (name: string) => valueOf(values, name) ?? "";
  return (
    <section className="card border-l-4 border-l-blue-800" aria-labelledby="triage-title">
      <h2 id="triage-title">{t("blockers.triage.title")}</h2>
      <p className="mt-1 text-sm text-stone-700">{isChair ? t("blockers.triage.introChair") : t("blockers.triage.introSecretary")}</p>
      <Form method="post" className="mt-3">
        <FormKey />
        {errors && <FormAlert>{t("common.formInvalid")}</FormAlert>}
        <fieldset className="mb-4" aria-describedby={errors?.decision ? "decision-error" : undefined}>
          <legend className="label">{t("blockers.triage.decision")}</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {TRIAGE_DECISIONS.map((decision) => (
              <label key={decision} className="flex min-h-11 items-center gap-2 rounded border border-stone-300 px-3">
                <input type="radio" name="decision" value={decision} defaultChecked={v("decision") === decision} className="size-5" />
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
          <div>
            <SelectField
              label={t("blockers.triage.mergeInto")}
              name="mergeIntoId"
              hint={`${t("blockers.triage.mergeInto.hint")} ${t("blockers.triage.mergeInto.queueHint", { max: MERGE_CHOICES })}`}
              options={[{ value: "", label: t("blockers.triage.mergeInto.none") }, ...mergeCandidates]}
              defaultValue={v("mergeIntoId")}
              error={errors?.mergeIntoId}
            />
            {/* Any other blocker of the series, by the number its page shows; checked on submission. */}
            <TextField
              label={t("blockers.triage.mergeNumber")}
              name="mergeIntoNumber"
              inputMode="numeric"
              autoComplete="off"
              hint={t("blockers.triage.mergeNumber.hint")}
              defaultValue={v("mergeIntoNumber")}
              error={errors?.mergeIntoNumber}
            />
          </div>
          <div>
            <SelectField
              label={t("blockers.triage.referAgency")}
              name="referAgencyId"
              options={[{ value: "", label: t("blockers.triage.referAgency.none") }, ...agencies]}
              defaultValue={v("referAgencyId")}
              error={errors?.referAgencyId}
            />
            <TextField
              label={t("blockers.triage.referDeadline")}
              name="referDeadline"
              type="date"
              min={today}
              hint={t("blockers.triage.referHint")}
              defaultValue={v("referDeadline")}
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
          defaultValue={v("reason")}
          error={errors?.reason}
        />
        <button type="submit" name="intent" value="triage" className="btn btn-primary" disabled={busy}>
          {isChair ? t("blockers.triage.submitChair") : t("blockers.triage.submitSecretary")}
        </button>
      </Form>
    </section>
  );
}
