const path = require('path');
const Database = require('better-sqlite3');

// One SQLite file next to the code's data/ folder; the table is made on first start.
const db = new Database(path.join(__dirname, '..', 'data', 'visits.db'));
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, at TEXT)');

module.exports = db;
