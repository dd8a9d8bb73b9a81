import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { valueOf } from "~/features/admin/admin-forms";
import { savedRedirect } from "~/features/admin/responses.server";
import { UserForm } from "~/features/users/user-form";
import { NewUserSchema } from "~/features/users/users-schemas";
import { agencyChoices, createUser } from "~/features/users/users.server";
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
    title: `${t("admin.user.newTitle")} · ${t("admin.title")} · ${t("app.name")}`,
    agencies: await agencyChoices(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const form = await readForm(request);
  const parsed = parseForm(NewUserSchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  const outcome = await createUser(user, parsed.data, { formKey: formKeyOf(request, form) });
  return respond(form, outcome, ({ id }) => savedRedirect(`/admin/users/${id}`, "created"));
}

export default function NewUser() {
  const t = useT();
  const { agencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values;
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/users">← {t("admin.users.back")}</Link>
      </p>
      <h1>{t("admin.user.newTitle")}</h1>
      <UserForm
        mode="create"
        defaults={{
          username: valueOf(values, "username") ?? "",
          fullName: valueOf(values, "fullName") ?? "",
          title: valueOf(values, "title") ?? "",
          email: valueOf(values, "email") ?? "",
          role: valueOf(values, "role") ?? "agency_staff",
          agencyId: valueOf(values, "agencyId") ?? "",
        }}
        errors={actionData?.errors}
        formError={actionData?.formError}
        agencies={agencies}
        cancelTo="/admin/users"
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
