// No package.json: node runs this file as it is, on its built-in modules only.
const http = require('http');
const { hostname: machine } = require('node:os');

const hostname = '0.0.0.0';
const port = Number(process.env.PORT) || 3000;

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ service: 'bare-hello', host: machine() }));
});

server.listen(port, hostname, () => console.log(`bare-hello on http://${hostname}:${port}/`));
