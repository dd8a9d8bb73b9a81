/** Serves the floor app like Giao Ban's server.js does, minus the app: `PORT=… node bench/floor/server.js`. */
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const app = express();
app.disable("x-powered-by");
app.use(compression({ level: 1 }));
app.use("/build", express.static(join(here, "public", "build"), { immutable: true, maxAge: "1y" }));
app.all("*", createRequestHandler({ build: await import(join(here, "build", "index.js")), mode: "production" }));
const server = app.listen(Number(process.env.PORT ?? 3200), "127.0.0.1", () => console.log(`floor on ${process.env.PORT}`));
server.keepAliveTimeout = 65_000;
process.on("SIGTERM", () => server.close(() => process.exit(0)));
