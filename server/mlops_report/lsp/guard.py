"""Handlers that never fail the client: an exception is logged and a default answered."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException

F = TypeVar("F", bound=Callable[..., Any])

REQUEST_FAILED = int(types.LSPErrorCodes.RequestFailed)
"""The error a valid request the server cannot answer now is refused with (-32803)."""


class Refusal(JsonRpcException):
    """An error a request is answered with on purpose (bad params, a document not open).

    Nothing failed in the server: it is the client's to handle, and not logged as a failure.
    """

    def __init__(self, code: int, message: str) -> None:
        """Refuse with a JSON-RPC error `code` and a message that says what to do."""
        super().__init__(message=message, code=code)


class Logs(Protocol):
    """A server that can log the exception being handled."""

    def log_exception(self, where: str) -> None:
        """Log the current exception with its traceback."""


def guarded(default: Any = None) -> Callable[[F], F]:
    """Make a handler log any exception to the client and answer `default` instead of failing.

    A `Refusal` (the request itself is wrong) is answered as the error it is.
    """

    def wrap(fn: F) -> F:
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def run_async(ls: Logs, params: Any) -> Any:
                try:
                    return await fn(ls, params)
                except Refusal:
                    raise  # the client's mistake, answered as such
                except Exception:
                    ls.log_exception(fn.__name__)
                    return default

            return run_async  # type: ignore[return-value]

        @functools.wraps(fn)
        def run(ls: Logs, params: Any) -> Any:
            try:
                return fn(ls, params)
            except Refusal:
                raise  # the client's mistake, answered as such
            except Exception:
                ls.log_exception(fn.__name__)
                return default

        return run  # type: ignore[return-value]

    return wrap
