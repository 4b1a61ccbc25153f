const { Schema, model } = require('mongoose');

module.exports = model('Note', new Schema({ title: String, body: String }, { timestamps: true }));
