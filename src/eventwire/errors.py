"""The catalogue of eventwire's errors and warnings.

Every message a user can see lives here with a stable code. Input errors (``E1xx``) are
per-input: the batch records them and goes on. Store errors are ``E3xx``, usage errors
``E0xx``, REST API errors ``E4xx`` (numbered in sequence, not HTTP statuses: the API maps
each to its status in one place). Warnings (``W2xx``) become notes on a record rather than
failures.
"""

from __future__ import annotations

from enum import Enum


class Code(Enum):
    """Stable message codes; the text is a format string filled by :func:`message`."""

    # usage
    E001 = "no input paths given"
    E002 = "invalid publication date {value!r}: expected YYYY-MM-DD"
    E003 = "no article with id {id!r} in the store"
    E004 = "unknown output format {value!r}: expected one of {options}"
    E005 = "no event {event!r} in article {article!r}; its events are: {options}"
    E006 = "no such file {path!r}"
    E007 = "a parquet export needs a file: give -o PATH"
    E008 = "the ray engine needs Ray: pip install 'eventwire[ray]' ({reason})"
    E009 = "the ray engine reads files and folders, not standard input ('-')"
    E010 = "--out {path!r} is for the ray engine: add --engine ray"
    E011 = (
        "--out {path!r} holds the output of pipeline {found}, not {expected}: "
        "give a new folder for this pipeline version"
    )
    E012 = (
        "--reprocess replaces records in the store; a Parquet folder (--out) holds one "
        "pipeline version: give a new folder to extract again"
    )
    E013 = "cannot use --out {path!r} as the Parquet output folder: {reason}"
    E014 = "invalid setting {name}={value!r}: {reason}"
    # per-input
    E101 = "no such file or directory"
    E102 = "empty input"
    E103 = "binary content, not text ({reason})"
    E104 = "too large: {size} exceeds the limit of {limit} (setting {setting})"
    E105 = "cannot decode the text: {reason}"
    E106 = "malformed feed: {reason}"
    E107 = "malformed JSON on line {line}: {reason}"
    E108 = "no article text found in the page"
    E109 = "malformed WARC: {reason}"
    E110 = "cannot read: {reason}"
    E111 = "pattern matched no files"
    E112 = "article processing failed: {reason}"
    E113 = "invalid field {field!r} on line {line}: {reason}"
    E114 = "unexpected failure in the {kind} reader: {reason}"
    # store
    E301 = "cannot open the database {url}: {reason}"
    E302 = "database schema is newer than this eventwire ({found} > {expected})"
    E303 = "database error, nothing of the failed transaction was stored: {reason}"
    # REST API
    E401 = "invalid {param}: {reason}"
    E402 = "invalid cursor: pass the 'next' value of a previous page of the same query unchanged"
    E403 = "no endpoint {path!r}: the API lives under /api/ (see /openapi.json)"
    E404 = "method {method} not allowed on {path!r}"
    E405 = "internal error ({kind}); the server log has the details"
    E406 = "cannot listen on {host}:{port}: {reason}"
    E407 = "request refused: {detail}"
    E408 = "writes are disabled: no API key is configured (set EVENTWIRE_API_KEY, restart)"
    E409 = "missing or wrong X-API-Key header"
    E410 = "no actor named {name!r} (ids are names as /api/actors lists them)"
    E411 = "server worker process {pid} did not start (exit code {status}); see its error above"
    # warnings that become notes on a record
    W201 = "language {language!r} is not English: English extractors skipped"
    W202 = "no publication date: relative time expressions are left unresolved"
    W203 = "text truncated to {limit} characters for parsing"


def message(code: Code, **fields: object) -> str:
    """The message text of ``code`` with its fields filled in, prefixed by the code."""
    return f"{code.name} {code.value.format(**fields)}"


class EventwireError(Exception):
    """Base class: carries a catalogue code and its formatted message."""

    def __init__(self, code: Code, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(message(code, **fields))

    def __reduce__(self) -> tuple[object, ...]:
        # Failures travel to and from `ingest --workers` processes; the default pickling would
        # call the class with the message alone.
        return (_rebuild, (type(self), self.code, self.fields))


def _rebuild(cls: type[EventwireError], code: Code, fields: dict[str, object]) -> EventwireError:
    return cls(code, **fields)


class InputError(EventwireError):
    """One input (file, feed entry, JSONL line, WARC record) could not become an article."""


class UsageError(EventwireError):
    """The command was called wrongly; the CLI exits with status 2."""


class StoreError(EventwireError):
    """The database could not be opened or is incompatible."""
