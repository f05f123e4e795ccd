"""The FastAPI application: the REST API under ``/api/`` and the web UI at ``/``.

Handlers are thin: they parse parameters and call the store or :mod:`eventwire.api.articles`;
errors are rendered in one place (:mod:`eventwire.api.errors`).
"""

# No ``from __future__ import annotations`` here: FastAPI reads the handlers' annotations at
# run time, and the limit's description refers to a local of create_app.

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from eventwire import __version__
from eventwire.api.articles import ArticleQuery, article_page, parse_day
from eventwire.api.errors import ApiError, ErrorBody, install_error_handlers
from eventwire.api.schemas import ArticlePage, Health
from eventwire.config import Settings
from eventwire.errors import Code
from eventwire.model import Record
from eventwire.store import Store
from eventwire.web import static_dir

DEFAULT_PAGE_SIZE = 20

# The UI loads only its own files; this also keeps injected markup from running anything.
_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such article"},
    422: {"model": ErrorBody, "description": "Invalid parameter"},
}


def create_app(store: Store, settings: Settings) -> FastAPI:
    """The web application serving ``store``; lists answer at most ``settings.max_page_size``.

    ``settings`` is kept as ``app.state.settings`` for endpoints that need it (the API key of
    write endpoints).
    """
    # Swagger UI and ReDoc load scripts from a CDN, and the UI must work offline: only the
    # OpenAPI document itself is served.
    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="News articles as structured, sourced records (format eventwire.record/1).",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    max_page_size = settings.max_page_size
    install_error_handlers(app)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/api/health", tags=["meta"])
    def health() -> Health:
        """Liveness, the version and the number of stored articles."""
        return Health(status="ok", version=__version__, articles=store.count())

    @app.get("/api/articles", tags=["articles"], responses=_ERRORS)
    def list_articles(
        q: Annotated[str | None, Query(description="full-text query; results by relevance")] = None,
        date_from: Annotated[
            str | None, Query(alias="from", description="published on or after, YYYY-MM-DD")
        ] = None,
        date_to: Annotated[
            str | None, Query(alias="to", description="published on or before, YYYY-MM-DD")
        ] = None,
        source: Annotated[str | None, Query(description="outlet, case-insensitive")] = None,
        limit: Annotated[
            int, Query(ge=1, description=f"page size, capped at {max_page_size}")
        ] = DEFAULT_PAGE_SIZE,
        cursor: Annotated[str | None, Query(description="'next' of the previous page")] = None,
    ) -> ArticlePage:
        """Article summaries, in id order, or by relevance when ``q`` is given."""
        query = ArticleQuery(
            q=(q or "").strip() or None,
            date_from=parse_day("from", date_from),
            date_to=parse_day("to", date_to),
            source=(source or "").strip() or None,
        )
        return article_page(store, query, min(limit, max_page_size), cursor or None)

    @app.get(
        "/api/articles/{article_id}", tags=["articles"], responses=_ERRORS,
        response_model=Record,
    )
    def get_article(article_id: Annotated[str, Path(description="article id")]) -> Record:
        """The article's full record (format ``eventwire.record/1``)."""
        record = store.get(article_id)
        if record is None:
            raise ApiError(404, Code.E003, id=article_id)
        return record

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static_dir() / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    return app
