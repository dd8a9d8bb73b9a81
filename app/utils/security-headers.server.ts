/** Headers every response carries. (A nonce-based CSP is tracked separately.) */
export function applySecurityHeaders(headers: Headers): void {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  if (process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1") {
    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
}
