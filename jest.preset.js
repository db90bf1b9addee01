const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Workspace libraries resolve to their TypeScript sources under jest (the `@bookinfo/source`
  // condition in their package.json exports), not to a build that may be stale or missing.
  testEnvironmentOptions: { customExportConditions: ['@bookinfo/source', 'node', 'require', 'default'] },
  // Plain CommonJS files (the test kit's free-port.cjs, tools/lib/*.cjs) run as they are: ts-jest
  // has nothing to compile in them.
  transformIgnorePatterns: ['/node_modules/', '\\.cjs$'],
  // Above the longest wait of any test (a 1 s deadline tried twice, an app started, a 5 s poll),
  // with room for a loaded two-core machine; jest's 5 s default is not.
  testTimeout: 15_000,
};
