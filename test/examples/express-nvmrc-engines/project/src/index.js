const express = require('express');

const app = express();
app.get('/', (req, res) => res.json({ invoices: [] }));
app.get('/healthz', (req, res) => res.send('ok'));

const PORT = process.env.PORT || 5000;
app.listen(PORT, () => console.log(`billing-service on ${PORT}`));
