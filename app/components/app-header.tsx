import { Form, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { RootData } from "~/root";
import { useT } from "~/utils/use-t";
import type { MessageKey } from "~/i18n";

interface NavItem {
  to: string;
  label: MessageKey;
  show: (user: NonNullable<RootData["user"]>) => boolean;
}

/** Navigation grows with the features; each entry knows who it is for. */
const NAV: NavItem[] = [
  { to: "/", label: "nav.home", show: () => true },
  { to: "/meetings", label: "nav.meetings", show: () => true },
  { to: "/blockers", label: "nav.blockers", show: () => true },
  { to: "/tasks", label: "nav.tasks", show: () => true },
  { to: "/dashboard", label: "nav.dashboard", show: () => true },
  { to: "/search", label: "nav.search", show: () => true },
  { to: "/admin", label: "nav.admin", show: (u) => u.canAdmin },
  { to: "/account", label: "nav.account", show: () => true },
];

export function AppHeader() {
  const t = useT();
  const data = useRouteLoaderData("root") as RootData | undefined;
  const location = useLocation();
  const user = data?.user;
  const here = location.pathname + location.search;
  const otherLocale = data?.locale === "en" ? "vi" : "en";
  return (
    <header className="no-print border-b-4 border-brand-700 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t("app.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
        <NavLink to="/" className="flex flex-col text-stone-900 no-underline hover:no-underline">
          <span className="text-lg font-bold uppercase tracking-wide text-brand-800">{t("app.name")}</span>
          <span className="text-xs text-stone-600">{t("app.tagline")}</span>
        </NavLink>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {user && (
            <Form method="get" action="/search" role="search" aria-label={t("search.headerLabel")} className="hidden sm:block">
              <label htmlFor="header-search" className="sr-only">
                {t("search.label")}
              </label>
              <input
                id="header-search"
                type="search"
                name="q"
                placeholder={t("search.headerPlaceholder")}
                className="input min-h-9 w-36 py-1 text-sm"
                maxLength={200}
              />
            </Form>
          )}
          <Form method="post" action="/language">
            <input type="hidden" name="redirectTo" value={here} />
            <input type="hidden" name="lang" value={otherLocale} />
            <button type="submit" className="btn min-h-9 py-1" lang={otherLocale} title={t("lang.switchLabel")}>
              {t("lang.switchTo")}
            </button>
          </Form>
          {user && (
            <>
              <NavLink
                to="/notifications"
                className="btn min-h-9 gap-1 py-1"
                aria-label={t("notifications.headerLabel", { count: user.unread })}
                data-testid="notifications-link"
              >
                {t("notifications.title")}
                {user.unread > 0 && <span className="badge bg-red-700 text-white">{user.unread}</span>}
              </NavLink>
              <span className="hidden text-sm text-stone-700 md:inline" data-testid="current-user">
                {user.fullName}
              </span>
              <Form method="post" action="/logout">
                <button type="submit" className="btn min-h-9 py-1">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          )}
        </div>
        {user && (
          // A row of its own, under the name and the tools: nine entries fit on one line at a laptop's width.
          <nav aria-label={t("nav.label")} className="-mx-3 flex basis-full flex-wrap gap-1">
            {NAV.filter((item) => item.show(user)).map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.to === "/"}
                className={({ isActive }) =>
                  `rounded px-3 py-2 text-sm font-medium no-underline hover:bg-stone-100 hover:no-underline ${
                    isActive ? "bg-stone-200 text-stone-900" : "text-stone-700"
                  }`
                }
              >
                {t(item.label)}
              </NavLink>
            ))}
          </nav>
        )}
      </div>
    </header>
  );
}
