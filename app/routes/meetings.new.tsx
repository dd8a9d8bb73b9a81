import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FormAlert, SelectField, TextAreaField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { ScheduleMeetingSchema } from "~/features/meetings/meetings-schemas";
import { scheduleMeeting, seriesForOffice } from "~/features/meetings/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { addDaysToDay, vnToday } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "meeting:schedule");
  const t = await getTranslator(request, user);
  const today = vnToday();
  const nextMonth = addDaysToDay(`${today.slice(0, 7)}-01`, 32).slice(0, 7);
  return {
    title: `${t("meetings.schedule")} · ${t("app.name")}`,
    series: await seriesForOffice(user),
    defaults: { period: nextMonth, day: `${nextMonth}-07`, time: "08:00", cutoffDay: `${nextMonth}-03`, cutoffTime: "17:00" },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const parsed = parseForm(ScheduleMeetingSchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  requirePermission(user, "meeting:schedule", { seriesId: parsed.data.seriesId });
  const outcome = await scheduleMeeting(user, parsed.data, { formKey: formKeyOf(request, form) });
  return respond(form, outcome, ({ id }) => redirect(`/meetings/${id}?scheduled=1`));
}

export default function NewMeeting() {
  const t = useT();
  const locale = useLocale();
  const { series, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  const v = { ...defaults, ...(actionData?.values ?? {}) } as Record<string, string>;
  return (
    <div className="max-w-2xl space-y-4">
      <p>
        <Link to="/meetings">← {t("meetings.title")}</Link>
      </p>
      <h1>{t("meetings.schedule")}</h1>
      {series.length === 0 ? (
        <p className="card">{t("meetings.noSeries")}</p>
      ) : (
        <Form method="post" className="card" noValidate>
          <FormKey />
          {actionData && <FormAlert>{t("common.formInvalid")}</FormAlert>}
          <SelectField
            label={t("meetings.field.series")}
            name="seriesId"
            error={errors.seriesId}
            defaultValue={v.seriesId}
            options={series.map((s) => ({ value: String(s.id), label: locale === "vi" ? s.name_vi : s.name_en }))}
          />
          <TextField
            label={t("meetings.field.period")}
            name="period"
            hint={t("meetings.field.periodHint")}
            error={errors.period}
            defaultValue={v.period}
            required
          />
          <div className="grid gap-x-4 sm:grid-cols-2">
            <TextField label={t("meetings.field.day")} name="day" type="date" error={errors.day} defaultValue={v.day} required />
            <TextField label={t("meetings.field.time")} name="time" type="time" error={errors.time} defaultValue={v.time} required />
            <TextField label={t("meetings.field.cutoffDay")} name="cutoffDay" type="date" error={errors.cutoffDay} defaultValue={v.cutoffDay} required />
            <TextField label={t("meetings.field.cutoffTime")} name="cutoffTime" type="time" error={errors.cutoffTime} defaultValue={v.cutoffTime} required />
          </div>
          <TextField
            label={t("meetings.field.place")}
            name="place"
            error={errors.place}
            defaultValue={v.place ?? "Phòng họp số 1, Trụ sở UBND tỉnh"}
            required
            maxLength={300}
          />
          <TextAreaField
            label={t("meetings.field.bridgePoints")}
            name="bridgePoints"
            hint={t("meetings.field.bridgePointsHint")}
            error={errors.bridgePoints}
            defaultValue={v.bridgePoints}
            rows={4}
          />
          <button type="submit" className="btn btn-primary">
            {t("meetings.schedule")}
          </button>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
