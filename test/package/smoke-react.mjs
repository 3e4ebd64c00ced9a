// Loads the BUILT React entry as ESM and renders a signed-out client on the server.
import assert from 'node:assert/strict';
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { createClient } from '../../dist/index.js';
import { InfiniteStoriesProvider, useAuth, useQuery } from '../../dist/react.js';

function App() {
  const auth = useAuth();
  const heroes = useQuery('heroes');
  return h('p', null, `${auth.status}:${heroes.length}`);
}

const client = createClient({ baseUrl: 'http://api.invalid', sync: { autoStart: false } });
await client.ready;
const html = renderToString(h(InfiniteStoriesProvider, { client }, h(App)));
assert.equal(html, '<p>signed-out:0</p>');
await client.close();
console.log('esm react smoke: ok');
