// ESM recipe from STACK.md: Nest 12 is ESM-only and jest on Node 20 cannot require() it.
const moduleNameMapper = {
  '^(\\.{1,2}/.*)\\.js$': '$1',
  '^@app/(domain|contracts|config|database|queues|tickets|sla|intake|observability|reference|reports)$': '<rootDir>/libs/$1/src/index.ts',
};
const transform = { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] };
const common = { setupFiles: ['reflect-metadata'], extensionsToTreatAsEsm: ['.ts'], moduleNameMapper, transform, testEnvironment: 'node' };

// TYNDA_TESTS=unit|e2e picks one project. (jest's own --selectProjects takes every following
// word as a project name, so `npm run test:e2e -- test/x.e2e-spec.ts` silently ran them all.)
const only = process.env.TYNDA_TESTS;

export default {
  // Global only (jest ignores it per project): e2e tests wait for real SLA timers of a few seconds.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  ].filter((p) => !only || p.displayName === only),
};
