// Loads the BUILT React Native entry through require() (Metro resolves `require`) and runs an
// AsyncStorage-shaped Map through asyncStorageAdapter and a keychain-shaped one through
// keychainSecureStore.
const assert = require('node:assert/strict');
const { asyncStorageAdapter, keychainSecureStore } = require('../../dist/react-native.cjs');

async function main() {
  const items = new Map();
  const storage = asyncStorageAdapter({
    getItem: async (k) => items.get(k) ?? null,
    setItem: async (k, v) => void items.set(k, v),
    removeItem: async (k) => void items.delete(k),
    multiGet: async (keys) => keys.map((k) => [k, items.get(k) ?? null]),
    multiSet: async (pairs) => {
      for (const [k, v] of pairs) items.set(k, v);
    },
    multiRemove: async (keys) => {
      for (const k of keys) items.delete(k);
    },
    getAllKeys: async () => [...items.keys()],
  });
  await storage.batch([{ type: 'put', key: 'u/1/heroes/h', value: { name: 'Luna' } }]);
  assert.deepEqual(await storage.scan('u/1/'), [['u/1/heroes/h', { name: 'Luna' }]]);

  const services = new Map();
  const secure = keychainSecureStore({
    getGenericPassword: async (o) => services.get(o.service) ?? false,
    setGenericPassword: async (username, password, o) =>
      services.set(o.service, { username, password }),
    resetGenericPassword: async (o) => services.delete(o.service),
  });
  await secure.set('session', 'token');
  assert.equal(await secure.get('session'), 'token');
  console.log('cjs react-native smoke: ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
