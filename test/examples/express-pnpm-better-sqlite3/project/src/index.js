const express = require('express');
const db = require('./db');

const app = express();

app.get('/', (req, res) => {
  // Every visit is logged: the app writes its database on each request.
  db.prepare('INSERT INTO visits (at) VALUES (?)').run(new Date().toISOString());
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM visits').get();
  res.send(`visit-log (pnpm): ${n} visits`);
});

const port = process.env.PORT || 3000;
app.listen(port, () => console.log(`visit-log on ${port}`));
