import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppHeader } from "./components/app-header";
import { ErrorPage } from "./components/error-page";
import stylesheet from "./tailwind.css";
import { unreadCount } from "./features/notifications/notifications-center.server";
import { getSessionUser } from "./utils/auth.server";
import { formSeed } from "./utils/form-seed.server";
import { getLocale } from "./utils/i18n.server";
import { useNonce } from "./utils/nonce";
import { can } from "./utils/permissions";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = () => [{ title: "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const locale = await getLocale(request, user);
  return {
    locale,
    // Fresh on every document and after every change: the seed of the forms' one-time keys (components/form-key.tsx).
    formSeed: user ? formSeed() : null,
    user: user && {
      id: user.id,
      fullName: user.fullName,
      role: user.role,
      agencyName: locale === "vi" ? user.agencyNameVi : user.agencyNameEn,
      canAdmin: can(user, "admin:manage"),
      unread: await unreadCount(user.id),
    },
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const nonce = useNonce();
  return (
    <html lang={data?.locale ?? "vi"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <AppHeader />
        <main id="main" className="mx-auto max-w-7xl px-4 py-6">
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
