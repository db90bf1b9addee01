/** @jest-config-loader-options {"compilerOptions":{"types":["node"]}} */
module.exports = {
  displayName: 'system-tests',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Against an app someone else runs (BOOKINFO_URL, e.g. the Docker Compose stack) only what a client
  // sees from outside applies: the page suite. Every other suite starts its own processes.
  testMatch: process.env['BOOKINFO_URL'] ? ['<rootDir>/src/page.spec.ts'] : ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'cjs'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  // Each file starts real service processes; two files at once would fight over two cores.
  maxWorkers: 1,
  testTimeout: 60000,
  coverageDirectory: '../../coverage/tests/system',
};
