const mongoose = require('mongoose');

// The app does not start without its database: connect() rejects when MONGO_URI is unreachable.
async function connect() {
  await mongoose.connect(process.env.MONGO_URI);
}

module.exports = { connect };
