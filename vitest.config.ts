// The test run: unit tests beside code, integration tests under test/ against the real local runtime.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['functions/**/*.test.ts', 'infra/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: {
      TZ: 'UTC',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      ASTRO_TELEMETRY_DISABLED: '1',
      // Node 20 is supported here until its end of life; the SDK's notice about 2027 is in docs.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: more workers would only fight over them and DynamoDB Local.
    maxWorkers: 2,
  },
});
