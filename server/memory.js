/**
 * Gives memory back once a busy spell is over.
 *
 * Under load, the objects of requests still in flight outlive a young
 * generation collection or two and are moved to the old generation, where
 * they die. V8 collects the old generation only when it grows further, and
 * Node sends it no idle notice: after a burst of a few thousand pages the
 * server kept ~100 MB of dead objects for as long as it stayed quiet
 * (measured: RSS 250 MB thirty seconds after the load; 135 MB after one
 * full collection). So after a busy spell, at the first quiet moment (a
 * second with few requests and none in flight), it runs one full
 * collection — tens of ms, when nobody waits. See
 * docs/decisions/0016-collect-when-quiet.md.
 * Plain JavaScript so `node server.js` runs it without a build step.
 */
import v8 from "node:v8";
import vm from "node:vm";

/**
 * V8's full collection, exposed at run time the way test runners expose it
 * (no `--expose-gc` on the command line), and compacting: the objects still
 * alive after a busy spell are spread thin over the pages its requests
 * filled (measured: 24 MB alive in 117 MB of old generation). A plain full
 * collection frees the dead objects but keeps those pages. Moving the live
 * objects together lets the pages go back to the system. Compaction is
 * turned on for this one collection only; the collections V8 runs under
 * load stay as they are.
 */
export function fullCollection() {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc");
  // An operator who runs Node with compaction on every full collection keeps it.
  const always = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes("--compact-on-every-full-gc"));
  return () => {
    if (always) return gc();
    v8.setFlagsFromString("--compact-on-every-full-gc");
    try {
      gc();
    } finally {
      v8.setFlagsFromString("--no-compact-on-every-full-gc");
    }
  };
}

/**
 * Middleware counting requests, and the timer that collects when they stop.
 * A busy spell is `after` requests or more, counted only in seconds with at
 * least `quietBelow` of them: a steady trickle is never busy, whatever it
 * adds up to. The collection waits for a quiet second in which no request
 * is in flight, so a slow export or rebuild under way is never paused by it.
 * `collect` is injectable for tests; if it fails, the server goes on. The
 * timer does not keep the process alive.
 */
export function collectWhenQuiet({ every = 1000, quietBelow = 10, after = 500, collect = fullCollection() } = {}) {
  let recent = 0;
  let busy = 0;
  let inFlight = 0;
  const timer = setInterval(() => {
    if (recent >= quietBelow) {
      busy += recent;
    } else if (busy >= after && inFlight === 0) {
      busy = 0;
      try {
        collect();
      } catch (e) {
        console.error("The collection after a busy spell failed:", e);
      }
    }
    recent = 0;
  }, every);
  timer.unref();
  const middleware = (_req, res, next) => {
    recent++;
    inFlight++;
    res.once("close", () => inFlight--);
    next();
  };
  middleware.stop = () => clearInterval(timer);
  return middleware;
}
