/** @jest-config-loader-options {"compilerOptions":{"types":["node"]}} */
module.exports = {
  displayName: 'browser-tests',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'cjs'],
  globalSetup: '<rootDir>/src/global-setup.ts',
  maxWorkers: 1,
  // Chromium's first start on two busy cores can take several seconds.
  testTimeout: 60000,
  coverageDirectory: '../../coverage/tests/browser',
};
