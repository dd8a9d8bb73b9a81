import { EventEmitter } from "node:events";
import v8 from "node:v8";
import { afterEach, describe, expect, it, vi } from "vitest";
import { collectWhenQuiet, fullCollection } from "./memory.js";

afterEach(() => {
  vi.useRealTimers();
});

/** Requests that end at once; returns how many were passed on. */
function serve(middleware: ReturnType<typeof collectWhenQuiet>, n: number) {
  let passed = 0;
  for (let i = 0; i < n; i++) {
    const res = new EventEmitter();
    middleware({}, res, () => passed++);
    res.emit("close");
  }
  return passed;
}

/** A request that stays in flight until the returned function ends it. */
function start(middleware: ReturnType<typeof collectWhenQuiet>) {
  const res = new EventEmitter();
  middleware({}, res, () => {});
  return () => res.emit("close");
}

describe("collecting once a busy spell is over", () => {
  const options = { every: 1000, quietBelow: 5, after: 100 };

  it("passes every request on", () => {
    const middleware = collectWhenQuiet({ collect: () => {} });
    expect(serve(middleware, 3)).toBe(3);
    middleware.stop();
  });

  it("collects once when the server goes quiet after a busy spell, and not again until the next one", () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    const middleware = collectWhenQuiet({ ...options, collect });
    // Busy: 60 requests in each of two seconds.
    serve(middleware, 60);
    vi.advanceTimersByTime(1000);
    serve(middleware, 60);
    vi.advanceTimersByTime(1000);
    expect(collect).not.toHaveBeenCalled();
    // Quiet: a couple of requests in a second.
    serve(middleware, 2);
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(1);
    // Still quiet: nothing new to give back.
    vi.advanceTimersByTime(5000);
    expect(collect).toHaveBeenCalledTimes(1);
    middleware.stop();
  });

  it("leaves a server that is never busy alone, however many requests a steady trickle adds up to", () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    const middleware = collectWhenQuiet({ ...options, collect });
    for (let s = 0; s < 120; s++) {
      serve(middleware, 4);
      vi.advanceTimersByTime(1000);
    }
    expect(collect).not.toHaveBeenCalled();
    middleware.stop();
  });

  it("waits while a request is still in flight (a slow export is not paused), then collects", () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    const middleware = collectWhenQuiet({ ...options, collect });
    serve(middleware, 120);
    const end = start(middleware);
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(5000);
    expect(collect).not.toHaveBeenCalled();
    end();
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(1);
    middleware.stop();
  });

  it("a collection that fails is told in the log, and the server goes on", () => {
    vi.useFakeTimers();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const middleware = collectWhenQuiet({ ...options, collect: () => { throw new Error("no"); } });
    serve(middleware, 120);
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1000);
    expect(error).toHaveBeenCalledTimes(1);
    expect(serve(middleware, 3)).toBe(3);
    error.mockRestore();
    middleware.stop();
  });

  it("the full collection is V8's: it frees what is no longer reachable", async () => {
    const collect = fullCollection();
    let garbage: number[][] | null = Array.from({ length: 200 }, () => new Array(10_000).fill(1.5));
    const ref = new WeakRef(garbage);
    garbage = null;
    // A WeakRef's target stays alive until the current job ends.
    await new Promise((r) => setTimeout(r, 0));
    collect();
    expect(ref.deref()).toBeUndefined();
  });

  it("and compacting: after a busy spell, the old generation keeps few pages beyond what is alive", () => {
    const collect = fullCollection();
    // A busy spell's shape: a few objects kept, spread among many that die, all old enough to have been promoted.
    const kept: object[] = [];
    let dead: object[] | null = [];
    for (let i = 0; i < 400_000; i++) (i % 20 === 0 ? kept : dead).push({ i, text: `x${i}`, pair: [i, i] });
    dead = null;
    collect();
    const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === "old_space")!;
    expect(kept.length).toBe(20_000);
    // About 40 MB were promoted; what stays committed beyond the live objects is a few pages.
    expect((old.space_size - old.space_used_size) / 2 ** 20).toBeLessThan(8);
  });
});
