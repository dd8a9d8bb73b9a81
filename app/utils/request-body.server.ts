import { data } from "@remix-run/node";

/** The bodies a form sends: URL-encoded, or multipart when it carries files. */
const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * Every action reads its form through this. A body that is no form (JSON,
 * text/plain, none) is refused with 415, and a form that cannot be parsed (a
 * broken multipart body) with 400, each with a message the error page shows
 * in the reader's language. Nothing has been read or written yet, so nothing
 * changes. Before, both were 500s.
 */
export async function readForm(request: Request): Promise<FormData> {
  if (!FORM_TYPES.test(request.headers.get("Content-Type") ?? "")) {
    throw data({ status: 415, messageKey: "error.notAForm" }, { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw data({ status: 400, messageKey: "error.unreadableForm" }, { status: 400 });
  }
}
