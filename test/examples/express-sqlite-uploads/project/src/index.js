const express = require('express');
const multer = require('multer');
const db = require('./db');

const upload = multer({ dest: 'uploads/' });
const app = express();

app.get('/', (req, res) => {
  // Every visit is logged: the app writes its database on each request.
  db.prepare('INSERT INTO photos (name, file, at) VALUES (?, ?, ?)').run('visit', '', new Date().toISOString());
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM photos').get();
  res.send(`photo-log: ${n} entries`);
});
app.post('/photos', upload.single('photo'), (req, res) => {
  const info = db
    .prepare('INSERT INTO photos (name, file, at) VALUES (?, ?, ?)')
    .run(req.file.originalname, req.file.filename, new Date().toISOString());
  res.status(201).json({ id: info.lastInsertRowid });
});

const port = process.env.PORT || 3000;
app.listen(port, () => console.log(`photo-log on ${port}`));
