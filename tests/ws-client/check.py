"""Tagih's /graphql/ws judged by a client we did not write: Python `websockets` speaking
graphql-transport-ws by hand, one check per close code of the protocol.

Usage: check.py <http base url> <token>. Prints one "ok: ..." line per check; exits 1
with "fail: ..." on the first that does not hold. tests/api/ws_peers.rs runs it in a
venv under target/ (the server's connection_init timeout is short there).
"""

import asyncio
import json
import sys

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

BASE, TOKEN = sys.argv[1], sys.argv[2]
URL = BASE.replace("http", "ws", 1) + "/graphql/ws"


def fail(why):
    print(f"fail: {why}", flush=True)
    sys.exit(1)


async def closed_with(ws, code, what):
    """Reads until the server closes; the close must carry `code` and a short reason."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), 10)
    except ConnectionClosed as e:
        got = e.rcvd
        if got is None or got.code != code:
            fail(f"{what}: closed with {got}, expected {code}")
        if len(got.reason.encode()) > 123:
            fail(f"{what}: close reason of {len(got.reason.encode())} bytes")
        print(f"ok: {what} -> {got.code} {got.reason}", flush=True)
    except TimeoutError:
        fail(f"{what}: the socket was not closed")


def send(ws, message):
    return ws.send(json.dumps(message))


async def opened(token=TOKEN):
    ws = await connect(URL, subprotocols=["graphql-transport-ws"])
    if ws.subprotocol != "graphql-transport-ws":
        fail(f"sub-protocol {ws.subprotocol}")
    return ws


async def acked(token=TOKEN):
    ws = await opened()
    await send(ws, {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
    reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
    if reply != {"type": "connection_ack"}:
        fail(f"connection_init answered {reply}")
    return ws


async def main():
    ws = await acked()
    await send(ws, {"type": "ping", "payload": {"n": 1}})
    pong = json.loads(await asyncio.wait_for(ws.recv(), 10))
    if pong != {"type": "pong", "payload": {"n": 1}}:
        fail(f"ping answered {pong}")
    await send(ws, {"type": "subscribe", "id": "q", "payload": {"query": "{ me { username } }"}})
    result = json.loads(await asyncio.wait_for(ws.recv(), 10))
    if result.get("type") != "next" or result["payload"]["data"]["me"]["username"] != "root":
        fail(f"query answered {result}")
    done = json.loads(await asyncio.wait_for(ws.recv(), 10))
    if done != {"type": "complete", "id": "q"}:
        fail(f"no complete after the query: {done}")
    print("ok: ack, ping/pong, query, complete", flush=True)

    # The same id again while the first subscription runs.
    events = {"query": "subscription { events { position } }"}
    await send(ws, {"type": "subscribe", "id": "s", "payload": events})
    await send(ws, {"type": "subscribe", "id": "s", "payload": events})
    await closed_with(ws, 4409, "duplicate subscription id")

    ws = await opened()
    await send(ws, {"type": "subscribe", "id": "1", "payload": {"query": "{ me { id } }"}})
    await closed_with(ws, 4401, "subscribe before connection_init")

    ws = await acked()
    await send(ws, {"type": "subscribe", "id": "x" * 400, "payload": 42})
    await closed_with(ws, 4400, "invalid message")

    ws = await acked()
    await send(ws, {"type": "connection_init"})
    await closed_with(ws, 4429, "second connection_init")

    ws = await opened()
    await send(ws, {"type": "connection_init", "payload": {"Authorization": "Bearer forged"}})
    await closed_with(ws, 4403, "bad token at connection_init")

    ws = await opened()
    await closed_with(ws, 4408, "no connection_init")


asyncio.run(main())
