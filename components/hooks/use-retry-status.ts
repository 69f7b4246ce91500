import { type Dispatch, type SetStateAction, useEffect } from "react";
import { onAwsRetry, retryLine } from "../../src/aws/retry.js";

export type StatusMessage = { message: string; tone: "info" | "error" } | undefined;

/**
 * Shows each AWS retry in the status line while it waits ("S3 ListObjectsV2: no data for 20 s, retry
 * 1/1…") and clears it when the request ends; a final error is the screen's to show, like any load error.
 */
export function useRetryStatus(setStatus: Dispatch<SetStateAction<StatusMessage>>): void {
  useEffect(() => {
    let shown: string | undefined;
    return onAwsRetry((event) => {
      if (event.kind === "retry") {
        shown = retryLine(event);
        setStatus({ message: shown, tone: "info" });
      } else {
        setStatus((status) => (status?.message === shown ? undefined : status));
      }
    });
  }, [setStatus]);
}
