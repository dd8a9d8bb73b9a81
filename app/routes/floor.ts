import { createElement } from "react";

/**
 * /floor — the benchmark's floor: the cheapest page of this server. A
 * document request like any other (same middleware, Remix's document
 * render through entry.server and the root layout, gzip), whose page is a
 * single paragraph. Its loader reads nothing; the root loader, for a
 * visitor who is not signed in (the benchmark sends no session), reads no
 * cookie it must verify and makes no query. So the floor measures what
 * every page pays before its own loaders and markup.
 * `npm run bench` states each page's throughput as a share of it
 * (docs/decisions/0014-benchmark.md). It says nothing about the app.
 */
export function loader() {
  return null;
}

export default function Floor() {
  return createElement("p", null, "ok");
}
