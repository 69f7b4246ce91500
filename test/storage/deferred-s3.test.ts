import { randomBytes } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Config } from "../../src/config/index.js";
import { NotFoundError } from "../../src/errors.js";
import { DeferredS3Store, openStore } from "../../src/storage/index.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { objectStoreContract } from "./contract.js";

const endpoint = inject("motoEndpoint");
const bucket = `deferred-${randomBytes(4).toString("hex")}`;
let runs = 0;

const s3Lake = (prefix: string) =>
  ({ root: { kind: "s3", bucket, prefix }, endpointUrl: endpoint, region: "us-east-1" }) as Config;

beforeAll(async () => {
  await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
});

// openStore hands an s3:// lake this store; it must keep every promise the S3 store keeps.
objectStoreContract("S3 on moto, SDK loaded on first call (openStore)", {
  async open() {
    runs += 1;
    return openStore(s3Lake(`lake-${runs}/`));
  },
  infrequentAccessClass: "STANDARD_IA",
});

describe("the S3 store openStore returns", () => {
  it("knows its root and URIs before the SDK loads, the same as the S3 store's", () => {
    for (const prefix of ["", "lake", "lake/", "/deep/lake/"]) {
      const deferred = new DeferredS3Store({ bucket, prefix, endpointUrl: endpoint });
      const eager = new S3Store({ bucket, prefix, endpointUrl: endpoint });
      expect(deferred.root).toBe(eager.root);
      expect(deferred.uri("silver/sales/orders/part-0.parquet")).toBe(
        eager.uri("silver/sales/orders/part-0.parquet"),
      );
    }
  });

  it("counts requests once loaded, and maps a missing key to NotFoundError", async () => {
    const store = openStore(s3Lake("counted/"));
    expect(store.requests).toEqual({});
    await store.put("a.json", "{}");
    await expect(store.head("missing.json")).rejects.toBeInstanceOf(NotFoundError);
    expect(store.requests).toEqual({ PutObject: 1, HeadObject: 1 });
  });
});
