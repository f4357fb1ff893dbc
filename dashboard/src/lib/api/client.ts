//! The typed API layer: queries and mutations over POST /graphql, subscriptions over
//! /graphql/ws (graphql-ws), both with the session's token. An UNAUTHENTICATED answer
//! ends the session (back to login with a message).

import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from './generated';
import { session, expire } from '../session.svelte';

/** An API error by its stable `extensions.code` (shown translated, see i18n `errors.*`). */
export class ApiError extends Error {
  constructor(
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function headers(): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (session.token) h.authorization = `Bearer ${session.token}`;
  return h;
}

function raise(errors: NonNullable<GraphQLResponse<unknown>['errors']>): never {
  const first = errors[0];
  const code = first.extensions?.code ?? 'INTERNAL';
  if (code === 'UNAUTHENTICATED' && session.token) expire();
  throw new ApiError(code, first.message);
}

/** Runs a query or mutation; throws ApiError on any GraphQL or network error. */
export async function gql<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ query: doc.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('NETWORK', 'network');
  }
  let body: GraphQLResponse<R>;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status === 429 || res.status === 503 ? 'RATE_LIMITED' : 'INTERNAL', `HTTP ${res.status}`);
  }
  if (body.errors?.length) raise(body.errors);
  if (!body.data) throw new ApiError('INTERNAL', 'no data');
  return body.data;
}

let ws: Client | null = null;
let wsToken: string | null = null;
let connected = false;
/** Called each time the socket is (re)connected: subscriptions are registered then. */
const onConnected = new Set<() => void>();

/** The one WebSocket of the session (reopened when the token changes). */
function socket(): Client {
  if (ws && wsToken === session.token) return ws;
  ws?.dispose();
  wsToken = session.token;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql/ws`;
  ws = createClient({
    url,
    lazy: true,
    connectionParams: () => (wsToken ? { Authorization: `Bearer ${wsToken}` } : {}),
    // A dropped connection is retried for ever with back-off; subscriptions that can
    // resume pass `afterPosition` again (see `live`).
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connected: () => {
        connected = true;
        onConnected.forEach((f) => f());
      },
      closed: (event) => {
        connected = false;
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4403 || code === 4401) expire();
      },
    },
  });
  return ws;
}

/** Closes the socket (logout). */
export function closeSocket(): void {
  ws?.dispose();
  ws = null;
  wsToken = null;
  connected = false;
}

/**
 * Subscribes; `variables` is a function so a resumed subscription can pass the latest
 * position it saw (`afterPosition`) and miss nothing. Returns the unsubscribe function.
 */
export function live<R, V>(
  doc: TypedDocumentString<R, V>,
  variables: () => V,
  onData: (data: R) => void,
  onError?: (e: ApiError) => void,
  onReady?: () => void,
): () => void {
  let stopped = false;
  // `onReady` re-reads what the subscription keeps current, once it is registered and
  // after every reconnect: changes made before it was listening are not lost.
  let readyTimer: ReturnType<typeof setTimeout> | null = null;
  const ready = () => {
    if (!onReady || stopped) return;
    if (readyTimer) clearTimeout(readyTimer);
    readyTimer = setTimeout(() => !stopped && onReady(), 300);
  };
  if (onReady) onConnected.add(ready);
  let cancel: (() => void) | null = null;
  const start = () => {
    if (stopped) return;
    cancel = socket().subscribe<R>(
      { query: doc.toString(), variables: variables() as Record<string, unknown> },
      {
        next: (msg) => {
          if (msg.errors?.length) {
            const e = msg.errors[0] as { message: string; extensions?: { code?: string } };
            onError?.(new ApiError(e.extensions?.code ?? 'INTERNAL', e.message));
          } else if (msg.data) onData(msg.data);
        },
        error: (err) => {
          const list = Array.isArray(err) ? (err as { message: string; extensions?: { code?: string } }[]) : null;
          onError?.(new ApiError(list?.[0]?.extensions?.code ?? 'NETWORK', list?.[0]?.message ?? 'subscription'));
          // The client retries the socket; a subscription that ended in error restarts
          // after a pause with fresh variables (the latest position).
          setTimeout(start, 2000);
        },
        complete: () => {},
      },
    );
  };
  start();
  if (connected) ready();
  return () => {
    stopped = true;
    onConnected.delete(ready);
    if (readyTimer) clearTimeout(readyTimer);
    cancel?.();
  };
}
