const express = require('express');
const config = require('./config');

const products = Array.from({ length: 45 }, (_, i) => ({ id: i + 1, name: `product ${i + 1}` }));

const app = express();
app.get('/', (req, res) => res.json({ service: 'catalog-api', port: config.port }));
app.get('/products', (req, res) => {
  const page = Number(req.query.page) || 1;
  res.json(products.slice((page - 1) * config.pageSize, page * config.pageSize));
});

const server = app.listen(config.port, () => console.log(`catalog-api on ${config.port}`));
process.on('SIGTERM', () => server.close());
