"""Serving stdin that is a pipe from the event loop itself (as editors start a server).

pygls reads stdin in a worker thread, three reads a message, each handed back to the event loop:
on this project's 2-core bench machine that costs about 1 ms a keystroke.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

from pygls.io_ import StdinAsyncReader, StdoutWriter, run_async
from pygls.lsp.server import LanguageServer

from .pygls_private import set_stop_event


def serve_stdin(
    server: LanguageServer, stdout: BinaryIO, error_handler: Callable[..., Any]
) -> None:
    """Serve the process's stdin until the client exits or goes, writing to `stdout`."""
    stop = threading.Event()
    set_stop_event(server, stop)
    server.protocol.set_writer(StdoutWriter(stdout))
    try:
        asyncio.run(_serve(server, stop, error_handler))
    except BrokenPipeError:
        pass  # the client has gone: nothing left to answer
    except (KeyboardInterrupt, SystemExit):
        pass  # `exit` from the client ends the loop this way, as in pygls
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]  # pygls leaves it unannotated


async def _serve(
    server: LanguageServer, stop: threading.Event, error_handler: Callable[..., Any]
) -> None:
    loop = asyncio.get_running_loop()
    reader: Any = StdinAsyncReader(sys.stdin.buffer, server.thread_pool)
    # Only a pipe or socket: the loop makes the descriptor non-blocking, which a terminal
    # would keep for the shell after the server exits.
    if _is_pipe(sys.stdin):
        reader = asyncio.StreamReader(limit=1 << 20)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    try:
        await run_async(
            stop_event=stop,
            reader=reader,
            protocol=server.protocol,
            error_handler=error_handler,
        )
    finally:
        # The client has gone: what still waits on it (a settings request) is cancelled,
        # which pygls's callbacks would report as errors with their tracebacks.
        loop.set_exception_handler(_quiet_cancellations)


def _is_pipe(stream: Any) -> bool:
    """Return whether `stream` reads from a pipe or a socket."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _quiet_cancellations(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Report errors as asyncio does, except work cancelled as the server stops."""
    if not isinstance(context.get("exception"), asyncio.CancelledError):
        loop.default_exception_handler(context)
