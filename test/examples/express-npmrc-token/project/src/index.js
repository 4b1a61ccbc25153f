const express = require('express');
const app = express();
app.get('/', (req, res) => res.send('express ok'));
const server = app.listen(process.env.PORT || 4000, '0.0.0.0');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
