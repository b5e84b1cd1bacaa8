/**
 * A minimal FIFO async mutex. PGlite is a single connection, so a whole HTTP request (a batch is
 * BEGIN … COMMIT plus the session reset) must own it; PGlite's own internal lock only covers one
 * statement at a time and would let two batches interleave.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves, in call order, with a release function (safe to call more than once). */
  acquire(): Promise<() => void> {
    let unlock!: () => void;
    const held = new Promise<void>((resolve) => {
      unlock = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => held);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      unlock();
    };
    return previous.then(() => release);
  }
}
