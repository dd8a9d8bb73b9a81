import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ErrorPage } from "~/components/error-page";
import { FormAlert } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { NOTIFICATION_KINDS } from "~/features/notifications/notify-rules";
import { emailChoices, NOTIFICATION_PREFS_INTENT, saveEmailChoices, ticked } from "~/features/notifications/preferences.server";
import { emailEnabled } from "~/features/notifications/notifications.server";
import { calendarFormSchema } from "~/features/calendar/calendar-schemas";
import { feedUrl, issueCalendarToken, liveCalendarToken, publicOrigin, revokeCalendarToken } from "~/features/calendar/calendar.server";
import type { MessageKey } from "~/i18n";
import { PASSWORD_CHANGE_PATH, requireUser, type SessionUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request, user);
  const isAgency = (user.role === "agency_head" || user.role === "agency_staff") && user.agencyId !== null;
  return {
    title: `${t("account.title")} · ${t("app.name")}`,
    me: { username: user.username, email: user.email, fullName: user.fullName, locale: user.locale },
    calendar: {
      live: await liveCalendarToken(user.id),
      scope: isAgency
        ? ("agency" as const)
        : user.seriesRoles.length > 0 || user.role === "chair" || user.role === "secretary"
          ? ("office" as const)
          : ("all" as const),
      agency: (user.locale === "vi" ? user.agencyNameVi : user.agencyNameEn) ?? "",
    },
    notifications: { emailOn: emailEnabled(), choices: await emailChoices(user.id) },
    passwordChangePath: PASSWORD_CHANGE_PATH,
  };
}

/** A new calendar address: shown in this one answer only, since the database keeps its hash. */
type CalendarIssued = { ok: true; message: MessageKey; url: string };

/** Which notifications come by e-mail, or the calendar link (make, remake or revoke it). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  switch (form.get("intent")) {
    case "notification-prefs":
      return saveNotificationChoices(request, user, form);
    default:
      return calendarAction(request, user, form);
  }
}

/** Which notifications also come by e-mail: every kind is on the form, a ticked one is on. */
async function saveNotificationChoices(request: Request, user: SessionUser, form: FormData) {
  const outcome = await saveEmailChoices(user, ticked(form.getAll("email")), { formKey: formKeyOf(request, form) });
  return respond(form, outcome, () => redirect(`/account?notifications=saved#notifications`));
}

/** A stale form (another tab changed the link since) is refused with 409 and changes nothing; see issueCalendarToken for why no form key. */
async function calendarAction(request: Request, user: SessionUser, form: FormData) {
  const parsed = parseForm(calendarFormSchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  switch (parsed.data.intent) {
    case "generate":
    case "regenerate": {
      const outcome = await issueCalendarToken(user, parsed.data.current);
      return respond(form, outcome, ({ token, replaced }) =>
        data<CalendarIssued>({ ok: true, message: replaced ? "calendar.regenerated" : "calendar.created", url: feedUrl(publicOrigin(request), token) }),
      );
    }
    case "revoke": {
      const outcome = await revokeCalendarToken(user, parsed.data.current);
      return respond(form, outcome, () => redirect("/account?calendar=revoked#calendar"));
    }
  }
}

export default function Account() {
  const t = useT();
  const { me } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div className="max-w-2xl space-y-6">
      <h1>{t("account.title")}</h1>
      <dl className="card grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <dt className="font-medium">{t("account.username")}</dt>
        <dd>{me.username}</dd>
        <dt className="font-medium">{t("account.email")}</dt>
        <dd>{me.email ?? t("common.none")}</dd>
      </dl>
      <PasswordSection />
      <Form method="post" action="/language" className="card">
        <fieldset>
          <legend className="font-semibold">{t("account.language")}</legend>
          <p className="mb-3 text-sm text-stone-600">{t("account.languageHelp")}</p>
          <input type="hidden" name="redirectTo" value={location.pathname} />
          <div className="flex gap-6">
            {(["vi", "en"] as const).map((lang) => (
              <label key={lang} className="flex min-h-11 items-center gap-2">
                <input type="radio" name="lang" value={lang} defaultChecked={me.locale === lang} />
                {t(`account.${lang}`)}
              </label>
            ))}
          </div>
          <button type="submit" className="btn btn-primary mt-3">
            {t("common.save")}
          </button>
        </fieldset>
      </Form>
      <NotificationsSection />
      <CalendarSection />
    </div>
  );
}

function PasswordSection() {
  const t = useT();
  const { passwordChangePath } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section id="password" className="card space-y-3" aria-labelledby="password-title">
      <h2 id="password-title">{t("account.password.section")}</h2>
      {params.get("password") === "changed" && <FormAlert tone="success">{t("account.password.changed")}</FormAlert>}
      <p className="text-sm text-stone-700">{t("account.password.sectionHelp")}</p>
      <Link to={passwordChangePath} className="btn">
        {t("account.password.link")}
      </Link>
    </section>
  );
}

