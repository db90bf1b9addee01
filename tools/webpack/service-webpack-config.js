const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

/**
 * The webpack build every service shares: a Node bundle of `src/main.ts` (tsc, so NestJS keeps its
 * decorator metadata) into `dist/services/<name>`, with a generated package.json of its runtime
 * dependencies for the images. `assets` are copied beside main.js.
 */
function serviceWebpackConfig(serviceDir, { assets = [] } = {}) {
  return {
    output: {
      path: join(__dirname, '../../dist/services', basename(serviceDir)),
      clean: true,
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets,
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
      }),
    ],
  };
}

module.exports = { serviceWebpackConfig };
