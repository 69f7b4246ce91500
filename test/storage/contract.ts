import { beforeAll, describe, expect, it } from "vitest";
import { MedallionError, NotFoundError } from "../../src/errors.js";
import type { ListOptions, ObjectInfo, ObjectStore } from "../../src/storage/object-store.js";

/** How a contract run gets a fresh, empty store, and what differs by implementation. */
export interface StoreUnderTest {
  /** A new empty store (a fresh folder, or a fresh prefix in the test bucket). */
  open(): Promise<ObjectStore>;
  /** What a listing reports for an object written with `storageClass: "STANDARD_IA"`. */
  infrequentAccessClass: string;
}

const s3Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/** Writes many small objects, a few dozen at a time. */
export async function putMany(store: ObjectStore, keys: string[], concurrency = 32): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      await store.put(key, key);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function listAll(store: ObjectStore, prefix: string, options: ListOptions = {}) {
  const objects: ObjectInfo[] = [];
  const prefixes: string[] = [];
  const pageSizes: number[] = [];
  for await (const page of store.list(prefix, options)) {
    objects.push(...page.objects);
    prefixes.push(...page.prefixes);
    pageSizes.push(page.objects.length + page.prefixes.length);
  }
  return { keys: objects.map((o) => o.key), objects, prefixes, pageSizes };
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

/** The ObjectStore contract: the same behaviour from a local folder and from S3. */
export function objectStoreContract(name: string, subject: StoreUnderTest): void {
  describe(`${name}: ObjectStore contract`, () => {
    describe("listing past 1,000 keys", () => {
      let store: ObjectStore;
      const keys = Array.from({ length: 2100 }, (_, i) => `pages/${String(i).padStart(4, "0")}/part.json`);
      beforeAll(async () => {
        store = await subject.open();
        await putMany(store, keys);
      });

      it("lists every key once, in S3 byte order, in pages of at most 1,000", async () => {
        const { keys: listed, pageSizes } = await listAll(store, "pages/");
        expect(listed).toEqual([...keys].sort(s3Order));
        expect(pageSizes).toEqual([1000, 1000, 100]);
      });

      it("streams: the first page arrives before the rest is read, and later pages see later deletes", async () => {
        const before = store.requests.ListObjectsV2 ?? 0;
        const seen: string[] = [];
        let pages = 0;
        try {
          for await (const page of store.list("pages/", { pageSize: 1000 })) {
            pages += 1;
            if (pages === 1) {
              expect((store.requests.ListObjectsV2 ?? 0) - before).toBe(1);
              // Deleted now, in the part not listed yet: a listing collected up front would still show it.
              await store.delete(["pages/2050/part.json"]);
            }
            seen.push(...page.objects.map((o) => o.key));
          }
        } finally {
          await store.put("pages/2050/part.json", "pages/2050/part.json");
        }
        expect(pages).toBe(3);
        expect(seen).not.toContain("pages/2050/part.json");
        expect(seen).toHaveLength(2099);
      });

      it("pages delimiter listings too: 2,100 common prefixes in pages of at most 1,000", async () => {
        const { prefixes, keys: objects, pageSizes } = await listAll(store, "pages/", { delimiter: "/" });
        expect(objects).toEqual([]);
        expect(prefixes).toEqual(keys.map((k) => k.slice(0, "pages/0000/".length)).sort(s3Order));
        expect(Math.max(...pageSizes)).toBeLessThanOrEqual(1000);
      });

      it("honours a smaller page size and startAfter", async () => {
        const { keys: listed, pageSizes } = await listAll(store, "pages/", {
          pageSize: 250,
          startAfter: "pages/1999/part.json",
        });
        expect(listed).toEqual(keys.slice(2000));
        expect(pageSizes).toEqual([100]);
        const first = await listAll(store, "pages/", { pageSize: 250, startAfter: "pages/0999/" });
        expect(first.keys[0]).toBe("pages/0999/part.json");
        expect(first.pageSizes.slice(0, 4)).toEqual([250, 250, 250, 250]);
      });
    });

    describe("keys and order", () => {
      let store: ObjectStore;
      const odd = [
        "odd/with space/a b.txt",
        "odd/k=v%2F/x=1+2.csv",
        "odd/100%/plus+sign",
        "odd/é/日本.json",
        "odd/naïve=ünïcode/file",
      ];
      beforeAll(async () => {
        store = await subject.open();
      });

      it("keeps keys with spaces, =, %, + and non-ASCII characters exactly as written", async () => {
        await putMany(store, odd);
        const { keys } = await listAll(store, "odd/");
        expect(keys).toEqual([...odd].sort(s3Order));
        for (const key of odd) {
          expect(text(await store.read(key))).toBe(key);
          expect((await store.head(key)).size).toBe(Buffer.byteLength(key));
        }
        const level = await listAll(store, "odd/", { delimiter: "/" });
        expect(level.prefixes).toEqual([
          "odd/100%/",
          "odd/k=v%2F/",
          "odd/naïve=ünïcode/",
          "odd/with space/",
          "odd/é/",
        ]);
        const inside = await listAll(store, "odd/é/", { delimiter: "/" });
        expect(inside.keys).toEqual(["odd/é/日本.json"]);
      });

      it("orders by UTF-8 bytes: file vs folder, '-' before '/', é after z, Ａ before 😀", async () => {
        const order = ["ord/a-b", "ord/a/b", "ord/a0", "ord/z", "ord/é", "ord/\uFF21", "ord/😀"];
        await putMany(store, [...order].reverse(), 1);
        expect((await listAll(store, "ord/")).keys).toEqual(order);
        expect((await listAll(store, "ord/", { delimiter: "/" })).prefixes).toEqual(["ord/a/"]);
      });
    });

    describe("delimiter walks", () => {
      let store: ObjectStore;
      beforeAll(async () => {
        store = await subject.open();
        await putMany(store, [
          "bronze/sales/orders/year=2023/month=12/day=31/part-0.json",
          "bronze/sales/orders/year=2024/month=01/day=01/part-0.json",
          "bronze/sales/orders/year=2024/month=01/day=01/part-1.json",
          "bronze/sales/orders/year=2024/month=01/day=02/part-0.json",
          "bronze/sales/orders/_SUCCESS",
          "bronze/sales/customers/part-0.csv",
          "silver/sales/orders/year=2024/month=01/part-0.parquet",
        ]);
      });

      it("returns one level: objects here and common prefixes ending in /", async () => {
        const top = await listAll(store, "", { delimiter: "/" });
        expect(top).toMatchObject({ keys: [], prefixes: ["bronze/", "silver/"] });
        const table = await listAll(store, "bronze/sales/orders/", { delimiter: "/" });
        expect(table.keys).toEqual(["bronze/sales/orders/_SUCCESS"]);
        expect(table.prefixes).toEqual(["bronze/sales/orders/year=2023/", "bronze/sales/orders/year=2024/"]);
        const days = await listAll(store, "bronze/sales/orders/year=2024/month=01/", { delimiter: "/" });
        expect(days.prefixes).toEqual([
          "bronze/sales/orders/year=2024/month=01/day=01/",
          "bronze/sales/orders/year=2024/month=01/day=02/",
        ]);
      });

      it("matches a prefix that stops in the middle of a name", async () => {
        const some = await listAll(store, "bronze/sales/orders/year=202", { delimiter: "/" });
        expect(some.prefixes).toEqual(["bronze/sales/orders/year=2023/", "bronze/sales/orders/year=2024/"]);
        const flat = await listAll(store, "bronze/sales/c");
        expect(flat.keys).toEqual(["bronze/sales/customers/part-0.csv"]);
      });

      it("groups keys by any delimiter string, searched after the prefix, as S3 does", async () => {
        await putMany(store, [
          "roll/a=1/part-0",
          "roll/a=1/part-1",
          "roll/a=1/_SUCCESS",
          "roll/a=2/part-0",
          "roll/a=2/sub/part-9",
          "roll/part-x/y",
          "roll/b",
        ]);
        const rolled = await listAll(store, "roll/", { delimiter: "/part-" });
        expect(rolled.prefixes).toEqual(["roll/a=1/part-", "roll/a=2/part-", "roll/a=2/sub/part-"]);
        expect(rolled.keys).toEqual(["roll/a=1/_SUCCESS", "roll/b", "roll/part-x/y"]);
      });

      it("lists nothing under a prefix that does not exist", async () => {
        const none = await listAll(store, "gold/", { delimiter: "/" });
        expect(none).toMatchObject({ keys: [], prefixes: [] });
      });

      it("reports size, last modified and STANDARD for objects written without a class", async () => {
        const { objects } = await listAll(store, "bronze/sales/customers/");
        expect(objects).toHaveLength(1);
        const [object] = objects as [ObjectInfo];
        expect(object.size).toBe(Buffer.byteLength("bronze/sales/customers/part-0.csv"));
        expect(object.storageClass).toBe("STANDARD");
        expect(Math.abs(object.lastModified.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      });
    });

    describe("reads, writes and deletes", () => {
      let store: ObjectStore;
      beforeAll(async () => {
        store = await subject.open();
        await store.put("r/ten.bin", "0123456789");
      });

      it("reads byte ranges at the edges of a file, end exclusive, clipped at the end", async () => {
        expect(text(await store.read("r/ten.bin", { start: 0, end: 1 }))).toBe("0");
        expect(text(await store.read("r/ten.bin", { start: 9, end: 10 }))).toBe("9");
        expect(text(await store.read("r/ten.bin", { start: 3, end: 6 }))).toBe("345");
        expect(text(await store.read("r/ten.bin", { start: 5, end: 100 }))).toBe("56789");
        expect(await store.read("r/ten.bin", { start: 10, end: 20 })).toHaveLength(0);
        expect(await store.read("r/ten.bin", { start: 50, end: 60 })).toHaveLength(0);
        expect(await store.read("r/ten.bin", { start: 4, end: 4 })).toHaveLength(0);
        expect(text(await store.read("r/ten.bin"))).toBe("0123456789");
      });

      it("copies an object within the lake, without reading it through this process", async () => {
        const copy = store.copy?.bind(store);
        expect(copy).toBeDefined();
        if (!copy) return;
        const before = { ...store.requests };
        await copy("r/ten.bin", "r/copy/year=2024/ten copy.bin");
        expect(store.requests.CopyObject ?? 0).toBe((before.CopyObject ?? 0) + 1);
        expect(store.requests.GetObject ?? 0).toBe(before.GetObject ?? 0);
        expect(text(await store.read("r/copy/year=2024/ten copy.bin"))).toBe("0123456789");
        await expect(copy("r/missing.bin", "r/copy/x.bin")).rejects.toBeInstanceOf(NotFoundError);
      });

      it("throws NotFoundError for a missing key, naming it", async () => {
        await expect(store.read("r/missing.bin")).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.read("r/missing.bin", { start: 0, end: 4 })).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.head("r/missing.bin")).rejects.toThrow(/r\/missing\.bin/);
        await expect(store.head("r")).rejects.toBeInstanceOf(NotFoundError); // a folder is not an object
      });

      it("reads the tail of an object with its size, in one request and no HEAD", async () => {
        const readTail = store.readTail?.bind(store);
        expect(readTail).toBeDefined();
        if (!readTail) return;
        const before = { ...store.requests };
        const tail = await readTail("r/ten.bin", 4);
        expect(text(tail.bytes)).toBe("6789");
        expect(tail.size).toBe(10);
        expect((store.requests.GetObject ?? 0) - (before.GetObject ?? 0)).toBe(1);
        expect(store.requests.HeadObject ?? 0).toBe(before.HeadObject ?? 0);
      });

      it("reads the whole object as its tail when it is shorter than asked, or exactly that long", async () => {
        const tail = await store.readTail?.("r/ten.bin", 100);
        expect(text(tail?.bytes ?? new Uint8Array())).toBe("0123456789");
        expect(tail?.size).toBe(10);
        const exact = await store.readTail?.("r/ten.bin", 10);
        expect(text(exact?.bytes ?? new Uint8Array())).toBe("0123456789");
        expect(exact?.size).toBe(10);
      });

      it("reads an empty tail of an empty object, with size 0", async () => {
        await store.put("r/empty.bin", "");
        const tail = await store.readTail?.("r/empty.bin", 8);
        expect(tail?.bytes).toHaveLength(0);
        expect(tail?.size).toBe(0);
      });

      it("throws NotFoundError for the tail of a missing key", async () => {
        await expect(store.readTail?.("r/missing.bin", 8)).rejects.toBeInstanceOf(NotFoundError);
      });

      it("refuses an inverted byte range with a clear error", async () => {
        await expect(store.read("r/ten.bin", { start: 6, end: 2 })).rejects.toThrow(MedallionError);
      });

      it("replaces an object on a second write, and takes a streamed body", async () => {
        await store.put("r/over.txt", "first version");
        async function* chunks() {
          yield Buffer.from("second ");
          yield Buffer.from("version");
        }
        await store.put("r/over.txt", chunks());
        expect(text(await store.read("r/over.txt"))).toBe("second version");
        expect((await store.head("r/over.txt")).size).toBe(14);
      });

      it("shows the storage class written in listings and head", async () => {
        await store.put("r/cold/archive.json", "{}", { storageClass: "STANDARD_IA" });
        const { objects } = await listAll(store, "r/cold/");
        expect(objects.map((o) => o.storageClass)).toEqual([subject.infrequentAccessClass]);
        expect((await store.head("r/cold/archive.json")).storageClass).toBe(subject.infrequentAccessClass);
      });

      it("deletes 2,500 keys in batches of 1,000, counting missing keys as deleted", async () => {
        const keys = Array.from({ length: 2500 }, (_, i) => `del/day=${i % 25}/part-${i}.json`);
        await putMany(store, keys);
        expect((await listAll(store, "del/")).keys).toHaveLength(2500);
        const before = store.requests.DeleteObjects ?? 0;
        const result = await store.delete([...keys]);
        expect(result).toEqual({ deleted: 2500, errors: [] });
        expect((store.requests.DeleteObjects ?? 0) - before).toBe(3);
        expect(await listAll(store, "del/", { delimiter: "/" })).toMatchObject({ keys: [], prefixes: [] });
        expect(await store.delete(["del/never-was.json"])).toEqual({ deleted: 1, errors: [] });
      });
    });
  });
}
