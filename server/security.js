/**
 * HTTP-level protections that must run before Remix reads a request:
 * security headers with a per-request CSP nonce, a same-origin check on
 * every mutating request, and a limit on request bodies.
 * Plain JavaScript so `node server.js` runs it without a build step.
 */
import { randomBytes } from "node:crypto";

export const MAX_BODY_BYTES = 1024 * 1024;

/** The Content-Security-Policy for one response; scripts run only with this response's nonce. */
export function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Sets the headers every response carries and makes a fresh nonce for the
 * page's scripts (read by entry.server through the load context).
 */
export function securityHeaders() {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // HSTS means something only over https (req.secure honours TRUST_PROXY).
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    res.removeHeader("X-Powered-By");
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Decides whether a mutating request comes from this site. Browsers say so
 * with Sec-Fetch-Site (modern) or Origin (all); a request with neither is
 * not a browser's cross-site form, and SameSite=Lax cookies cover it.
 * Returns null when allowed, else the reason.
 */
export function crossOriginReason(method, headers, host) {
  if (SAFE_METHODS.has(method)) return null;
  const site = headers["sec-fetch-site"];
  if (site && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site: ${site}`;
  const origin = headers.origin;
  if (origin === undefined) return null;
  if (origin === "null") return "Origin: null";
  let originHost;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin: ${origin}`;
  }
  return originHost === host ? null : `Origin: ${origin}`;
}

/** A short refusal page, Vietnamese first; shared with server/overload.js. */
export const REFUSED_PAGE = (title, text) =>
  `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${title}</title><body><h1>${title}</h1><p>${text}</p><p><a href="/">Về trang chủ / Home</a></p></body></html>`;

export function sameOriginGuard() {
  return (req, res, next) => {
    const reason = crossOriginReason(req.method, req.headers, req.headers["x-forwarded-host"] ?? req.headers.host);
    if (!reason) return next();
    res
      .status(403)
      .type("html")
      .send(
        REFUSED_PAGE(
          "403 — Yêu cầu bị từ chối",
          "Yêu cầu thay đổi dữ liệu phải gửi từ chính trang Giao ban. / A change must be sent from the Giao Ban site itself.",
        ),
      );
  };
}

/** 413 before Remix buffers a body that is larger than any form needs. */
export function bodyLimit(maxBytes = MAX_BODY_BYTES) {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const declared = Number(req.headers["content-length"] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res
        .status(413)
        .type("html")
        .send(REFUSED_PAGE("413 — Dữ liệu gửi lên quá lớn", "Nội dung gửi lên vượt quá giới hạn cho phép. / The request is too large."));
      req.resume();
      return;
    }
    if (!Number.isFinite(declared)) {
      // A body without a declared length (chunked) is counted as it streams.
      let seen = 0;
      req.on("data", (chunk) => {
        seen += chunk.length;
        if (seen > maxBytes && !res.headersSent) {
          res.status(413).type("html").send(REFUSED_PAGE("413 — Dữ liệu gửi lên quá lớn", "The request is too large."));
          req.destroy();
        }
      });
    }
    next();
  };
}

/** What the app answers: pages (GET, HEAD) and forms (POST), and what Remix routes could declare. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const ALLOWED = new Set(ALLOWED_METHODS);

/**
 * 405 for any other method before Remix sees it: TRACE, CONNECT, OPTIONS or
 * an invented one cannot become a Fetch Request, and reached Remix as a 500.
 */
export function methodGuard() {
  return (req, res, next) => {
    if (ALLOWED.has(req.method)) return next();
    res
      .status(405)
      .set("Allow", ALLOWED_METHODS.join(", "))
      .type("html")
      .send(
        REFUSED_PAGE("405 — Phương thức không được hỗ trợ", "Trang Giao ban không nhận yêu cầu kiểu này. / Giao Ban does not accept this kind of request."),
      );
    req.resume();
  };
}

/**
 * Behind a reverse proxy without TRUST_PROXY=1 the app sees every browser as
 * the proxy: one address for all (so the sign-in throttle's per-address
 * counts become province-wide), and plain http (so the session cookie is not
 * Secure and no HSTS is sent). Nothing can be decided at start, since the
 * headers only come with requests: the first such request is logged, loudly.
 */
export function proxyHeadersWarning({ trusted, log = console.warn }) {
  let warned = trusted;
  return (req, res, next) => {
    if (!warned && (req.headers["x-forwarded-for"] !== undefined || req.headers["x-forwarded-proto"] !== undefined)) {
      warned = true;
      log(
        "WARNING: requests arrive with X-Forwarded-For / X-Forwarded-Proto, but TRUST_PROXY is not set. " +
          "Behind a reverse proxy, set TRUST_PROXY=1: otherwise every user has the proxy's address (sign-in throttling " +
          "locks them out together) and the session cookie is not marked Secure.",
      );
    }
    next();
  };
}
