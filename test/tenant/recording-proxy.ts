import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** One request as the endpoint saw it: what a tenant session asked for, whatever the client thought it did. */
export interface RecordedRequest {
  service: "S3" | "Glue" | "Athena";
  method: string;
  /** Path and query, decoded (`/bucket/lake/bronze/tenant=acme/…`, `prefix=lake/bronze/…`). */
  url: string;
  /** For Glue and Athena the JSON request; for S3 DeleteObjects the XML listing the keys. */
  body: string;
  headers: IncomingMessage["headers"];
  /** The Glue or Athena operation (`GetTable`), from X-Amz-Target; undefined for S3. */
  operation?: string;
}

/** An HTTP server in front of moto that passes every request through and records it. */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
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

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const target = req.headers["x-amz-target"];
      const [service, operation] =
        typeof target === "string" && target.startsWith("AWSGlue.")
          ? (["Glue", target.slice("AWSGlue.".length)] as const)
          : typeof target === "string" && target.startsWith("AmazonAthena.")
            ? (["Athena", target.slice("AmazonAthena.".length)] as const)
            : (["S3", undefined] as const);
      this.requests.push({
        service,
        method: req.method ?? "?",
        url: decodeURIComponent(req.url ?? "/"),
        // Object bodies (data files) are not recorded: only what names keys and tables.
        body: service === "S3" && !(req.url ?? "").includes("delete") ? "" : body.toString("utf8"),
        headers: req.headers,
        ...(operation && { operation }),
      });
      this.forward(req, body, res);
    });
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
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
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => res.destroy());
    out.end(body);
  }
}
