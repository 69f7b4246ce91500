import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    globalSetup: ["test/setup/moto.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
