"""Background threads of a test process leave the global random generator to the tests (Hypothesis checks it)."""

from __future__ import annotations

import asyncio
import random


def test_a_websocket_keepalive_ping_leaves_the_global_random_state_alone():
    # Prefect's event client pings its websocket from a background thread every 20 s.
    from websockets.asyncio.client import connect
    from websockets.asyncio.server import serve

    async def handler(connection) -> None:
        await connection.wait_closed()

    async def ping_once() -> bool:
        async with serve(handler, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            async with connect(f"ws://127.0.0.1:{port}") as ws:
                before = random.getstate()
                await (await ws.ping())
                return random.getstate() == before

    assert asyncio.run(ping_once())
