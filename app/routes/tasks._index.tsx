import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { AwaitingDecisions } from "~/features/tasks/components/register-awaiting";
import { EmptyRegister } from "~/features/tasks/components/register-empty";
import { RegisterFilters } from "~/features/tasks/components/register-filters";
import { RegisterSummary } from "~/features/tasks/components/register-summary";
import { RegisterPagination, RegisterTable } from "~/features/tasks/components/register-table";
import { registerHrefWith, registerIsFiltered } from "~/features/tasks/task-page-rules";
import { TRACKING_STATUSES } from "~/features/tasks/tasks-rules";
import { parseRegisterQuery } from "~/features/tasks/tasks-schemas";
import { listTasks, pendingDecisionsFor, registerOptions } from "~/features/tasks/tasks.server";
import type { MessageKey } from "~/i18n";
import { requireUser } from "~/utils/auth.server";
import { vnToday } from "~/utils/dates";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // The register lists issued tasks (public to everyone signed in); drafts are scoped in the query.
  requirePermission(user, "task:read", { published: true });
  const locale = await getLocale(request, user);
  const t = await getTranslator(request, user);
  const query = parseRegisterQuery(new URL(request.url).searchParams);
  const today = vnToday();
  const register = await listTasks(user, query, { today, locale });
  const options = await registerOptions(user, locale);
  const pending = await pendingDecisionsFor(user, locale);
  return {
    title: `${t("tasks.register.title")} · ${t("app.name")}`,
    today,
    query,
    register,
    options,
    pending,
    myAgency: user.agencyId !== null ? { id: user.agencyId, name: locale === "vi" ? user.agencyNameVi : user.agencyNameEn } : null,
  };
}

export default function TaskRegister() {
  const t = useT();
  const { today, query, register, options, pending, myAgency } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const statuses = TRACKING_STATUSES.filter((s) => s !== "not_issued" || options.showNotIssued);
  const scopeAgency =
    register.scope.agencyId === null ? null : (options.agencies.find((a) => a.value === String(register.scope.agencyId))?.label ?? myAgency?.name ?? "");
  const ownAgencyByDefault = register.scope.isDefault && register.scope.agencyId !== null;

  return (
    <div className="space-y-5">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1>{t("tasks.register.title")}</h1>
          <p className="mt-1 text-stone-700">
            {ownAgencyByDefault
              ? t("tasks.register.mine", { agency: scopeAgency ?? "" })
              : scopeAgency
                ? t(`tasks.register.scope.${register.scope.role}` as MessageKey, { agency: scopeAgency })
                : t("tasks.register.scope.all")}
          </p>
        </div>
        {ownAgencyByDefault && (
          <Link to={registerHrefWith(search, { agency: "all" })} className="btn">
            {t("tasks.register.seeAll")}
          </Link>
        )}
      </header>

      {pending.total > 0 && <AwaitingDecisions pending={pending} />}
      <RegisterFilters query={query} scope={register.scope} options={options} statuses={statuses} search={search} />
      <RegisterSummary counts={register.counts} statuses={statuses} query={query} search={search} />

      {register.rows.length === 0 ? (
        <EmptyRegister isDefault={ownAgencyByDefault} filtered={registerIsFiltered(search)} />
      ) : (
        <>
          <RegisterTable rows={register.rows} today={today} />
          <RegisterPagination register={register} search={search} />
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
