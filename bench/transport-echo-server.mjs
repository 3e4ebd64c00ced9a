// A loopback server for `bench/transport-cpu.ts --loopback`: answers every request at once with
// the same 201 body (given as argv[2]), so the client's CPU per call can be measured against a
// real socket without the cost of a real backend. Prints its URL over IPC.
import http from 'node:http';

const body = Buffer.from(process.argv[2] ?? '{}');
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(201, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
