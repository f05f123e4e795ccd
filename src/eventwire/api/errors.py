"""Errors mapped to HTTP in one place: every failure answers ``{"error": {"code", "message"}}``.

Handlers raise :class:`ApiError` (or let an :class:`~eventwire.errors.EventwireError` from a
lower layer through); the exception handlers installed by :func:`install_error_handlers`
render each one, FastAPI's validation errors and Starlette's routing errors, in the same shape.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.errors import Code, EventwireError, InputError, StoreError, UsageError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """The one error shape of the REST API (documented in ``shared/cli-api.md``)."""

    error: ErrorDetail


class ApiError(EventwireError):
    """A catalogue error with the HTTP status it answers with."""

    def __init__(self, status: int, code: Code, **fields: object) -> None:
        self.status = status
        super().__init__(code, **fields)


# Errors from lower layers: the status says whose fault it is (the caller's or the server's).
_STATUS_OF_KIND: tuple[tuple[type[EventwireError], int], ...] = (
    (UsageError, 422),
    (InputError, 422),
    (StoreError, 503),
)


def status_of(exc: EventwireError) -> int:
    """The HTTP status an eventwire error answers with."""
    if isinstance(exc, ApiError):
        return exc.status
    for kind, status in _STATUS_OF_KIND:
        if isinstance(exc, kind):
            return status
    return 500


def error_response(status: int, code: Code, **fields: object) -> JSONResponse:
    """The JSON error answer for ``code``; the message is the catalogue text without the code."""
    body = ErrorBody(error=ErrorDetail(code=code.name, message=code.value.format(**fields)))
    return JSONResponse(body.model_dump(), status_code=status)


def _describe_validation(errors: Any) -> tuple[str, str]:
    """The parameter and reason of FastAPI's first validation error, for a one-line message."""
    first = errors[0] if errors else {}
    loc = [str(part) for part in first.get("loc", ())]
    where = f"{loc[0]} parameter" if len(loc) > 1 else "request"
    param = f"{where} {'.'.join(loc[1:])!r}" if len(loc) > 1 else where
    return param, str(first.get("msg", "malformed request"))


async def _on_eventwire_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EventwireError)
    status = status_of(exc)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    return error_response(status, exc.code, **exc.fields)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    param, reason = _describe_validation(exc.errors())
    return error_response(422, Code.E401, param=param, reason=reason)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    # Starlette raises these for unknown paths and methods before any handler of ours runs.
    if exc.status_code == 404:
        return error_response(404, Code.E403, path=request.url.path)
    if exc.status_code == 405:
        response = error_response(405, Code.E404, method=request.method, path=request.url.path)
        response.headers.update(exc.headers or {})
        return response
    response = error_response(exc.status_code, Code.E407, detail=exc.detail)
    response.headers.update(exc.headers or {})
    return response


async def _on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the log, never to the client; the client still gets the one shape.
    log.exception("%s %s failed", request.method, request.url.path)
    return error_response(500, Code.E405, kind=type(exc).__name__)


def install_error_handlers(app: FastAPI) -> None:
    """Render every error the app can raise in the one JSON error shape."""
    app.add_exception_handler(EventwireError, _on_eventwire_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
