import express from 'express';
import { totalCount } from './stock.js';

const app = express();
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});
app.get('/', (_req, res) => {
  res.send(`inventory ts: ${totalCount()} items`);
});

const port = Number(process.env.PORT || 3500);
const server = app.listen(port, '0.0.0.0');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
