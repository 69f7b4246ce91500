/** Yields values from several async iterables as each arrives; stops them all if one fails or the reader stops. */
export async function* mergeAsync<T>(sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  type Step = { index: number; result: IteratorResult<T> };
  const pending = new Map<number, Promise<Step>>();
  const pull = (index: number) => {
    const next = (iterators[index] as AsyncIterator<T>).next().then((result) => ({ index, result }));
    next.catch(() => {}); // a failure is raised by the race below, never as an unhandled rejection
    pending.set(index, next);
  };
  iterators.forEach((_, i) => {
    pull(i);
  });
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      pull(index);
      yield result.value;
    }
  } finally {
    for (const index of pending.keys()) void iterators[index]?.return?.()?.catch(() => {});
  }
}
