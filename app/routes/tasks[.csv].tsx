import type { LoaderFunctionArgs } from "@remix-run/node";
import { trackingStatus } from "../features/tasks/tasks-rules";
import { parseRegisterQuery } from "../features/tasks/tasks-schemas";
import { listTasks, REGISTER_EXPORT_LIMIT } from "../features/tasks/tasks.server";
import type { MessageKey } from "../i18n";
import { requireUser } from "../utils/auth.server";
import { formatShortDate, vnToday } from "../utils/dates";
import { getLocale, getTranslator } from "../utils/i18n.server";
import { requirePermission } from "../utils/permissions.server";

/** A CSV cell: quoted when it holds a separator, a quote or a line break; never read as a formula by a spreadsheet. */
function cell(value: string | number | null): string {
  let s = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The register as it is filtered on screen, every page, for Excel (UTF-8 with a byte-order mark). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "task:read", { published: true });
  const locale = await getLocale(request, user);
  const t = await getTranslator(request, user);
  const query = { ...parseRegisterQuery(new URL(request.url).searchParams), page: 1 };
  const today = vnToday();
  const register = await listTasks(user, query, { today, locale, pageSize: REGISTER_EXPORT_LIMIT });
  const header = [
    t("tasks.col.number"),
    t("tasks.col.title"),
    t("tasks.col.lead"),
    t("tasks.col.coordinating"),
    t("tasks.facts.deadline"),
    t("tasks.facts.originalDeadline"),
    t("tasks.col.status"),
    t("tasks.facts.completedOn"),
    t("tasks.col.origin"),
  ];
  const lines = register.rows.map((r) => [
    r.id,
    r.title,
    r.leadAgency,
    r.coordinators.map((c) => c.name).join("; "),
    r.deadline ? formatShortDate(r.deadline) : "",
    r.originalDeadline ? formatShortDate(r.originalDeadline) : "",
    t(`taskStatus.${trackingStatus({ status: r.status, deadline: r.deadline, completedOn: r.completedOn }, today)}` as MessageKey),
    r.completedOn && r.status === "completed" ? formatShortDate(r.completedOn) : "",
    r.meeting?.title ?? "",
  ]);
  const csv = "\uFEFF" + [header, ...lines].map((line) => line.map(cell).join(",")).join("\r\n") + "\r\n";
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="so-theo-doi-nhiem-vu-${today}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
