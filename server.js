/**
 * The production server: Express with the security middleware, the static
 * assets, and the Remix request handler. `npm start` runs it after the
 * database set-up (see docs/decisions/0010-custom-server.md).
 */
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { bodyLimit, sameOriginGuard, securityHeaders } from "./server/security.js";

const production = process.env.NODE_ENV !== "development";
const secureTransport = production && process.env.INSECURE_COOKIES !== "1";

export async function createApp({ build } = {}) {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, trust its X-Forwarded-For for the client address.
  app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);
  app.use(securityHeaders({ production: secureTransport }));
  app.use(compression());
  // Remix flushes the response after every streamed chunk; through gzip that
  // means one tiny deflate block per chunk, which made large pages take
  // seconds under load. Let compression buffer normally instead.
  app.use((req, res, next) => {
    res.flush = () => {};
    next();
  });
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(sameOriginGuard());
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
  const app = await createApp();
  const server = app.listen(port, () => console.log(`Giao ban: http://localhost:${port}`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
