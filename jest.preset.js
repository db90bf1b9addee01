const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Plain CommonJS files (the test kit's free-port.cjs, tools/lib/*.cjs) run as they are: ts-jest
  // has nothing to compile in them.
  transformIgnorePatterns: ['/node_modules/', '\\.cjs$'],
};
