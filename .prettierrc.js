// The package's settings (n8n's starter), for the tests and scripts too.
module.exports = require('./package/.prettierrc.js');
