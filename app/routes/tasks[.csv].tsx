import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse, exportTaskRegister } from "~/features/exports/registers.server";
import { parseRegisterQuery } from "~/features/tasks/tasks-schemas";
import { requireUser } from "~/utils/auth.server";
import { getLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** The register as it is filtered on screen, every page, as CSV for Excel (UTF-8 with a byte-order mark). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // The same guard as the page; drafts are scoped in listTasks' query.
  requirePermission(user, "task:read", { published: true });
  const locale = await getLocale(request, user);
  const query = parseRegisterQuery(new URL(request.url).searchParams);
  return downloadResponse(await exportTaskRegister(user, query, { locale, format: "csv" }));
}