function NotificationsSection() {
  const t = useT();
  const { me, notifications } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section id="notifications" className="card space-y-3" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t("notifications.title")}</h2>
      {params.get("notifications") === "saved" && <FormAlert tone="success">{t("notifications.prefs.saved")}</FormAlert>}
      <p>{t("notifications.prefs.intro")}</p>
      {!notifications.emailOn ? (
        <p className="text-sm text-stone-700" data-testid="email-off">
          {t("notifications.emailOff")}
        </p>
      ) : me.email ? (
        <p className="text-sm text-stone-700">{t("notifications.prefs.to", { email: me.email })}</p>
      ) : (
        <p className="text-sm text-stone-700">{t("notifications.prefs.noEmail")}</p>
      )}
      <Form method="post" action="/account#notifications">
        <FormKey />
        <input type="hidden" name="intent" value={NOTIFICATION_PREFS_INTENT} />
        <fieldset>
          <legend className="font-semibold">{t("notifications.prefs.legend")}</legend>
          <ul className="mt-2 grid gap-x-6 sm:grid-cols-2">
            {NOTIFICATION_KINDS.map((kind) => (
              <li key={kind}>
                <label className="flex min-h-11 items-center gap-2">
                  <input type="checkbox" name="email" value={kind} defaultChecked={notifications.choices[kind]} className="size-5 shrink-0" />
                  {t(`notifications.kind.${kind}`)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit" className="btn btn-primary mt-3">
          {t("common.save")}
        </button>
      </Form>
    </section>
  );
}

function CalendarSection() {
  const t = useT();
  const { calendar } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const live = calendar.live;
  // The calendar's own answers: a new address, or a refused form. (The preferences' answer is a redirect.)
  const issued = reply && "url" in reply ? reply : null;
  const refused = reply && "values" in reply && reply.intent !== NOTIFICATION_PREFS_INTENT ? reply : null;
  const url = issued?.url ?? null;
  const confirmError = refused?.errors?.confirm;
  return (
    <section id="calendar" className="card space-y-3" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t("calendar.title")}</h2>
      <p>{t("calendar.intro")}</p>
      <p className="text-sm text-stone-700">{t(`calendar.scope.${calendar.scope}`, { agency: calendar.agency })}</p>
      {issued && <FormAlert tone="success">{t(issued.message)}</FormAlert>}
      {refused?.formError && <FormAlert>{t(refused.formError)}</FormAlert>}
      {!reply && params.get("calendar") === "revoked" && <FormAlert tone="success">{t("calendar.revoked")}</FormAlert>}
      {url && <FeedLink url={url} />}
      <p className="font-medium" data-testid="calendar-status">
        {live ? t("calendar.status.active", { when: formatDateTime(live.createdAt) }) : t("calendar.status.none")}
      </p>
      <p className="text-sm text-stone-600">{t("calendar.secretNote")}</p>
      {live ? (
        <div className="flex flex-wrap items-start gap-4">
          <Form method="post" action="/account#calendar">
            <input type="hidden" name="intent" value="regenerate" />
            <input type="hidden" name="current" value={live.id} />
            <button type="submit" className="btn">
              {t("calendar.regenerate")}
            </button>
          </Form>
          <Form method="post" action="/account#calendar" className="space-y-2">
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="current" value={live.id} />
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="confirm"
                value="1"
                required
                className="size-5"
                aria-invalid={confirmError ? true : undefined}
                aria-describedby={confirmError ? "calendar-confirm-error" : undefined}
              />
              {t("calendar.revokeConfirm")}
            </label>
            {confirmError && (
              <p id="calendar-confirm-error" className="field-error" role="alert">
                {t(confirmError.key, confirmError.params)}
              </p>
            )}
            <button type="submit" className="btn btn-danger">
              {t("calendar.revoke")}
            </button>
          </Form>
        </div>
      ) : (
        <Form method="post" action="/account#calendar">
          <input type="hidden" name="intent" value="generate" />
          <input type="hidden" name="current" value="none" />
          <button type="submit" className="btn btn-primary">
            {t("calendar.generate")}
          </button>
        </Form>
      )}
      <h3 className="pt-2 font-semibold">{t("calendar.howto.title")}</h3>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        <li>{t("calendar.howto.outlook")}</li>
        <li>{t("calendar.howto.google")}</li>
        <li>{t("calendar.howto.phone")}</li>
      </ul>
    </section>
  );
}

/** The new link, shown once; selecting it is one tap, and with JavaScript one button copies it. */
function FeedLink({ url }: { url: string }) {
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div>
      <label htmlFor="calendar-url" className="label">
        {t("calendar.url.label")}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="calendar-url"
          className="input min-w-0 flex-1 font-mono text-sm"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby="calendar-url-help"
          data-testid="calendar-url"
        />
        {hydrated && (
          <button
            type="button"
            className="btn"
            onClick={() =>
              navigator.clipboard?.writeText(url).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? t("calendar.copied") : t("calendar.copy")}
          </button>
        )}
      </div>
      <p id="calendar-url-help" className="mt-1 text-sm text-stone-600">
        {t("calendar.url.help")}
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
