import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { FormAlert, TextField } from "~/components/field";
import { ErrorPage } from "~/components/error-page";
import { getSessionUser, verifyLogin } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { createSession, destroySession, overHttps, safeRedirectTo } from "~/utils/session.server";
import { throttledPasswordCheck, throttleRefusal } from "~/features/auth/throttle.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const url = new URL(request.url);
  if (user) throw redirect(safeRedirectTo(url.searchParams.get("redirectTo")));
  const t = await getTranslator(request);
  return { title: `${t("login.title")} · ${t("app.name")}`, reason: url.searchParams.get("reason") };
}

const LoginSchema = z.object({
  username: z.string().max(200).default(""),
  password: z.string().max(500).default(""),
  redirectTo: z.string().max(2000).optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(LoginSchema, await readForm(request));
  const fields = parsed.ok ? parsed.data : { username: "", password: "", redirectTo: undefined };
  const ip = context?.clientIp ?? null;
  const username = fields.username.slice(0, 200);
  // Nothing to check: no hash is computed, nothing is counted.
  if (!parsed.ok || !fields.username || !fields.password) {
    return data({ error: "login.invalid" as const, minutes: 0, username }, { status: 400 });
  }
  // Repeated failures slow down, then lock for a while. The attempt is
  // counted before its password is checked, so parallel guesses cannot all
  // slip in before the first failure is recorded.
  const result = await throttledPasswordCheck(fields.username, ip, async () => {
    const user = await verifyLogin(fields.username, fields.password);
    return { outcome: user ? "success" : "failure", value: user };
  });
  if (result.status !== "checked") {
    const { message, init } = throttleRefusal(result);
    return data({ error: message.key, minutes: message.minutes, username }, init);
  }
  const user = result.value;
  if (!user) return data({ error: "login.invalid" as const, minutes: 0, username }, { status: 400 });
  // A new session id at every sign-in; any session this browser had is ended.
  await destroySession(request);
  const cookie = await createSession(user.id, { ip, userAgent: request.headers.get("user-agent"), secure: overHttps(request) });
  return redirect(safeRedirectTo(fields.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const t = useT();
  const { reason } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <div className="mx-auto max-w-md">
      <h1>{t("login.title")}</h1>
      <p className="mt-2 mb-6 text-stone-700">{t("login.intro")}</p>
      {reason === "expired" && !actionData && <FormAlert>{t("login.expired")}</FormAlert>}
      {params.get("signedOut") && !actionData && <FormAlert tone="success">{t("login.signedOut")}</FormAlert>}
      {actionData?.error && <FormAlert>{t(actionData.error, { minutes: actionData.minutes })}</FormAlert>}
      <Form method="post" className="card">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField
          label={t("login.username")}
          name="username"
          autoComplete="username"
          required
          // The page's one purpose is this form; the user name is where everyone starts typing.
          // eslint-disable-next-line jsx-a11y/no-autofocus
          autoFocus
          defaultValue={actionData?.username ?? ""}
        />
        <TextField label={t("login.password")} name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
