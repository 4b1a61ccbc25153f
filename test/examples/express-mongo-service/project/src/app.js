require('dotenv').config();
const express = require('express');
const { connect } = require('./db');
const cache = require('./cache');
const Note = require('./models/note');

const app = express();
app.use(express.json());

app.get('/', (req, res) => res.send('notes-api'));
app.get('/notes', async (req, res) => {
  const cached = await cache.get('notes');
  if (cached) return res.json(JSON.parse(cached));
  const notes = await Note.find().lean();
  await cache.set('notes', JSON.stringify(notes), 'EX', 30);
  res.json(notes);
});

const port = process.env.PORT ?? 3000;
connect().then(() => app.listen(port, () => console.log(`notes-api on ${port}`)));
