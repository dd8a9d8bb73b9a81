import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorPage } from "../components/error-page";
import { requireUser } from "../utils/auth.server";
import { getTranslator } from "../utils/i18n.server";
import { useT } from "../utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request, user);
  return {
    title: `${t("account.title")} · ${t("app.name")}`,
    me: { username: user.username, email: user.email, fullName: user.fullName, locale: user.locale },
  };
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
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
