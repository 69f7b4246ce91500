import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import type { StandInResult } from "./athena-stand-in.js";

const MiB = 2 ** 20;

/**
 * How the mocked Athena ends the n-th statement (1-based): its states, and on FAILED Athena's error.
 * `untilStopped`: the last state holds until StopQueryExecution, then the query is CANCELLED.
 */
export type Ending = {
  states: QueryExecutionState[];
  error?: { ErrorCategory: number; Retryable?: boolean };
  untilStopped?: boolean;
};

/**
 * A mocked Athena whose statements run on DuckDB (the stand-in's `run`), each polled through
 * `ending(n, sql)`'s states; every statement reports 64 MiB scanned. `client` omitted: every AthenaClient
 * made from here on is mocked (the UI opens its own); call `mock.restore()` when done.
 */
export function mockedAthena(
  standIn: { run(sql: string): Promise<StandInResult | undefined> },
  ending: (n: number, sql: string) => Ending | undefined,
  client?: AthenaClient,
) {
  const mock = client ? mockClient(client) : mockClient(AthenaClient);
  const results = new Map<string, StandInResult | undefined>();
  const endings = new Map<string, Ending>();
  const polls = new Map<string, number>();
  const stopped = new Set<string>();
  const statements: string[] = [];
  mock.on(StartQueryExecutionCommand).callsFake(async (input) => {
    const sql = String(input.QueryString);
    statements.push(sql);
    const id = `q-${statements.length}`;
    const end = ending(statements.length, sql) ?? { states: ["QUEUED", "RUNNING", "SUCCEEDED"] };
    endings.set(id, end);
    if (end.states.at(-1) === "SUCCEEDED") results.set(id, await standIn.run(sql));
    return { QueryExecutionId: id };
  });
  mock.on(GetQueryExecutionCommand).callsFake((input) => {
    const id = String(input.QueryExecutionId);
    const end = endings.get(id) as Ending;
    const poll = polls.get(id) ?? 0;
    polls.set(id, poll + 1);
    const state: QueryExecutionState = stopped.has(id)
      ? "CANCELLED"
      : (end.states[Math.min(poll, end.states.length - 1)] as QueryExecutionState);
    return {
      QueryExecution: {
        QueryExecutionId: id,
        StatementType: "DML",
        Status: {
          State: state,
          ...(state === "FAILED"
            ? {
                StateChangeReason: "HIVE_CURSOR_ERROR: Please reduce your request rate.",
                AthenaError: end.error,
              }
            : {}),
        },
        Statistics: { DataScannedInBytes: 64 * MiB, TotalExecutionTimeInMillis: 900 },
      },
    };
  });
  mock.on(StopQueryExecutionCommand).callsFake((input) => {
    const id = String(input.QueryExecutionId);
    if (endings.get(id)?.untilStopped) stopped.add(id);
    return {};
  });
  mock.on(GetQueryResultsCommand).callsFake((input) => {
    const result = results.get(String(input.QueryExecutionId));
    return {
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: result?.columns ?? [] },
        Rows: (result?.rows ?? []).map((r) => ({
          Data: r.map((v) => (v === null ? {} : { VarCharValue: v })),
        })),
      },
    };
  });
  return { mock, statements };
}
