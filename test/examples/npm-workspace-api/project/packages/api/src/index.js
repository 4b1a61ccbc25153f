const express = require('express');
const { greeting, uptime } = require('@acme/lib');

const startedAt = Date.now();
const app = express();
app.get('/', (req, res) => res.send(`${greeting('acme api')}, up ${uptime(startedAt)}`));

const port = process.env.PORT || 3000;
app.listen(port, () => console.log(`api on ${port}`));
