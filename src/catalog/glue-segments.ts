import type { Partition, Segment } from "@aws-sdk/client-glue";
import { mergeAsync } from "./bounded.js";
import { partitionKey } from "./partition-key.js";

export type ReadPage = (
  segment: Segment | undefined,
  nextToken: string | undefined,
) => Promise<{ partitions: Partition[]; nextToken?: string }>;

async function* segmentPages(readPage: ReadPage, segment: Segment | undefined): AsyncGenerator<Partition[]> {
  let nextToken: string | undefined;
  do {
    const page = await readPage(segment, nextToken);
    yield page.partitions;
    nextToken = page.nextToken;
  } while (nextToken);
}

async function* resume<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

function overlaps(a: Partition[], b: Partition[]): boolean {
  const keys = new Set(a.map((p) => partitionKey(p.Values ?? [])));
  return b.some((p) => keys.has(partitionKey(p.Values ?? [])));
}

/**
 * Reads a table's partitions with `segments` parallel GetPartitions segments, page by page,
 * and yields each partition once. Real Glue splits partitions across segments; an endpoint
 * that ignores `Segment` (moto) returns everything to each: when the first pages of segments
 * 0 and 1 overlap, only segment 0 is read on, and de-duplication keeps the result right anyway.
 */
export async function* readSegments(readPage: ReadPage, segments: number): AsyncGenerator<Partition[]> {
  const seen = new Set<string>();
  const fresh = (page: Partition[]) =>
    page.filter((p) => {
      const key = partitionKey(p.Values ?? []);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });

  let sources: AsyncGenerator<Partition[]>[];
  if (segments <= 1) {
    sources = [segmentPages(readPage, undefined)];
  } else {
    const segment = (n: number) => segmentPages(readPage, { SegmentNumber: n, TotalSegments: segments });
    const zero = segment(0);
    const one = segment(1);
    const [first0, first1] = await Promise.all([zero.next(), one.next()]);
    if (!first0.done && !first1.done && first0.value.length > 0 && overlaps(first0.value, first1.value)) {
      await one.return(undefined);
      sources = [resume(first0, zero)];
    } else {
      sources = [resume(first0, zero), resume(first1, one)];
      for (let n = 2; n < segments; n++) sources.push(segment(n));
    }
  }
  for await (const page of mergeAsync(sources)) {
    const partitions = fresh(page);
    if (partitions.length > 0) yield partitions;
  }
}
