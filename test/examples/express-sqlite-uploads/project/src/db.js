const path = require('path');
const { DatabaseSync } = require('node:sqlite');

// One SQLite file in the project's data/ folder; the table is made on first start.
const db = new DatabaseSync(path.join(__dirname, '..', 'data', 'photos.db'));
db.exec('PRAGMA journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS photos (id INTEGER PRIMARY KEY, name TEXT, file TEXT, at TEXT)');

module.exports = db;
