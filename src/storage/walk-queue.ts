/**
 * A hand-off between listing workers and one consumer: workers push batches, the consumer iterates.
 * Pushing waits while `highWater` batches are unread, so a slow consumer slows the walk instead of
 * letting it pile up the whole table in memory.
 */
export class BatchChannel<T> {
  private readonly items: T[] = [];
  private readonly readers: (() => void)[] = [];
  private readonly writers: (() => void)[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly highWater = 64) {}

  async push(item: T): Promise<void> {
    if (this.closed) return;
    this.items.push(item);
    this.readers.shift()?.();
    if (this.items.length >= this.highWater) await new Promise<void>((resolve) => this.writers.push(resolve));
  }

  /** Ends the stream (after the unread batches), with an error if the walk failed. */
  close(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (error !== undefined) this.failure = { error };
    for (const wake of this.readers.splice(0)) wake();
    for (const wake of this.writers.splice(0)) wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    while (true) {
      const item = this.items.shift();
      if (item !== undefined) {
        if (this.items.length < this.highWater) this.writers.shift()?.();
        yield item;
        continue;
      }
      if (this.closed) {
        if (this.failure) throw this.failure.error;
        return;
      }
      await new Promise<void>((resolve) => this.readers.push(resolve));
    }
  }
}

/** Runs tasks (which may add more tasks) with at most `concurrency` at once; stops at the first error. */
export class TaskPool {
  private readonly queue: (() => Promise<void>)[] = [];
  private active = 0;
  private failed: { error: unknown } | undefined;
  private settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;

  constructor(
    private readonly concurrency: number,
    private readonly signal: AbortSignal,
  ) {}

  add(task: () => Promise<void>): void {
    this.queue.push(task);
    this.pump();
  }

  /** Resolves when every task (including those added on the way) has finished. */
  idle(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      this.check();
    });
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0 && !this.failed && !this.signal.aborted) {
      const task = this.queue.shift() as () => Promise<void>;
      this.active += 1;
      task().then(
        () => this.finish(),
        (error: unknown) => {
          this.failed ??= { error };
          this.finish();
        },
      );
    }
  }

  private finish(): void {
    this.active -= 1;
    this.pump();
    this.check();
  }

  private check(): void {
    if (!this.settle) return;
    if (this.failed && this.active === 0) this.settle.reject(this.failed.error);
    else if (this.active === 0 && (this.queue.length === 0 || this.signal.aborted)) this.settle.resolve();
  }
}
