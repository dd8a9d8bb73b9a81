import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySession } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await destroySession(request);
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": cookie } });
}

/** Signing out is a POST; a GET (a stale link) just goes home. */
export function loader() {
  return redirect("/");
}
