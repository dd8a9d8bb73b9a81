import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FormAlert } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { MeetingStatusBadge } from "~/components/meeting-status-badge";
import { TransitionSchema } from "~/features/meetings/meetings-schemas";
import { availableTransitions, type MeetingTransition } from "~/features/meetings/meetings-rules";
import { getMeeting, moveMeeting } from "~/features/meetings/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime, formatPeriod } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { idParam } from "~/utils/params.server";
import { notFound } from "~/utils/permissions.server";
import { seriesHat } from "~/utils/series-hat";
import { useLocale, useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { valueOrThrow } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  const t = await getTranslator(request, user);
  const hat = seriesHat(user, meeting.seriesId);
  return {
    title: `${meeting.title} · ${t("app.name")}`,
    meeting,
    hat,
    // The notice is issued from its own page, where the chair sees the document.
    transitions: availableTransitions(meeting.status, hat).filter((x) => x !== "issue_notice"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const meetingId = idParam(params, "meetingId");
  const form = await readForm(request);
  const parsed = parseForm(TransitionSchema, form);
  if (!parsed.ok) throw data({ status: 400 }, { status: 400 });
  const status = valueOrThrow(await moveMeeting(user, meetingId, parsed.data.transition as MeetingTransition, { formKey: formKeyOf(request, form) }));
  return redirect(`/meetings/${meetingId}?moved=${status}`);
}

export default function MeetingLayout() {
  const t = useT();
  const locale = useLocale();
  const { meeting, transitions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const moved = params.get("moved");
  const tab = ({ isActive }: { isActive: boolean }) =>
    `-mb-px inline-flex min-h-11 items-center border-b-2 px-3 text-sm font-medium no-underline hover:no-underline ${
      isActive ? "border-brand-700 text-stone-900" : "border-transparent text-stone-600 hover:text-stone-900"
    }`;
  return (
    <div className="space-y-4">
      <p className="no-print">
        <Link to="/meetings">← {t("meetings.title")}</Link>
      </p>
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-3">
          <h1>{locale === "vi" ? meeting.title : `${meeting.seriesNameEn} — ${formatPeriod(meeting.period, "en")}`}</h1>
          <MeetingStatusBadge status={meeting.status} />
        </div>
        <p className="text-stone-700">
          {t("meetings.when", { when: formatDateTime(meeting.startsAt) })} · {t("meetings.where", { place: meeting.place })}
        </p>
        <p className="text-stone-700">{t("meetings.cutoff", { when: formatDateTime(meeting.cutoffAt) })}</p>
        <p className="no-print text-sm">
          <a href={`/meetings/${meeting.id}/calendar.ics`} download>
            {t("calendar.addMeeting")}
          </a>
        </p>
        {meeting.bridgePoints.length > 0 && (
          <p className="text-sm text-stone-700">
            {t("meetings.bridgePoints")}: {meeting.bridgePoints.map((b) => b.label).join("; ")}
          </p>
        )}
      </header>

      {params.get("scheduled") && <FormAlert tone="success">{t("meetings.scheduled")}</FormAlert>}
      {moved && <FormAlert tone="success">{t("meetings.moved", { status: t(`meetingStatus.${moved}` as "meetingStatus.open") })}</FormAlert>}

      {transitions.length > 0 && (
        <div className="no-print card flex flex-wrap items-center gap-3 border-l-4 border-l-blue-800">
          <span className="font-semibold">{t("meetings.next")}:</span>
          {transitions.map((name) => (
            <Form method="post" key={name}>
              <FormKey />
              <input type="hidden" name="intent" value="transition" />
              <input type="hidden" name="transition" value={name} />
              <button type="submit" className="btn btn-primary">
                {t(`meetings.transition.${name}`)}
              </button>
            </Form>
          ))}
        </div>
      )}

      <nav className="no-print flex flex-wrap gap-1 border-b border-stone-300" aria-label={t("meetings.title")}>
        <NavLink to="." end className={tab}>
          {t("meetings.tab.agenda")}
        </NavLink>
        <NavLink to="session" className={tab}>
          {t("meetings.tab.session")}
        </NavLink>
        <NavLink to="notice" className={tab}>
          {t("meetings.tab.notice")}
        </NavLink>
        <NavLink to="history" className={tab}>
          {t("meetings.tab.history")}
        </NavLink>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
