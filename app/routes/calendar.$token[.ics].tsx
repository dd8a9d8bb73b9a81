import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFeed, calendarNotFound, calendarResponse, publicOrigin } from "~/features/calendar/calendar.server";

/**
 * A user's calendar feed at its secret address (/calendar/<token>.ics). No
 * session: calendar apps cannot sign in, the token is the credential. An
 * unknown or revoked token is a page that does not exist.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = await calendarFeed(params.token ?? "", publicOrigin(request));
  if (feed === null) throw calendarNotFound();
  return calendarResponse(feed, "giao-ban.ics");
}
