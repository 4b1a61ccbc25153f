'use strict';
const Fastify = require('fastify');
const parcels = require('./routes/parcels');

function buildApp(options = {}) {
  const app = Fastify(options);
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/', async () => ({ service: 'parcel-tracker', parcels: parcels.count() }));
  app.register(parcels.routes, { prefix: '/parcels' });
  return app;
}

module.exports = { buildApp };
