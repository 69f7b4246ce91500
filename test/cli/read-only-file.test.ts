import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, inject, it } from "vitest";
import { lakeOnDisk, ORDERS_YAML, order } from "../sync/lake-fixture.js";
import { medallion } from "./_run.js";

const READ_ONLY_LINE =
  "medallion: refused to sync the catalog: Medallion is in read-only mode (drop --read-only or readOnly: true to allow changes)\n";

/** A proxy in front of moto that records each Glue operation (its X-Amz-Target) on the way through. */
async function countingProxy(target: string) {
  const glueCalls: string[] = [];
  const server = createServer((req, res) => {
    const operation = req.headers["x-amz-target"];
    if (typeof operation === "string") glueCalls.push(operation.replace(/^AWSGlue\./, ""));
    const upstream = request(
      new URL(req.url ?? "/", target),
      { method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    glueCalls,
    /** Operations that change the catalog: anything but Get*, BatchGet*, Search*. */
    writes: () => glueCalls.filter((op) => !/^(Get|BatchGet|Search)/.test(op)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe("readOnly: true in medallion.yaml holds whatever the flags say", () => {
  it("refuses `--lake s3://… --catalog glue sync --drop-stale --yes` with one line and sends Glue no write", async () => {
    const moto = inject("motoEndpoint");
    const proxy = await countingProxy(moto);
    closers.push(proxy.close);
    const bucket = `ro-${randomBytes(4).toString("hex")}`;
    const s3 = new S3Client({ endpoint: moto, forcePathStyle: true, region: "us-east-1" });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const put = (month: string) =>
      s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `prod/bronze/sales/orders/year=2024/month=${month}/part-0.json`,
          Body: order(Number(month)),
        }),
      );
    for (const month of ["01", "02", "03"]) await put(month);

    const db = `ro${randomBytes(3).toString("hex")}`;
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-ro-glue-"));
    const yaml = ORDERS_YAML.replace("acme_{layer}", `${db}_{layer}`);
    writeFileSync(path.join(dir, "medallion.yaml"), `lake: ./here\n${yaml}`);
    const flags = ["--lake", `s3://${bucket}/prod`, "--catalog", "glue", "--endpoint-url", proxy.endpoint];
    const first = await medallion(dir, ...flags, "sync", "--yes");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);

    // Out of step: month=01 gone from storage (stale), month=04 new (to add).
    await s3.send(
      new DeleteObjectCommand({
        Bucket: bucket,
        Key: "prod/bronze/sales/orders/year=2024/month=01/part-0.json",
      }),
    );
    await put("04");
    writeFileSync(path.join(dir, "medallion.yaml"), `lake: ./here\nreadOnly: true\n${yaml}`);
    proxy.glueCalls.length = 0;
    const refused = await medallion(dir, ...flags, "sync", "bronze", "--drop-stale", "--yes");
    expect(refused).toMatchObject({ code: 2, stdout: "", stderr: READ_ONLY_LINE });
    const asJson = await medallion(dir, ...flags, "sync", "bronze", "--drop-stale", "--yes", "--json");
    expect(asJson).toMatchObject({ code: 2, stderr: READ_ONLY_LINE });
    expect(JSON.parse(asJson.stdout)).toEqual({
      error: { code: "read-only", message: READ_ONLY_LINE.slice("medallion: ".length, -1) },
    });
    expect(proxy.writes()).toEqual([]);

    // The file's tables still apply under --lake: the diff reads the catalog and finds both changes.
    const diff = await medallion(dir, ...flags, "diff", "bronze", "--json");
    expect(diff.code).toBe(1);
    expect(
      JSON.parse(diff.stdout).tables[0].partitions.map(
        (p: { status: string; name: string }) => `${p.status} ${p.name}`,
      ),
    ).toEqual(["drop year=2024/month=01", "add year=2024/month=04"]);
    expect(proxy.writes()).toEqual([]);
  });

  it("refuses `--lake . sync --yes` in a local lake whose medallion.yaml says readOnly: true", async () => {
    const { lake } = lakeOnDisk(ORDERS_YAML, {
      "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
    });
    writeFileSync(path.join(lake, "medallion.yaml"), `lake: .\nreadOnly: true\n${ORDERS_YAML}`);
    const refused = await medallion(lake, "--lake", ".", "sync", "--yes");
    expect(refused).toMatchObject({ code: 2, stdout: "", stderr: READ_ONLY_LINE });
    expect(existsSync(path.join(lake, "_medallion"))).toBe(false);
    const diff = await medallion(lake, "--lake", ".", "diff", "--json");
    expect(diff.code).toBe(1);
    expect(JSON.parse(diff.stdout).tables[0]).toMatchObject({
      path: "bronze/sales/orders",
      registered: false,
    });
  });

  it("refuses `demo` under readOnly: true in the file, as under --read-only, and writes nothing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-ro-demo-"));
    writeFileSync(path.join(dir, "medallion.yaml"), "lake: .\nreadOnly: true\n");
    const demo = await medallion(dir, "demo", "lake");
    expect(demo.code).toBe(2);
    expect(demo.stderr).toMatch(/^medallion: refused to write a demo lake to lake: .*read-only mode.*\n$/);
    expect(existsSync(path.join(dir, "lake"))).toBe(false);
    const start = await medallion(dir, "start", "lake");
    expect(start.code).toBe(2);
    expect(start.stderr).toMatch(/^medallion: refused to write the demo lake .*read-only mode.*\n$/);
    expect(readdirSync(dir)).toEqual(["medallion.yaml"]);
    expect(readFileSync(path.join(dir, "medallion.yaml"), "utf8")).toBe("lake: .\nreadOnly: true\n");
  });
});

describe("demo to a URI", () => {
  it("refuses s3://lake/x in one line instead of writing a local folder named s3:", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-demo-uri-"));
    const demo = await medallion(dir, "demo", "s3://lake/x");
    expect(demo).toMatchObject({ code: 2, stdout: "" });
    expect(demo.stderr).toBe(
      "medallion: the demo lake is written to a local folder, not to s3://lake/x: write it to a folder, then copy it (aws s3 sync ./demo-lake s3://lake/x)\n",
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
