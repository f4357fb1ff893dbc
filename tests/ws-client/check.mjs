// Tagih's /graphql/ws spoken by the reference client, graphql-ws (graphql-transport-ws).
// Usage: node check.mjs <http base url> <token>. Prints one "ok: …" line per check and
// exits 0, or prints "fail: …" and exits 1.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [base, token] = process.argv.slice(2);
const url = base.replace(/^http/, 'ws') + '/graphql/ws';

function fail(why) {
  console.log(`fail: ${why}`);
  process.exit(1);
}

process.on('unhandledRejection', (e) => fail(`unhandled: ${e?.code ?? ''} ${e?.reason ?? e}`));

function client(params, onClosed) {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: params,
    retryAttempts: 0,
    lazy: true,
    on: {
      closed: (event) => {
        if (process.env.WS_DEBUG) console.error(`closed ${event.code} ${event.reason}`);
        if (onClosed) onClosed(event);
      },
    },
  });
}

async function gql(query, variables) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// 1. A query over the socket, authenticated by the connection_init payload.
const good = client({ Authorization: `Bearer ${token}` });
const me = await withTimeout(
  (async () => {
    for await (const result of good.iterate({ query: '{ me { username } }' })) return result;
  })(),
  10000,
  'query',
);
if (me?.data?.me?.username !== 'root') fail(`me over the socket: ${JSON.stringify(me)}`);
console.log('ok: query over graphql-transport-ws');

// 2. A live subscription: events written over HTTP arrive over the socket.
const events = good.iterate({ query: 'subscription { events { position eventType } }' });
const first = (async () => {
  for await (const result of events) return result;
})();
let arrived;
for (let attempt = 0; attempt < 10 && !arrived; attempt++) {
  const r = await gql(
    'mutation($n: String!) { createLocation(input: {name: $n, host: "10.0.0.1", username: "api", password: "router-pass", hotspotServer: "hs1"}) { id } }',
    {
      n: `Desa Node ${attempt}`,
    },
  );
  if (r.errors) fail(`createLocation: ${JSON.stringify(r.errors)}`);
  arrived = await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 2000))]);
}
if (!arrived?.data?.events?.position) fail(`no event over the subscription: ${JSON.stringify(arrived)}`);
console.log(`ok: subscription delivered ${arrived.data.events.eventType}`);
await events.return();
await good.dispose();

// 3. A token that is not valid: the socket closes with 4403, never acknowledged.
let closed;
const bad = client({ Authorization: 'Bearer not-a-token' }, (event) => {
  closed = event;
});
try {
  await withTimeout(
    (async () => {
      for await (const result of bad.iterate({ query: '{ me { username } }' })) return result;
    })(),
    10000,
    'bad token',
  );
  fail('a bad token was acknowledged');
} catch (e) {
  const code = closed?.code ?? e?.code;
  if (code !== 4403) fail(`bad token closed with ${code} (${closed?.reason ?? e})`);
}
console.log(`ok: bad token closed 4403 (${closed.reason})`);
await bad.dispose();
process.exit(0);
