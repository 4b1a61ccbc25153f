'use strict';
const store = new Map([
  ['PX-1001', { id: 'PX-1001', status: 'in transit' }],
  ['PX-1002', { id: 'PX-1002', status: 'delivered' }],
]);

async function routes(app) {
  app.get('/', async () => [...store.values()]);
  app.get('/:id', async (request, reply) => {
    const parcel = store.get(request.params.id);
    if (!parcel) return reply.code(404).send({ error: 'unknown parcel' });
    return parcel;
  });
}

module.exports = { routes, count: () => store.size };
