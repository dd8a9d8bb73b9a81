import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FormAlert, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { MIN_PASSWORD_LENGTH } from "~/features/users/users-rules";
import { changePasswordSchema } from "~/features/users/users-schemas";
import { changeOwnPassword } from "~/features/users/users.server";
import { requireUser, type SessionUser } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { createSession, overHttps, safeRedirectTo } from "~/utils/session.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";
import { throttledPasswordCheck, throttleRefusal } from "~/features/auth/throttle.server";
import { NewPasswordFields } from "~/features/users/new-password-fields";

/**
 * Tài khoản → Đổi mật khẩu (/account/password). Not nested in the account
 * page (account_): that page's loader sends a user who must change their
 * password here, and this one must answer them.
 */

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

const DONE = "/account?password=changed#password";

/** Where to go afterwards: back where a forced change interrupted the user, never to another site. */
function nextPath(value: string | null | undefined): string | null {
  const path = safeRedirectTo(value, "");
  return path === "" ? null : path;
}

const ownerOf = (user: SessionUser) => ({ username: user.username, fullName: user.fullName, email: user.email });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { passwordChange: true });
  const t = await getTranslator(request, user);
  return {
    title: `${t("account.password.title")} · ${t("app.name")}`,
    username: user.username,
    mustChange: user.mustChangePassword,
    redirectTo: nextPath(new URL(request.url).searchParams.get("redirectTo")),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { passwordChange: true });
  const form = await readForm(request);
  const parsed = parseForm(changePasswordSchema(ownerOf(user)), form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  // Guessing the current password (from a session left open) is throttled as sign-in is.
  const ip = context?.clientIp ?? null;
  const checked = await throttledPasswordCheck(user.username, ip, async () => {
    const outcome = await changeOwnPassword(user, parsed.data.currentPassword, parsed.data.password, { formKey: formKeyOf(request, form) });
    // Only a wrong current password is a failed guess; a reset landing meanwhile checked nothing.
    const wrong = !outcome.ok && outcome.status === 400 && outcome.errors.currentPassword?.key === "account.password.wrongCurrent";
    return { outcome: outcome.ok ? "success" : wrong ? "failure" : "not-checked", value: outcome };
  });
  if (checked.status !== "checked") {
    const { message, init } = throttleRefusal(checked);
    const error = message.key === "login.locked" ? { key: message.key, params: { minutes: message.minutes } } : { key: message.key };
    return formFailure(form, { errors: { currentPassword: error } }, init);
  }
  return respond(form, checked.value, async () => {
    // Every session ended with the change; this browser goes on with a new one.
    const cookie = await createSession(user.id, { ip, userAgent: request.headers.get("user-agent"), secure: overHttps(request) });
    return redirect(nextPath(parsed.data.redirectTo) ?? DONE, { headers: { "Set-Cookie": cookie } });
  });
}

export default function ChangePassword() {
  const t = useT();
  const { username, mustChange, redirectTo } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-xl space-y-4">
      {!mustChange && (
        <p>
          <Link to="/account">← {t("account.password.back")}</Link>
        </p>
      )}
      <h1>{t("account.password.title")}</h1>
      {mustChange && <FormAlert>{t("account.password.mustChange")}</FormAlert>}
      <p className="text-sm text-stone-700">{t("account.password.intro")}</p>
      <Form method="post" className="card" noValidate>
        <FormKey />
        {redirectTo && <input type="hidden" name="redirectTo" value={redirectTo} />}
        {/* For password managers: whose password this is. */}
        <input type="hidden" name="username" value={username} autoComplete="username" />
        <TextField
          label={t("account.password.current")}
          name="currentPassword"
          type="password"
          required
          autoComplete="current-password"
          error={errors?.currentPassword}
        />
        <NewPasswordFields
          labels={{
            password: t("account.password.new"),
            confirm: t("account.password.confirm"),
            hint: t("account.password.hint", { min: MIN_PASSWORD_LENGTH }),
          }}
          errors={errors}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("account.password.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
