const http = require('node:http');

const port = Number(process.env.PORT) || 3300;
const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  } else if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ service: 'plain-http-status', up: true }));
  } else {
    res.writeHead(404);
    res.end();
  }
});
server.listen(port, () => console.log(`plain-http-status on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
