/**
 * The production server: Express with the security middleware, the static
 * assets, and the Remix request handler. `npm start` runs it after the
 * database set-up (see docs/decisions/0010-custom-server.md).
 */
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import zlib from "node:zlib";
import { overloadLimits, shedLoad } from "./server/overload.js";
import { bodyLimit, methodGuard, proxyHeadersWarning, sameOriginGuard, securityHeaders } from "./server/security.js";

export async function createApp({ build, limits = overloadLimits() } = {}) {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, trust its X-Forwarded-For for the client address.
  const trustProxy = process.env.TRUST_PROXY === "1";
  app.set("trust proxy", trustProxy ? 1 : false);
  app.use(proxyHeadersWarning({ trusted: trustProxy }));
  app.use(securityHeaders());
  app.use(methodGuard());
  // Pages are made per request on one thread, so compressing them is paid
  // for in throughput: gzip level 6 (the default) took ~1 ms of a 100 KB
  // page's ~12 ms of CPU, level 1 ~0.45 ms for a body ~18 % larger (nginx's
  // default is level 1 too); brotli at quality 1 rather than 4 likewise.
  app.use(compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } }));
  // Remix flushes the response after every streamed chunk; through gzip that
  // means one tiny deflate block per chunk, which made large pages take
  // seconds under load. Let compression buffer normally instead.
  app.use((req, res, next) => {
    res.flush = () => {};
    next();
  });
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // public/ holds only files with an extension (favicon.ico): a page's path
  // skips the failed disk lookup (a stat and an error object per request).
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (/\.[^/]*$/.test(req.path) ? publicFiles(req, res, next) : next()));
  app.use(sameOriginGuard());
  // Past the static files, which cost next to nothing: a bounded number of
  // requests in the app, a bounded queue, then 503 (server/overload.js). The
  // health check is not counted: a busy process is still alive. Before the
  // body limit, which starts reading a chunked body: a queued body stays unread.
  app.use(shedLoad({ ...limits, bypass: (req) => req.path === "/healthz" }));
  app.use(bodyLimit());
  app.all(
    "*",
    createRequestHandler({
      build: build ?? (await import("./build/index.js")),
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? null }),
    }),
  );
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.NODE_ENV ??= "production";
  const port = Number(process.env.PORT ?? 3000);
  let limits;
  try {
    limits = overloadLimits();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  const app = await createApp({ limits });
  // 511 pending connections (Node's default, stated; the kernel caps it at
  // net.core.somaxconn): shedding now answers a burst quickly, so the
  // queue of accepted work is the middleware's, not the kernel's.
  const server = app.listen({ port, backlog: 511 }, () => console.log(`Giao ban: http://localhost:${port}`));
  // Longer than a reverse proxy keeps an idle upstream connection (nginx and
  // most load balancers: 60 s), so the proxy, not Node, closes it: otherwise
  // a request sent just as Node closes the connection is reset. The headers
  // timer stays above it, or it could cut a kept-alive connection's next request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
