import { PILLARS, SEVERITIES } from "../../db/schema";
import { DESCRIPTION_MAX, PLAN_TARGET_MAX, PROPOSAL_MAX, TITLE_MAX } from "~/features/blockers/blockers-schemas";
import type { FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/use-t";
import { SelectField, TextAreaField, TextField } from "./field";

export interface BlockerFieldValues {
  title: string;
  description: string;
  pillar: string;
  severity: string;
  helpAgencyId: string;
  proposal: string;
  planTarget: string;
}

/** The fields of a blocker, the same on the new page and the edit form. */
export function BlockerFields({
  values,
  errors,
  agencies,
}: {
  values: Partial<BlockerFieldValues>;
  errors?: FieldErrors;
  agencies: Array<{ value: string; label: string }>;
}) {
  const t = useT();
  return (
    <>
      <TextField
        label={t("blockers.field.title")}
        name="title"
        hint={t("blockers.field.title.hint")}
        required
        maxLength={TITLE_MAX}
        defaultValue={values.title}
        error={errors?.title}
      />
      <TextAreaField
        label={t("blockers.field.description")}
        name="description"
        required
        maxLength={DESCRIPTION_MAX}
        rows={6}
        defaultValue={values.description}
        error={errors?.description}
      />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <SelectField
          label={t("blockers.field.pillar")}
          name="pillar"
          options={PILLARS.map((p) => ({ value: p, label: t(`pillar.${p}`) }))}
          defaultValue={values.pillar}
          error={errors?.pillar}
        />
        <SelectField
          label={t("blockers.field.severity")}
          name="severity"
          options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
          defaultValue={values.severity ?? "medium"}
          error={errors?.severity}
        />
      </div>
      <SelectField
        label={t("blockers.field.helpAgency")}
        name="helpAgencyId"
        options={[{ value: "", label: t("blockers.field.helpAgency.none") }, ...agencies]}
        defaultValue={values.helpAgencyId ?? ""}
        error={errors?.helpAgencyId}
      />
      <TextAreaField
        label={t("blockers.field.proposal")}
        name="proposal"
        required
        maxLength={PROPOSAL_MAX}
        rows={4}
        defaultValue={values.proposal}
        error={errors?.proposal}
      />
      <TextField
        label={t("blockers.field.planTarget")}
        name="planTarget"
        hint={t("blockers.field.planTarget.hint")}
        maxLength={PLAN_TARGET_MAX}
        defaultValue={values.planTarget}
        error={errors?.planTarget}
      />
    </>
  );
}
