'use strict';
// The HTTP entry: builds the app and listens where the environment says (HOST, PORT).
const { buildApp } = require('./app');

const port = Number(process.env.PORT) || 4100;
const host = process.env.HOST || '0.0.0.0';

async function main() {
  const app = buildApp({ logger: true });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, async () => {
      await app.close();
      process.exit(0);
    });
  }
  await app.listen({ port, host });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
