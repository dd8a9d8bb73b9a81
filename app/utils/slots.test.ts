import { describe, expect, it } from "vitest";
import { Slots, SlotsFull } from "./slots";

/** A job the test finishes by hand, recording how many ran at once. */
function jobs(slots: Slots) {
  let peak = 0;
  const finish: Array<() => void> = [];
  const job = () =>
    new Promise<number>((resolve) => {
      peak = Math.max(peak, slots.running);
      const id = finish.length;
      finish.push(() => resolve(id));
    });
  return { job, finish, peak: () => peak };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Slots", () => {
  it("runs at most maxRunning jobs at once and the rest in arrival order", async () => {
    const slots = new Slots(2, 10);
    const { job, finish, peak } = jobs(slots);
    const results = Array.from({ length: 5 }, () => slots.run(job));
    await tick();
    expect(finish).toHaveLength(2);
    expect(slots.waiting).toBe(3);
    for (let i = 0; i < 5; i++) {
      finish[i]();
      await tick();
      expect(slots.running).toBeLessThanOrEqual(2);
    }
    await Promise.all(results);
    expect(peak()).toBe(2);
    expect(slots.running).toBe(0);
    expect(slots.waiting).toBe(0);
  });

  it("refuses at once when the queue is full, and serves again once it drains", async () => {
    const slots = new Slots(1, 2);
    const { job, finish } = jobs(slots);
    const queued = [slots.run(job), slots.run(job), slots.run(job)];
    await tick();
    await expect(slots.run(job)).rejects.toBeInstanceOf(SlotsFull);
    // A caller that must not be refused waits past the bound.
    const patient = slots.run(job, { refuseWhenFull: false });
    for (let i = 0; i < 4; i++) {
      finish[i]();
      await tick();
    }
    await Promise.all([...queued, patient]);
    expect(slots.running).toBe(0);
    await expect(slots.run(async () => "ok")).resolves.toBe("ok");
  });

  it("frees the slot when a job fails", async () => {
    const slots = new Slots(1, 0);
    await expect(slots.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(slots.run(async () => 1)).resolves.toBe(1);
  });
});
