/**
 * A bound on how many of one costly job run at once, with a bounded queue
 * behind it. A job that finds the queue full is refused at once
 * (`SlotsFull`), so a burst is answered "busy, try again" in milliseconds
 * instead of every caller waiting behind it.
 */
export class SlotsFull extends Error {
  constructor() {
    super("all slots are busy and the queue is full");
  }
}

export class Slots {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `job` when a slot is free; with `refuseWhenFull`, throws SlotsFull instead of queueing past the bound. */
  async run<T>(job: () => Promise<T>, { refuseWhenFull = true }: { refuseWhenFull?: boolean } = {}): Promise<T> {
    if (this.#running < this.maxRunning) {
      this.#running++;
    } else {
      if (refuseWhenFull && this.#waiting.length >= this.maxWaiting) throw new SlotsFull();
      // The slot is handed over by the job that frees it: `running` never dips in between.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
