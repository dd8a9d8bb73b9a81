import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseListQuery } from "~/features/blockers/blockers-schemas";
import { downloadResponse, exportBlockerRegister } from "~/features/exports/registers.server";
import { requireUser } from "~/utils/auth.server";
import { requirePermission } from "~/utils/permissions.server";

/** The blocker list as it is filtered on screen, every page, with outcomes, as an Excel workbook (typed cells, frozen header, filters). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // The same guard as the page; what each user may list is scoped in listBlockers' query.
  requirePermission(user, "blocker:read", { published: true });
  const query = parseListQuery(new URL(request.url).searchParams);
  return downloadResponse(await exportBlockerRegister(user, query, { locale: user.locale, format: "xlsx" }));
}
