import { serve } from '@hono/node-server';
import { Hono } from 'hono';

// Installed by pnpm 8: its pnpm-lock.yaml is lockfileVersion 6.0, which newer pnpm refuses.
const app = new Hono();
app.get('/', (c) => c.json({ service: 'shelf-notes', lockfile: 'pnpm v6' }));
app.get('/health', (c) => c.text('ok'));

const port = Number(process.env.PORT) || 3240;
serve({ fetch: app.fetch, port });
