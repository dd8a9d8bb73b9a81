/**
 * /floor — the benchmark's floor: a route of the same server, behind the
 * same middleware, that does almost nothing (no session, no database, no
 * React render). `npm run bench` compares every page's throughput with it
 * (docs/decisions/0014-benchmark.md). It says nothing about the app.
 */
export function loader() {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
