"""The FastAPI application: the REST API under ``/api/`` and the web UI at ``/``.

Endpoints: ``GET /api/articles`` (summaries; full-text, date and event filters),
``GET /api/articles/{id}`` (the record), ``POST /api/articles`` (ingest one article; needs
``X-API-Key``, see :mod:`eventwire.api.ingest`), ``GET /api/events`` (events of all articles,
same filters plus ``modality``, ``country``, ``article``), ``GET /api/quotes?speaker=``,
``GET /api/corpus-events`` (events merged across articles, same filters), ``GET /api/actors``
and ``GET /api/actors/{id}`` (an actor's id is its entity name, URL-encoded
in the path; ``/`` may be encoded or not), ``GET /api/health``. Lists answer
``{"items", "next"}`` with key cursors, at most ``Settings.max_page_size`` items a page.

Handlers are thin: they parse parameters and call the store or :mod:`eventwire.api.articles`
and :mod:`eventwire.api.listing`; errors are rendered in one place (:mod:`eventwire.api.errors`).
"""

# No ``from __future__ import annotations`` here: FastAPI reads the handlers' annotations at
# run time, and the limit's description refers to a local of create_app.

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from eventwire import __version__
from eventwire.api import listing
from eventwire.api.articles import MAX_SEARCH_HITS, ArticleQuery, article_page, parse_day
from eventwire.api.errors import ApiError, ErrorBody, error_response, install_error_handlers
from eventwire.api.ingest import check_key, ingest
from eventwire.api.listing import EVENT_TYPES, MODALITIES, EventParams
from eventwire.api.schemas import (
    ActorDetail,
    ActorPage,
    ArticlePage,
    CorpusEventPage,
    EventPage,
    Health,
    IngestRequest,
    IngestResult,
    QuotePage,
)
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
_LIST_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "Invalid parameter or cursor"},
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing or wrong X-API-Key"},
    403: {"model": ErrorBody, "description": "Writes disabled: no API key configured"},
    422: {"model": ErrorBody, "description": "Invalid body, or the article cannot be processed"},
}


def event_params(
    date_from: Annotated[
        str | None, Query(alias="from", description="on or after this day, YYYY-MM-DD")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", description="on or before this day, YYYY-MM-DD")
    ] = None,
    type: Annotated[
        str | None, Query(description=f"PLOVER event type: {', '.join(EVENT_TYPES)}")
    ] = None,
    modality: Annotated[str | None, Query(description=", ".join(MODALITIES))] = None,
    place: Annotated[str | None, Query(description="place name contains (any case)")] = None,
    bbox: Annotated[
        str | None,
        Query(
            description="min_lon,min_lat,max_lon,max_lat in degrees (min_lon > max_lon "
            "crosses the antimeridian)"
        ),
    ] = None,
    actor: Annotated[
        str | None, Query(description="a source or target actor's name contains (any case)")
    ] = None,
    source: Annotated[str | None, Query(description="outlet, case-insensitive")] = None,
    country: Annotated[
        str | None,
        Query(description="place country (ISO 3166 alpha-2) or actor country (alpha-3)"),
    ] = None,
) -> EventParams:
    """The event filters shared by /api/events and /api/articles."""
    return EventParams(date_from, date_to, type, modality, place, bbox, actor, source, country)


