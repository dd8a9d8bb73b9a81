import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AGENCY_KINDS, SERIES_ROLES } from "../../db/schema";
import { ErrorPage } from "~/components/error-page";
import { FormAlert } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { seenOf, valueOf, valuesOf } from "~/features/admin/admin-forms";
import { ActiveBadge, HistoryTable, SavedNotice } from "~/features/admin/admin-ui";
import { historyFor as historyOf } from "~/features/audit/audit.server";
import { savedRedirect } from "~/features/admin/responses.server";
import { SeriesForm } from "~/features/series/series-form";
import { MemberSchema, SeriesAgenciesSchema, SeriesDetailsSchema, SeriesIntentSchema } from "~/features/series/series-schemas";
import {
  addSeriesMember,
  agencyChecklist,
  getSeries,
  removeSeriesMember,
  seatCandidates,
  seriesExists,
  setSeriesAgencies,
  updateSeries,
} from "~/features/series/series.server";
import { fitsSeriesRole } from "~/features/users/users-rules";
import { requireUser } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { notFound, requirePermission } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";
import { idParam } from "~/utils/params.server";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const id = idParam(params, "seriesId");
  const series = await getSeries(id);
  if (!series) notFound();
  const t = await getTranslator(request, user);
  const [candidates, agencies, history] = await Promise.all([seatCandidates(), agencyChecklist(), historyOf("series", id)]);
  return {
    title: `${series.code} · ${t("admin.series.title")} · ${t("app.name")}`,
    series,
    candidates,
    agencies,
    history,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:manage");
  const id = idParam(params, "seriesId");
  if (!(await seriesExists(id))) notFound();
  const form = await readForm(request);
  const intent = parseForm(SeriesIntentSchema, form);
  if (!intent.ok) return formFailure(form, { errors: intent.errors });
  const back = `/admin/series/${id}`;
  const formKey = formKeyOf(request, form);
  switch (intent.data.intent) {
    case "save": {
      const parsed = parseForm(SeriesDetailsSchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      const outcome = await updateSeries(user, id, parsed.data, seenOf(form), { formKey });
      return respond(form, outcome, () => savedRedirect(back, "updated"));
    }
    case "add-member":
    case "remove-member": {
      const parsed = parseForm(MemberSchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      const adding = intent.data.intent === "add-member";
      const outcome = await (adding ? addSeriesMember : removeSeriesMember)(user, id, parsed.data, { formKey });
      return respond(form, outcome, () => savedRedirect(back, adding ? "member-added" : "member-removed"));
    }
    case "set-agencies": {
      const parsed = parseForm(SeriesAgenciesSchema, form);
      if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
      const outcome = await setSeriesAgencies(user, id, parsed.data.agencyId, { formKey });
      return respond(form, outcome, () => savedRedirect(back, "agencies"));
    }
    default: {
      const unreachable: never = intent.data.intent;
      throw new Error(`Unhandled intent ${String(unreachable)}`);
    }
  }
}

export default function EditSeries() {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const { series, candidates, agencies, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values;
  const failedIntent = actionData?.intent;
  const onMembers = failedIntent === "add-member" || failedIntent === "remove-member";
  const onAgencies = failedIntent === "set-agencies";
  const saveErrors = onMembers || onAgencies ? undefined : actionData?.errors;
  const memberError = onMembers ? (actionData?.errors?.userId ?? actionData?.errors?.seat) : undefined;
  const failedSeat = failedIntent === "add-member" ? valueOf(values, "seat") : undefined;
  const typed = failedIntent === "save" ? values : undefined;
  const ticked = new Set((onAgencies ? valuesOf(values, "agencyId") : undefined) ?? series.agencyIds.map(String));
  const name = (a: { name_vi: string; name_en: string }) => (locale === "vi" ? a.name_vi : a.name_en);
  const memberIds = new Set(series.agencyIds);
  const listed = agencies.filter((a) => a.active === 1 || memberIds.has(a.id));

  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/series">← {t("admin.series.back")}</Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          <span className="font-mono">{series.code}</span> — {name(series)}
        </h1>
        <ActiveBadge active={series.active} />
      </div>
      <p className="text-sm text-stone-700">
        {t("admin.series.meetings")}: {series.meetingCount}
      </p>
      <SavedNotice />

      <section aria-labelledby="details-title" className="space-y-2">
        <h2 id="details-title">{t("admin.series.detailsTitle")}</h2>
        <SeriesForm
          key={series.updated_at}
          mode="edit"
          seen={series.updated_at}
          defaults={{
            code: series.code,
            nameVi: valueOf(typed, "nameVi") ?? series.name_vi,
            nameEn: valueOf(typed, "nameEn") ?? series.name_en,
            issuingBody: valueOf(typed, "issuingBody") ?? series.issuing_body,
            noticeSymbol: valueOf(typed, "noticeSymbol") ?? series.notice_symbol,
            standingRecipients: valueOf(typed, "standingRecipients") ?? series.standing_recipients,
            archiveLine: valueOf(typed, "archiveLine") ?? series.archive_line,
            signerAuthority: valueOf(typed, "signerAuthority") ?? series.signer_authority,
            signerTitle: valueOf(typed, "signerTitle") ?? series.signer_title,
            signerName: valueOf(typed, "signerName") ?? series.signer_name,
          }}
          errors={saveErrors}
          formError={actionData?.formError}
          cancelTo="/admin/series"
        />
      </section>

      <section className="card max-w-5xl" aria-labelledby="members-title">
        <h2 id="members-title">{t("admin.series.membersTitle")}</h2>
        <p className="mt-1 mb-3 text-sm text-stone-700">{t("admin.series.membersHelp")}</p>
        {memberError && failedIntent === "remove-member" && <FormAlert>{t(memberError.key, memberError.params)}</FormAlert>}
        {series.members.length === 0 ? (
          <p className="mb-3 text-sm text-stone-700">{t("admin.series.noMembers")}</p>
        ) : (
          <table className="register mb-4" data-testid="series-members">
            <thead>
              <tr>
                <th scope="col">{t("admin.series.seat")}</th>
                <th scope="col">{t("admin.series.member")}</th>
                <th scope="col">{t("admin.user.username")}</th>
                <th scope="col">{t("common.status")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {series.members.map((m) => (
                <tr key={`${m.user_id}-${m.seat}`}>
                  <td className="whitespace-nowrap font-medium">{t(`role.${m.seat}`)}</td>
                  <td>
                    <Link to={`/admin/users/${m.user_id}`}>{m.full_name}</Link>
                    {m.title && <div className="text-xs text-stone-600">{m.title}</div>}
                  </td>
                  <td className="font-mono">{m.username}</td>
                  <td className="space-x-1">
                    <ActiveBadge active={m.active} />
                    {!fitsSeriesRole(m.role, m.seat) && <span className="badge bg-orange-100 text-orange-900">{t("admin.series.roleMismatch")}</span>}
                  </td>
                  <td>
                    <Form method="post">
                      <FormKey />
                      <input type="hidden" name="intent" value="remove-member" />
                      <input type="hidden" name="userId" value={m.user_id} />
                      <input type="hidden" name="seat" value={m.seat} />
                      <button
                        type="submit"
                        className="btn btn-danger"
                        disabled={busy}
                        aria-label={t("admin.series.removeMember", { name: m.full_name, role: t(`role.${m.seat}`) })}
                      >
                        {t("admin.series.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {candidates.length === 0 ? (
          <p className="text-sm text-stone-700">{t("admin.series.noCandidates")}</p>
        ) : (
          <div className="grid gap-4 md:grid-cols-2">
            {SERIES_ROLES.map((seat) => {
              const eligible = candidates.filter((c) => fitsSeriesRole(c.role, seat));
              const taken = new Set(series.members.filter((m) => m.seat === seat).map((m) => m.user_id));
              const fieldId = `add-${seat}`;
              const error = failedSeat === seat ? memberError : undefined;
              return (
                <Form method="post" key={`${seat}-${series.updated_at}`} className="rounded border border-stone-200 p-3" noValidate>
                  <FormKey />
                  <input type="hidden" name="intent" value="add-member" />
                  <input type="hidden" name="seat" value={seat} />
                  <label htmlFor={fieldId} className="label">
                    {t(`role.${seat}`)}
                  </label>
                  <select
                    id={fieldId}
                    name="userId"
                    className="input"
                    defaultValue=""
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${fieldId}-error` : undefined}
                  >
                    <option value="">{t("admin.series.pickUser")}</option>
                    {eligible.map((c) => (
                      <option key={c.id} value={c.id} disabled={taken.has(c.id)}>
                        {c.full_name} ({c.username}){c.title ? ` — ${c.title}` : ""}
                      </option>
                    ))}
                  </select>
                  {error && (
                    <p id={`${fieldId}-error`} className="field-error" role="alert">
                      {t(error.key, error.params)}
                    </p>
                  )}
                  <button type="submit" className="btn mt-2" disabled={busy}>
                    {t("admin.series.addMember")}
                  </button>
                </Form>
              );
            })}
          </div>
        )}
      </section>

      <section className="card max-w-5xl" aria-labelledby="agencies-title">
        <h2 id="agencies-title">{t("admin.series.agenciesTitle", { count: series.agencyIds.length })}</h2>
        {listed.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">{t("admin.series.noAgencies")}</p>
        ) : (
          <Form method="post" className="mt-1" key={series.updated_at}>
            <p className="mb-3 text-sm text-stone-700">{t("admin.series.agenciesHelp")}</p>
            {onAgencies && actionData?.errors?.agencyId && <FormAlert>{t(actionData.errors.agencyId.key, actionData.errors.agencyId.params)}</FormAlert>}
            <FormKey />
            <input type="hidden" name="intent" value="set-agencies" />
            {AGENCY_KINDS.map((kind) => {
              const group = listed.filter((a) => a.kind === kind);
              if (group.length === 0) return null;
              return (
                <fieldset key={kind} className="mb-3">
                  <legend className="text-sm font-semibold text-stone-800">{t(`kind.${kind}`)}</legend>
                  <div className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
                    {group.map((a) => (
                      <label key={a.id} className="flex min-h-11 items-center gap-2 text-sm">
                        <input type="checkbox" name="agencyId" value={a.id} defaultChecked={ticked.has(String(a.id))} className="size-5 shrink-0" />
                        <span>
                          <span className="font-mono">{a.code}</span> — {name(a)}
                          {a.active ? "" : ` (${t("common.inactive")})`}
                        </span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              );
            })}
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t("admin.series.saveAgencies")}
            </button>
          </Form>
        )}
      </section>

      <HistoryTable
        events={history}
        describe={(field, value) => {
          if (field !== "agency_id" || typeof value !== "number") return null;
          return agencies.find((a) => a.id === value)?.code ?? null;
        }}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
