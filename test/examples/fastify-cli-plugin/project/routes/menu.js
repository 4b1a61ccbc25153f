'use strict';
const fp = require('fastify-plugin');

const DISHES = ['lentil soup', 'grilled halloumi', 'apple crumble'];

module.exports = fp(async function menu(fastify) {
  fastify.get('/', async () => ({ service: 'menu-service', today: DISHES }));
});
