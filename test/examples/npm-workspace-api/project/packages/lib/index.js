// Shared helpers for the acme services.
const ms = require('ms');

exports.uptime = (startedAt) => ms(Date.now() - startedAt, { long: true });
exports.greeting = (name) => `hello from ${name}`;
