const { serviceWebpackConfig } = require('../../tools/webpack/service-webpack-config');

module.exports = serviceWebpackConfig(__dirname);
