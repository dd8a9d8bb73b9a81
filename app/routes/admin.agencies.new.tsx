import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { valueOf } from "~/features/admin/admin-forms";
import { savedRedirect } from "~/features/admin/responses.server";
import { AgencyForm } from "~/features/agencies/agency-form";
import { AgencySchema } from "~/features/agencies/agencies-schemas";
import { createAgency, parentOptions } from "~/features/agencies/agencies.server";
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
  return {
    title: `${t("admin.agency.newTitle")} · ${t("admin.title")} · ${t("app.name")}`,
    parents: await parentOptions(null, null),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const form = await readForm(request);
  const parsed = parseForm(AgencySchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  const outcome = await createAgency(user, parsed.data, { formKey: formKeyOf(request, form) });
  return respond(form, outcome, ({ id }) => savedRedirect(`/admin/agencies/${id}`, "created"));
}

export default function NewAgency() {
  const t = useT();
  const { parents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values;
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/agencies">← {t("admin.agencies.back")}</Link>
      </p>
      <h1>{t("admin.agency.newTitle")}</h1>
      <AgencyForm
        withIntent={false}
        defaults={{
          code: valueOf(values, "code") ?? "",
          nameVi: valueOf(values, "nameVi") ?? "",
          nameEn: valueOf(values, "nameEn") ?? "",
          kind: valueOf(values, "kind") ?? "department",
          parentId: valueOf(values, "parentId") ?? "",
        }}
        errors={actionData?.errors}
        formError={actionData?.formError}
        parents={parents}
        submitLabel={t("common.create")}
        cancelTo="/admin/agencies"
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
