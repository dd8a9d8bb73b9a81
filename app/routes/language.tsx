import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { getSessionUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { languageCookie } from "~/utils/i18n.server";
import { safeRedirectTo } from "~/utils/session.server";
import { nowIso } from "~/utils/dates";
import { readForm } from "~/utils/request-body.server";

const LanguageSchema = z.object({
  lang: z.enum(["vi", "en"]),
  redirectTo: z.string().max(2000).optional(),
});

/** Switches the interface language: remembered in a cookie and, when signed in, on the account. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(LanguageSchema, await readForm(request));
  if (!parsed.ok) throw data({ status: 400 }, { status: 400 });
  const user = await getSessionUser(request);
  if (user && user.locale !== parsed.data.lang) {
    await getDb().updateTable("users").set({ locale: parsed.data.lang, updated_at: nowIso() }).where("id", "=", user.id).execute();
  }
  return redirect(safeRedirectTo(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.lang) },
  });
}

export function loader() {
  return redirect("/");
}
