/** The agency's edit of its blocker; the series can change only while it is a draft. */
import { Form, Link, useNavigation } from "@remix-run/react";
import { BlockerFields } from "~/components/blocker-fields";
import { FormAlert, SelectField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import type { BlockerPage } from "~/features/blockers/blockers-page.server";
import { valueOf, type FieldErrors, type FormValues } from "~/utils/forms";
import { useT } from "~/utils/use-t";

export function BlockerEditForm({ d, errors, values }: { d: Pick<BlockerPage, "blocker" | "form">; errors?: FieldErrors; values?: FormValues }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const b = d.blocker;
  const options = d.form ?? { series: [], agencies: [] };
  const v = (name: string, fallback: string | null) => valueOf(values, name) ?? fallback ?? "";
  return (
    <Form method="post" className="card">
      <FormKey />
      {errors && <FormAlert>{t("common.formInvalid")}</FormAlert>}
      <input type="hidden" name="version" value={b.version} />
      {b.status === "draft" && options.series.length > 1 ? (
        <SelectField
          label={t("blockers.field.series")}
          name="seriesId"
          options={options.series}
          defaultValue={v("seriesId", String(b.seriesId))}
          error={errors?.seriesId}
        />
      ) : (
        <p className="mb-4 text-sm text-stone-700">
          {t("blockers.field.series")}: {b.seriesName}
          {b.status !== "draft" && <span className="block text-stone-600">{t("blockers.field.series.locked")}</span>}
        </p>
      )}
      <BlockerFields
        values={{
          title: v("title", b.title),
          description: v("description", b.description),
          pillar: v("pillar", b.pillar),
          severity: v("severity", b.severity),
          helpAgencyId: v("helpAgencyId", b.helpAgencyId ? String(b.helpAgencyId) : ""),
          proposal: v("proposal", b.proposal),
          planTarget: v("planTarget", b.planTarget),
        }}
        errors={errors}
        agencies={options.agencies}
      />
      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="edit" className="btn btn-primary" disabled={busy}>
          {t("blockers.action.save")}
        </button>
        <Link to="." className="btn">
          {t("blockers.action.cancel")}
        </Link>
      </div>
    </Form>
  );
}
