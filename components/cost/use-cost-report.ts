import { useEffect, useRef, useState } from "react";
import type { ScanProgress } from "../../src/cost/listing.js";
import type { CostReport } from "../../src/cost/report.js";
import { MedallionError } from "../../src/errors.js";
import { humanCount } from "../../src/lake/human.js";
import { useLake } from "../context.js";
import { type Load, useLoad } from "../hooks/use-preview.js";

/** How often the progress line redraws while a scan runs (a local listing reports thousands a second). */
const PROGRESS_MS = 150;

export type ScanState = ScanProgress & { source: "listing" | "inventory" };

export interface CostReportLoad {
  report: Load<CostReport>;
  /** The latest progress of the running scan (undefined before its first report). */
  progress?: ScanState;
  /** Stops the running scan; the load then fails with "scan cancelled after …". */
  cancel(): void;
}

/** Scans `path` (the whole lake when empty) and prices it; `reload` scans again. */
export function useCostReport(path: string, reload: number): CostReportLoad {
  const { source } = useLake();
  const latest = useRef<ScanState | undefined>(undefined);
  const [progress, setProgress] = useState<ScanState | undefined>();
  const cancelled = useRef<AbortController>(new AbortController());
  const report = useLoad(
    async (signal) => {
      if (!source.lake) {
        throw new MedallionError(
          "not-yet",
          "not yet: the cost screen needs an opened lake (this app has none)",
        );
      }
      const stop = new AbortController();
      cancelled.current = stop;
      latest.current = undefined;
      // A cancelled scan ends here at once, even where the scan itself cannot stop mid-call (a report file
      // being read); the listing stops at its next page.
      const cancel = new Promise<never>((_, reject) =>
        stop.signal.addEventListener("abort", () => {
          const seen = latest.current?.objects ?? 0;
          reject(
            new MedallionError("usage", `scan cancelled after ${humanCount(seen)} objects: r scans again`),
          );
        }),
      );
      const scan = (async () => {
        const [lake, { costReport }] = await Promise.all([
          source.lake?.(),
          import("../../src/cost/report.js"),
        ]);
        if (!lake) throw new MedallionError("not-yet", "not yet: the cost screen needs an opened lake");
        return costReport(lake, {
          location: path === "" ? undefined : path,
          // What `medallion cost` prints beside S3, and the snapshots for the growth line.
          services: true,
          history: true,
          signal: AbortSignal.any([signal, stop.signal]),
          onProgress: (p) => {
            latest.current = p;
          },
        });
      })();
      scan.catch(() => undefined); // once cancelled, how the scan itself ends is nobody's business
      return Promise.race([scan, cancel]);
    },
    [source, path, reload],
  );
  const loading = report.status === "loading";
  // The progress line follows the scan at a steady pace, whatever rate the scan reports at.
  useEffect(() => {
    if (!loading) return;
    setProgress(undefined);
    const timer = setInterval(() => setProgress(latest.current), PROGRESS_MS);
    return () => clearInterval(timer);
  }, [loading]);
  return { report, progress, cancel: () => cancelled.current.abort() };
}
