// A promotion's stage stopped mid-statement: DuckDB's statement is interrupted at once (it would run for
// minutes), and the next statement is refused, so a stop between statements lands too.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { stoppable } from "../../src/promote/stoppable.js";
import { LocalStore } from "../../src/storage/index.js";

describe("stopping a stage", () => {
  it("interrupts DuckDB's running statement within a second and refuses the next", async () => {
    const store = new LocalStore(mkdtempSync(path.join(tmpdir(), "medallion-stop-")));
    const session = await DuckDbEngine.open(store, { threads: 1 });
    const control = new AbortController();
    const engine = stoppable(session, control.signal);
    try {
      const long = engine.rows("SELECT sum(hash(i)) AS s FROM range(1000000000000) t(i)");
      setTimeout(() => control.abort(new Error("stopped")), 300);
      const started = Date.now();
      await expect(long).rejects.toThrow(/interrupt/i);
      expect(Date.now() - started).toBeLessThan(1_300);
      await expect(engine.exec("SELECT 1")).rejects.toMatchObject({
        code: "cancelled",
        message: "stopped: DuckDB interrupted",
      });
    } finally {
      engine.release();
      await session.close();
    }
  });
});
