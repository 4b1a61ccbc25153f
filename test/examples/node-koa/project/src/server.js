const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();
router.get('/', (ctx) => {
  ctx.body = { service: 'koa-notes', notes: ['buy milk'] };
});
router.get('/health', (ctx) => {
  ctx.body = 'ok';
});
app.use(router.routes()).use(router.allowedMethods());

const port = Number(process.env.PORT) || 3100;
const server = app.listen(port, () => console.log(`koa-notes on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
