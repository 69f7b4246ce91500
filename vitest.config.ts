import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    globalSetup: ["test/setup/moto.ts"],
    reporters: ["default", "./test/setup/summary-reporter.ts"],
    // moto accepts any key pair; the real SDK still signs every request with them.
    env: { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
