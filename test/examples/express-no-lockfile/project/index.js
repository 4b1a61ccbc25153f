const express = require('express');

const app = express();
app.get('/', (req, res) => res.send('express without a lockfile'));
app.get('/health', (req, res) => res.send('ok'));
const server = app.listen(process.env.PORT || 3500);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
