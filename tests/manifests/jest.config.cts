/** @jest-config-loader-options {"compilerOptions":{"types":["node"]}} */
module.exports = {
  displayName: 'manifests',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  // Rendering every overlay with kubectl takes a few seconds on two cores.
  testTimeout: 60000,
  coverageDirectory: '../../coverage/tests/manifests',
};
