import { createCookie } from "@remix-run/node";
import type { Locale } from "../../db/schema";
import { isLocale, translator } from "~/i18n";

export const languageCookie = createCookie("gb_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** The signed-in user's choice, else the cookie's, else Vietnamese. */
export async function getLocale(request: Request, user?: { locale: Locale } | null): Promise<Locale> {
  if (user) return user.locale;
  const value = await languageCookie.parse(request.headers.get("Cookie"));
  return isLocale(value) ? value : "vi";
}

export async function getTranslator(request: Request, user?: { locale: Locale } | null) {
  return translator(await getLocale(request, user));
}
