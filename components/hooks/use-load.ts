import { useEffect, useReducer } from "react";
import { errorLine } from "../../src/errors.js";

/** Any async load: start → complete(value) | fail(one-line reason). */
export type Load<T> =
  | { status: "loading" }
  | { status: "done"; value: T }
  | { status: "error"; error: string };
type LoadEvent<T> = { type: "start" } | { type: "complete"; value: T } | { type: "fail"; error: string };

export function loadReducer<T>(_state: Load<T>, event: LoadEvent<T>): Load<T> {
  if (event.type === "start") return { status: "loading" };
  if (event.type === "complete") return { status: "done", value: event.value };
  return { status: "error", error: event.error };
}

/** Runs `load` whenever `deps` change; a newer run or unmounting abandons the older one. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Load<T> {
  const [state, dispatch] = useReducer(loadReducer<T>, { status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    dispatch({ type: "start" });
    load(controller.signal).then(
      (value) => controller.signal.aborted || dispatch({ type: "complete", value }),
      (err) => controller.signal.aborted || dispatch({ type: "fail", error: errorLine(err) }),
    );
    return () => controller.abort();
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  }, deps);
  return state;
}
