const express = require('express');

const app = express();
app.get('/health', (req, res) => res.json({ ok: true }));
app.get('/', (req, res) => res.send('billing via yarn berry'));

const server = app.listen(process.env.PORT || 3300, '0.0.0.0');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
