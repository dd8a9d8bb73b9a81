import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import type { MessageKey } from "~/i18n";
import { requireUser } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

/** The administration area: admins only. Each child route checks again, since loaders run in parallel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const t = await getTranslator(request, user);
  return { title: `${t("admin.title")} · ${t("app.name")}` };
}

const SECTIONS: Array<{ to: string; label: MessageKey; end?: boolean }> = [
  { to: "/admin", label: "admin.nav.overview", end: true },
  { to: "/admin/agencies", label: "admin.nav.agencies" },
  { to: "/admin/users", label: "admin.nav.users" },
  { to: "/admin/series", label: "admin.nav.series" },
  { to: "/admin/email", label: "notifications.admin.nav" },
];

export default function AdminLayout() {
  const t = useT();
  return (
    <div className="space-y-4">
      <div className="no-print border-b border-stone-300">
        <p className="text-xs font-semibold uppercase tracking-wide text-stone-600">{t("admin.title")}</p>
        <nav aria-label={t("admin.nav.label")} className="-mb-px flex flex-wrap gap-1">
          {SECTIONS.map((s) => (
            <NavLink
              key={s.to}
              to={s.to}
              end={s.end}
              className={({ isActive }) =>
                `inline-flex min-h-11 items-center border-b-2 px-3 text-sm font-medium no-underline hover:no-underline ${
                  isActive ? "border-blue-800 text-stone-900" : "border-transparent text-stone-700 hover:border-stone-400"
                }`
              }
            >
              {t(s.label)}
            </NavLink>
          ))}
        </nav>
      </div>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
