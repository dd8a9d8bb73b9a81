/**
 * Where to send a user after sign-in, a language change or "mark read":
 * only somewhere on this site. The target is resolved the way a browser
 * would resolve it (which drops tabs and newlines and reads "\" as "/"), and
 * kept only if it stays on our own origin; what is kept is its path, query
 * and fragment, percent-encoded, so the Location header is plain ASCII.
 * Anything else — another host, a scheme, control characters — gives the
 * fallback, never an error.
 */
const OWN_ORIGIN = "http://giaoban.invalid";
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f-\u009f\\]/;

export function safeRedirectTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || CONTROL_OR_BACKSLASH.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  // "//host" (also reached through "/.//host") would leave the site.
  if (url.origin !== OWN_ORIGIN || url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}
