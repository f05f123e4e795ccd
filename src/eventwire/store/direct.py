"""Statements run on the driver's cursor, for the few a store put runs per report.

SQLAlchemy's execution path costs about 50 µs a statement on top of SQLite's own 10 (measured
on the corpus candidate query), and corpus merging runs three or four statements for every
new report. A :class:`Direct` statement is compiled by SQLAlchemy once per dialect and then
handed to the DBAPI cursor of the caller's connection, inside its transaction.

Only for statements whose parameters and columns need no conversion by SQLAlchemy's types
(text, integers, floats, booleans): the driver receives the values as given and rows come
back as the driver returns them.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler


class Direct:
    """``statement`` compiled once per dialect and run on the driver's cursor.

    ``columns`` names the columns an INSERT or UPDATE sets (each a parameter of that name);
    parameters not given at execution keep the statement's own values (a LIMIT).
    """

    def __init__(self, statement: ClauseElement, columns: Sequence[str] | None = None) -> None:
        self.statement = statement
        self.columns = list(columns) if columns is not None else None
        self._compiled: dict[str, tuple[str, list[str] | None, dict[str, Any]]] = {}
        self._row_types: dict[tuple[str, ...], Any] = {}

    def _sql(self, dialect: Dialect) -> tuple[str, list[str] | None, dict[str, Any]]:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect, column_keys=self.columns)
            # Positional paramstyles (SQLite's qmark) name the parameters in order; named
            # ones (psycopg's pyformat) take a mapping.
            order = compiled.positiontup if isinstance(compiled, SQLCompiler) else None
            found = (str(compiled), list(order) if order is not None else None, compiled.params)
            self._compiled[dialect.name] = found
        return found

    def _values(self, connection: Connection, params: Mapping[str, Any]) -> tuple[str, Any]:
        sql, order, defaults = self._sql(connection.dialect)
        values = {**defaults, **params}
        return sql, [values[name] for name in order] if order is not None else values

    def _cursor(self, connection: Connection) -> Any:
        return connection.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def rows(self, connection: Connection, params: Mapping[str, Any]) -> list[Any]:
        """The rows the query returns, as named tuples of its columns."""
        sql, values = self._values(connection, params)
        cursor = self._cursor(connection)
        try:
            cursor.execute(sql, values)
            names = tuple(column[0] for column in cursor.description)
            row_type = self._row_types.get(names)
            if row_type is None:
                row_type = self._row_types[names] = namedtuple("Row", names)
            return [row_type(*row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def run(self, connection: Connection, params: Mapping[str, Any]) -> None:
        """Execute the statement once."""
        sql, values = self._values(connection, params)
        cursor = self._cursor(connection)
        try:
            cursor.execute(sql, values)
        finally:
            cursor.close()

    def run_many(self, connection: Connection, params: Sequence[Mapping[str, Any]]) -> None:
        """Execute the statement once for each of ``params`` (one driver call)."""
        if not params:
            return
        converted = [self._values(connection, p) for p in params]
        cursor = self._cursor(connection)
        try:
            cursor.executemany(converted[0][0], [values for _, values in converted])
        finally:
            cursor.close()
