import type { Partition, Segment } from "@aws-sdk/client-glue";
import { mergeAsync } from "../lake/merge-async.js";
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

/**
 * Reads a table's partitions with `segments` parallel GetPartitions segments, page by page,
 * and yields each partition once (de-duplicated by values, whatever the endpoint does).
 * Segment 0's first page goes alone: a page larger than `pageSize` shows an endpoint that
 * ignores paging and Segment (moto returns everything to every request), so only that one
 * read goes on instead of `segments` full copies. Otherwise the other segments start.
 */
export async function* readSegments(
  readPage: ReadPage,
  segments: number,
  pageSize: number,
): AsyncGenerator<Partition[]> {
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
    const first = await zero.next();
    sources = [resume(first, zero)];
    if (first.done || first.value.length <= pageSize) {
      for (let n = 1; n < segments; n++) sources.push(segment(n));
    }
  }
  for await (const page of mergeAsync(sources)) {
    const partitions = fresh(page);
    if (partitions.length > 0) yield partitions;
  }
}
