import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { valueOf } from "~/features/admin/admin-forms";
import { savedRedirect } from "~/features/admin/responses.server";
import { NOTICE_DEFAULTS, SeriesForm } from "~/features/series/series-form";
import { NewSeriesSchema } from "~/features/series/series-schemas";
import { createSeries } from "~/features/series/series.server";
import { requireUser } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const t = await getTranslator(request, user);
  return { title: `${t("admin.series.newTitle")} · ${t("admin.title")} · ${t("app.name")}` };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const form = await readForm(request);
  const parsed = parseForm(NewSeriesSchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  const outcome = await createSeries(user, parsed.data, { formKey: formKeyOf(request, form) });
  return respond(form, outcome, ({ id }) => savedRedirect(`/admin/series/${id}`, "created"));
}

export default function NewSeries() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values;
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/series">← {t("admin.series.back")}</Link>
      </p>
      <h1>{t("admin.series.newTitle")}</h1>
      <SeriesForm
        mode="create"
        defaults={{
          code: valueOf(values, "code") ?? "",
          nameVi: valueOf(values, "nameVi") ?? "",
          nameEn: valueOf(values, "nameEn") ?? "",
          issuingBody: valueOf(values, "issuingBody") ?? "",
          noticeSymbol: valueOf(values, "noticeSymbol") ?? "TB-UBND",
          standingRecipients: valueOf(values, "standingRecipients") ?? NOTICE_DEFAULTS.standingRecipients,
          archiveLine: valueOf(values, "archiveLine") ?? NOTICE_DEFAULTS.archiveLine,
          signerAuthority: valueOf(values, "signerAuthority") ?? NOTICE_DEFAULTS.signerAuthority,
          signerTitle: valueOf(values, "signerTitle") ?? NOTICE_DEFAULTS.signerTitle,
          signerName: valueOf(values, "signerName") ?? NOTICE_DEFAULTS.signerName,
        }}
        errors={actionData?.errors}
        formError={actionData?.formError}
        cancelTo="/admin/series"
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
