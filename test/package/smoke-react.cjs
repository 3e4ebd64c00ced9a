// Loads the BUILT React entry through require() and renders a signed-out client on the server.
const assert = require('node:assert/strict');
const { createElement: h } = require('react');
const { renderToString } = require('react-dom/server');
const { createClient } = require('../../dist/index.cjs');
const { InfiniteStoriesProvider, useAuth, useSyncStatus } = require('../../dist/react.cjs');

function App() {
  const auth = useAuth();
  const status = useSyncStatus();
  return h('p', null, `${auth.status}:${status.phase}`);
}

async function main() {
  const client = createClient({ baseUrl: 'http://api.invalid', sync: { autoStart: false } });
  await client.ready;
  const html = renderToString(h(InfiniteStoriesProvider, { client }, h(App)));
  assert.equal(html, '<p>signed-out:idle</p>');
  await client.close();
  console.log('cjs react smoke: ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
