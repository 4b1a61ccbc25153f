const Hapi = require('@hapi/hapi');

async function start() {
  const server = Hapi.server({ port: process.env.PORT || 3400, host: '0.0.0.0' });
  server.route({ method: 'GET', path: '/', handler: () => ({ service: 'hapi-inventory', items: 3 }) });
  server.route({ method: 'GET', path: '/health', handler: () => 'ok' });
  await server.start();
  console.log(`hapi-inventory on ${server.info.uri}`);
  process.on('SIGTERM', async () => {
    await server.stop({ timeout: 5000 });
    process.exit(0);
  });
}

start();