def _refused_read(request: Request, settings: Settings) -> Response | None:
    """The 401/403 answer to a read without the key, when reads are private; else None."""
    path = request.url.path
    if not settings.api_private_reads or not path.startswith("/api/") or path == "/api/health":
        return None
    if request.method not in {"GET", "HEAD"}:
        return None  # writes check the key themselves
    try:
        check_key(settings, request.headers.get("X-API-Key"))
    except ApiError as refused:
        return error_response(refused.status, refused.code, **refused.fields)
    return None


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

    def require_key(
        x_api_key: Annotated[
            str | None, Header(description="the server's API key (EVENTWIRE_API_KEY)")
        ] = None,
    ) -> None:
        # A dependency runs before the body is validated: no key, no word about the body.
        check_key(settings, x_api_key)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = _refused_read(request, settings) or await call_next(request)
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
        type: Annotated[str | None, Query(description="has an event of this PLOVER type")] = None,
        modality: Annotated[str | None, Query(description="has an event of this modality")] = None,
        place: Annotated[str | None, Query(description="has an event at a place named so")] = None,
        bbox: Annotated[
            str | None, Query(description="has an event inside min_lon,min_lat,max_lon,max_lat")
        ] = None,
        actor: Annotated[str | None, Query(description="has an event with this actor")] = None,
        country: Annotated[str | None, Query(description="has an event in this country")] = None,
        limit: Annotated[
            int, Query(ge=1, description=f"page size, capped at {max_page_size}")
        ] = DEFAULT_PAGE_SIZE,
        cursor: Annotated[str | None, Query(description="'next' of the previous page")] = None,
    ) -> ArticlePage:
        """Article summaries, in id order, or by relevance when ``q`` is given.

        ``from``/``to`` apply to the publication date; the event filters keep articles with at
        least one event matching all of them.
        """
        params = EventParams(None, None, type, modality, place, bbox, actor, None, country)
        events = listing.event_filter(params, dates=False)
        query = ArticleQuery(
            q=(q or "").replace("\x00", " ").strip() or None,
            date_from=parse_day("from", date_from),
            date_to=parse_day("to", date_to),
            source=(source or "").strip() or None,
            events=events if events.any else None,
        )
        return article_page(store, query, min(limit, max_page_size), cursor or None)

    @app.post(
        "/api/articles",
        tags=["articles"],
        responses=_WRITE_ERRORS,
        status_code=201,
        dependencies=[Depends(require_key)],
    )
    def post_article(article: IngestRequest, response: Response) -> IngestResult:
        """Ingest one article (``text`` or ``html``) through the pipeline and store it.

        Needs header ``X-API-Key`` equal to the server's ``api_key`` setting
        (``EVENTWIRE_API_KEY``): 401 without it or with a wrong one, 403 when the server has
        no key configured (writes disabled). Answers 201 with the record id, or 200 when the
        article was already stored.
        """
        result, new = ingest(store, settings, article)
        response.status_code = 201 if new else 200
        response.headers["Location"] = result.url
        return result

    @app.get("/api/events", tags=["events"], responses=_LIST_ERRORS)
    def list_events(
        params: Annotated[EventParams, Depends(event_params)],
        q: Annotated[
            str | None,
            Query(
                description=f"events of the articles matching this full-text query "
                f"(its best {MAX_SEARCH_HITS})"
            ),
        ] = None,
        article: Annotated[str | None, Query(description="events of this article only")] = None,
        limit: Annotated[
            int, Query(ge=1, description=f"page size, capped at {max_page_size}")
        ] = DEFAULT_PAGE_SIZE,
        cursor: Annotated[str | None, Query(description="'next' of the previous page")] = None,
    ) -> EventPage:
        """Events of all articles, each with its ``article`` id and title, in article order.

        ``from``/``to`` apply to the event's ``day``: its own date when that is a calendar
        day, else its article's publication date.
        """
        filters = listing.event_filter(params)
        text = (q or "").replace("\x00", " ").strip()
        hits = [hit.id for hit in store.search(text, MAX_SEARCH_HITS)] if text else None
        article_id = (article or "").strip() or None
        filters = dataclasses.replace(filters, articles=hits, article=article_id)
        return listing.event_page(store, filters, min(limit, max_page_size), cursor or None)

    @app.get("/api/corpus-events", tags=["events"], responses=_LIST_ERRORS)
    def list_corpus_events(
        params: Annotated[EventParams, Depends(event_params)],
        min_sources: Annotated[
            int | None,
            Query(ge=1, le=1_000_000, description="at least this many independent sources"),
        ] = None,
        article: Annotated[
            str | None, Query(description="corpus events with a report from this article")
        ] = None,
        id: Annotated[str | None, Query(description="only the corpus event with this id")] = None,
        limit: Annotated[
            int, Query(ge=1, description=f"page size, capped at {max_page_size}")
        ] = DEFAULT_PAGE_SIZE,
        cursor: Annotated[str | None, Query(description="'next' of the previous page")] = None,
    ) -> CorpusEventPage:
        """Real-world events merged across articles, by day: each lists its reports.

        ``from``/``to``, ``type``, ``place``, ``bbox``, ``actor`` and ``country`` apply to the
        merged event; ``modality``, ``source`` and ``article`` keep events with a matching
        report. ``n_sources`` counts independent sources (reports sharing an article, outlet
        or attributed speaker count once); ``disagreements`` names each field the reports
        differ on (killed, wounded, modality, date, place) with its values and their reports.
        """
        filters = listing.event_filter(params)
        filters = dataclasses.replace(filters, article=(article or "").strip() or None)
        return listing.corpus_page(
            store, filters, min(limit, max_page_size), cursor or None, min_sources, id
        )

    @app.get("/api/quotes", tags=["quotes"], responses=_LIST_ERRORS)
    def list_quotes(
        speaker: Annotated[
            str | None, Query(description="speaker name contains (any case)")
        ] = None,
        limit: Annotated[
            int, Query(ge=1, description=f"page size, capped at {max_page_size}")
        ] = DEFAULT_PAGE_SIZE,
        cursor: Annotated[str | None, Query(description="'next' of the previous page")] = None,
    ) -> QuotePage:
        """Quotes with their speakers, in article order."""
        return listing.quote_page(store, speaker, min(limit, max_page_size), cursor or None)

    @app.get("/api/actors", tags=["actors"], responses=_LIST_ERRORS)
    def list_actors(
        name: Annotated[str | None, Query(description="name contains (any case)")] = None,
        limit: Annotated[
            int, Query(ge=1, description=f"page size, capped at {max_page_size}")
        ] = DEFAULT_PAGE_SIZE,
        cursor: Annotated[str | None, Query(description="'next' of the previous page")] = None,
    ) -> ActorPage:
        """Actors (entity names) across the corpus, most articles first.

        An actor's ``id`` is its name; ``/api/actors/{id}`` takes it URL-encoded.
        """
        return listing.actor_page(store, name, min(limit, max_page_size), cursor or None)

    @app.get(
        "/api/actors/{actor_id:path}",
        tags=["actors"],
        responses={404: {"model": ErrorBody, "description": "No such actor"}},
    )
    def get_actor(
        actor_id: Annotated[str, Path(description="the actor's id (its name), URL-encoded")],
    ) -> ActorDetail:
        """The actor and the events it took part in (as a source or target), by day."""
        return listing.actor_detail(store, actor_id)

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        responses=_ERRORS,
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
