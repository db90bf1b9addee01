const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Workspace libraries resolve to their TypeScript sources under jest (the `@bookinfo/source`
  // condition in their package.json exports), not to a build that may be stale or missing.
  testEnvironmentOptions: { customExportConditions: ['@bookinfo/source', 'node', 'require', 'default'] },
};
