const { serviceWebpackConfig } = require('../../tools/webpack/service-webpack-config');

// Templates and static files sit next to main.js: dist/services/productpage/{views,public}.
module.exports = serviceWebpackConfig(__dirname, { assets: ['./src/views', './src/public'] });
