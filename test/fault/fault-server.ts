import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * How a request is answered: passed on to the real endpoint (moto), or one of the failures users meet
 * in production: an endpoint that accepts the connection and never answers, one that sends the headers
 * and part of the body and then stalls, one that throttles forever, one that fails with HTTP 500.
 */
export type Fault = "silent" | "stall" | "throttle" | "error500";

export interface FaultRule {
  service: "S3" | "Glue";
  /** The operation (GetObject, ListObjectsV2, GetTables…); any when omitted. */
  operation?: string;
  fault: Fault;
  /** Only the first `times` matching requests fail; every one when omitted. */
  times?: number;
}

export interface Hit {
  service: "S3" | "Glue";
  operation: string;
  fault?: Fault;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

/** A request as the endpoint saw it: what names keys and tables (data files' bodies are not kept). */
export interface RecordedRequest {
  service: "S3" | "Glue";
  operation: string;
  method: string;
  /** Path and query, decoded (`/bucket/lake/bronze/tenant=acme/…`, `prefix=lake/bronze/…`). */
  url: string;
  /** Glue's JSON request, S3 DeleteObjects' XML listing the keys; empty for other S3 requests. */
  body: string;
  headers: IncomingMessage["headers"];
}

/** The S3 operation of a path-style request, from its method and query. */
function s3Operation(req: IncomingMessage): string {
  const url = new URL(req.url ?? "/", "http://x");
  const keyed = url.pathname.split("/").filter(Boolean).length > 1;
  if (req.method === "HEAD") return keyed ? "HeadObject" : "HeadBucket";
  if (req.method === "GET")
    return keyed ? "GetObject" : url.searchParams.has("list-type") ? "ListObjectsV2" : "GetBucket";
  if (req.method === "POST" && url.searchParams.has("delete")) return "DeleteObjects";
  if (req.method === "PUT") return keyed ? "PutObject" : "CreateBucket";
  return req.method ?? "?";
}

function classify(req: IncomingMessage): Hit {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string" && target.startsWith("AWSGlue.")) {
    return { service: "Glue", operation: target.slice("AWSGlue.".length), at: Date.now() };
  }
  return { service: "S3", operation: s3Operation(req), at: Date.now() };
}

function throttle(res: ServerResponse, service: "S3" | "Glue"): void {
  if (service === "S3") {
    res.writeHead(503, { "content-type": "application/xml" });
    res.end("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
  } else {
    res.writeHead(400, {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-errortype": "ThrottlingException",
    });
    res.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
  }
}

function error500(res: ServerResponse, service: "S3" | "Glue"): void {
  if (service === "S3") {
    res.writeHead(500, { "content-type": "application/xml" });
    res.end("<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>");
  } else {
    // What a broken proxy in front of Glue sends: not Glue's JSON at all.
    res.writeHead(500, { "content-type": "text/plain" });
    res.end("internal");
  }
}

/** A small HTTP server in front of moto that injects faults by service and operation. */
export class FaultServer {
  readonly hits: Hit[] = [];
  /** Every request, in order (the tenant walk reads which keys and tables were named). */
  readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private rules: FaultRule[] = [];
  url = "";

  constructor(private readonly upstream: string) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** Replaces the rules; the first that matches a request decides. */
  inject(...rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  faulted(service?: "S3" | "Glue"): Hit[] {
    return this.hits.filter((h) => h.fault && (!service || h.service === service));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private match(hit: Hit): Fault | undefined {
    const rule = this.rules.find(
      (r) => r.service === hit.service && (!r.operation || r.operation === hit.operation) && r.times !== 0,
    );
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times--;
    return rule.fault;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const hit = classify(req);
    hit.fault = this.match(hit);
    this.hits.push(hit);
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => {
      const text = hit.service === "Glue" || hit.operation === "DeleteObjects";
      this.requests.push({
        service: hit.service,
        operation: hit.operation,
        method: req.method ?? "?",
        url: decodeURIComponent(req.url ?? "/"),
        body: text ? Buffer.concat(body).toString("utf8") : "",
        headers: req.headers,
      });
      switch (hit.fault) {
        case "silent":
          return; // the connection stays open, and nothing ever comes back
        case "throttle":
          return throttle(res, hit.service);
        case "error500":
          return error500(res, hit.service);
        default:
          return this.forward(req, Buffer.concat(body), res, hit.fault === "stall");
      }
    });
  }

  /** Passes the request to moto; with `stall`, sends moto's headers and half its body, then nothing. */
  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse, stall: boolean): void {
    const upstream = new URL(this.upstream);
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const whole = Buffer.concat(chunks);
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          if (!stall) return res.end(whole);
          res.write(whole.subarray(0, Math.max(1, Math.floor(whole.length / 2))));
        });
      },
    );
    out.on("error", () => res.destroy());
    out.end(body);
  }
}
