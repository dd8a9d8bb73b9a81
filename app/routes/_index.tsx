import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/error-page";
import type { MessageKey } from "../i18n";
import { requireUser } from "../utils/auth.server";
import { getTranslator } from "../utils/i18n.server";
import { can } from "../utils/permissions";
import { useLocale, useT } from "../utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request, user);
  return {
    title: `${t("home.title")} · ${t("app.name")}`,
    me: {
      fullName: user.fullName,
      title: user.title,
      role: user.role,
      agencyNameVi: user.agencyNameVi,
      agencyNameEn: user.agencyNameEn,
      seriesRoles: user.seriesRoles,
      canAdmin: can(user, "admin:manage"),
    },
  };
}

export default function Home() {
  const t = useT();
  const locale = useLocale();
  const { me } = useLoaderData<typeof loader>();
  const agency = locale === "vi" ? me.agencyNameVi : me.agencyNameEn;
  return (
    <div className="space-y-6">
      <section>
        <h1 data-testid="home-greeting">{t("home.greeting", { name: me.fullName })}</h1>
        <p className="mt-2 text-stone-700">
          {t("home.youAre", { role: t(`role.${me.role}` as MessageKey) })}
          {me.title ? ` (${me.title})` : ""}
        </p>
        <p className="text-stone-700">{agency ? t("home.agency", { agency }) : t("home.noAgency")}</p>
      </section>

      <section className="card border-l-4 border-l-blue-800">
        <h2>{t("home.next")}</h2>
        <p className="mt-2">{t(`home.next.${me.role}` as MessageKey)}</p>
        {me.canAdmin && (
          <p className="mt-3">
            <Link to="/admin" className="btn btn-primary">
              {t("home.goAdmin")}
            </Link>
          </p>
        )}
      </section>

      {me.seriesRoles.length > 0 && (
        <section className="card">
          <h2>{t("home.seriesRoles")}</h2>
          <ul className="mt-2 list-disc pl-6">
            {me.seriesRoles.map((r) => (
              <li key={`${r.seriesId}-${r.role}`}>
                {t("home.seriesRole", {
                  role: t(`role.${r.role}` as MessageKey),
                  series: locale === "vi" ? r.seriesNameVi : r.seriesNameEn,
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
