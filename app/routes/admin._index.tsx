import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { countAgencies } from "~/features/agencies/agencies.server";
import { countSeries } from "~/features/series/series.server";
import { countUsers } from "~/features/users/users.server";
import { requireUser } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const t = await getTranslator(request, user);
  const [agencies, users, series] = await Promise.all([countAgencies(), countUsers(), countSeries()]);
  return { title: `${t("admin.overview.title")} · ${t("app.name")}`, agencies, users, series };
}

export default function AdminOverview() {
  const t = useT();
  const { agencies, users, series } = useLoaderData<typeof loader>();
  const cards = [
    { to: "/admin/agencies", title: t("admin.nav.agencies"), count: t("admin.overview.agencies", agencies) },
    { to: "/admin/users", title: t("admin.nav.users"), count: t("admin.overview.users", users) },
    { to: "/admin/series", title: t("admin.nav.series"), count: t("admin.overview.series", series) },
  ];
  return (
    <div className="space-y-4">
      <h1>{t("admin.overview.title")}</h1>
      <p className="max-w-3xl text-stone-700">{t("admin.overview.intro")}</p>
      <ul className="grid gap-4 md:grid-cols-3">
        {cards.map((c) => (
          <li key={c.to} className="card">
            <h2>{c.title}</h2>
            <p className="mt-1 text-stone-700" data-testid={`overview-${c.to.split("/").pop()}`}>
              {c.count}
            </p>
            <Link to={c.to} className="btn mt-3">
              {t("admin.overview.open")}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
