'use strict';
// A fastify-cli application: the CLI creates the server, loads this plugin and listens.
const menu = require('./routes/menu');

module.exports = async function app(fastify, opts) {
  fastify.get('/health', async () => ({ status: 'ok' }));
  fastify.register(menu, opts);
};

// Options fastify-cli passes to Fastify itself.
module.exports.options = { trustProxy: true };
