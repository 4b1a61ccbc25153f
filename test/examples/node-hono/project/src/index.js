import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.json({ service: 'hono-links', links: ['https://hono.dev'] }));
app.get('/health', (c) => c.text('ok'));

const port = Number(process.env.PORT) || 3200;
const server = serve({ fetch: app.fetch, port }, (info) => console.log(`hono-links on ${info.port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
