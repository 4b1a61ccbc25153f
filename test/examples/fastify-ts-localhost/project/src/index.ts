import Fastify from 'fastify';
import { quoteOfTheDay } from './quotes.js';

const app = Fastify({ logger: true });

app.get('/health', async () => ({ ok: true }));
app.get('/', async () => ({ quote: quoteOfTheDay(new Date()) }));

const port = Number(process.env.PORT ?? 3300);

process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});

// Fastify's default address is localhost: fine on a laptop, unreachable from outside a container.
await app.listen({ port });
