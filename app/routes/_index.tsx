import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import type { MessageKey } from "~/i18n";
import { homeFacts } from "~/features/home/home.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { getTranslator } from "~/utils/i18n.server";
import { can } from "~/utils/permissions";
import { useLocale, useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request, user);
  return {
    title: `${t("home.title")} · ${t("app.name")}`,
    facts: await homeFacts(user),
    isAgency: user.role === "agency_head" || user.role === "agency_staff",
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
  const { me, facts, isAgency } = useLoaderData<typeof loader>();
  const candidates: Array<{ key: MessageKey; count: number; to: string; urgent?: boolean }> = [
    { key: "home.awaitingTriage", count: facts.awaitingTriage, to: "/blockers?status=submitted" },
    { key: "home.pendingExtensions", count: facts.pendingExtensions, to: "/tasks?awaiting=chair&agency=all" },
    { key: "home.pendingCompletions", count: facts.pendingCompletions, to: "/tasks?awaiting=chair&agency=all" },
    { key: "home.myOverdue", count: facts.myOverdue, to: "/tasks?status=overdue", urgent: true },
    { key: "home.myDueSoon", count: facts.myDueSoon, to: "/tasks?status=due_soon" },
    { key: "home.myReturned", count: facts.myReturned, to: "/blockers?status=returned", urgent: true },
    { key: "home.myDrafts", count: facts.myDrafts, to: "/blockers?status=draft" },
    { key: "home.myOpen", count: facts.myOpen, to: "/tasks" },
  ];
  const todo = candidates.filter((x) => x.count > 0);
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
        {todo.length > 0 ? (
          <ul className="mt-3 space-y-1" data-testid="home-todo">
            {todo.map((x) => (
              <li key={x.key}>
                <Link to={x.to} className={x.urgent ? "font-semibold text-red-800" : "font-medium"}>
                  {t(x.key, { count: x.count })}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-stone-600">{t("home.allClear")}</p>
        )}
        {isAgency && (
          <p className="mt-3">
            <Link to="/blockers/new" className="btn btn-primary">
              {t("home.newBlocker")}
            </Link>
          </p>
        )}
        {me.canAdmin && (
          <p className="mt-3">
            <Link to="/admin" className="btn btn-primary">
              {t("home.goAdmin")}
            </Link>
          </p>
        )}
      </section>

      <section className="card">
        <h2>{t("home.nextMeeting")}</h2>
        {facts.nextMeeting ? (
          <p className="mt-2">
            <Link to={`/meetings/${facts.nextMeeting.id}`}>
              {t("home.nextMeetingLine", {
                title: facts.nextMeeting.title,
                when: formatDateTime(facts.nextMeeting.startsAt),
                cutoff: formatDateTime(facts.nextMeeting.cutoffAt),
              })}
            </Link>
          </p>
        ) : (
          <p className="mt-2 text-stone-600">{t("home.noMeeting")}</p>
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
