import Fastify from 'fastify';
import cors from '@fastify/cors';
import { forecast } from './forecast.js';

const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
await app.register(cors, { origin: false });

app.get('/healthz', async () => ({ up: true }));
app.get('/', async () => ({ service: 'weather-cache', cities: Object.keys(forecast) }));
app.get('/forecast/:city', async (request, reply) => {
  const entry = forecast[request.params.city];
  return entry ?? reply.code(404).send({ error: 'no forecast for that city' });
});

const port = parseInt(process.env.WEATHER_PORT ?? '5050', 10);
await app.listen({ port, host: '0.0.0.0' });

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => app.close().then(() => process.exit(0)));
