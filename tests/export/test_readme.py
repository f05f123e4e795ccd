"""The package README documents every column an export writes."""

from __future__ import annotations

from importlib import resources

import pytest

from eventwire.export import TABLES, acled, gdelt


def _readme() -> str:
    return resources.files("eventwire.export").joinpath("README.md").read_text("utf-8")


@pytest.mark.parametrize(
    "columns",
    [
        pytest.param(gdelt.COLUMNS, id="gdelt"),
        pytest.param(acled.COLUMNS, id="acled"),
        *(pytest.param(table.header, id=name) for name, table in TABLES.items()),
    ],
)
def test_readme_documents_every_column(columns: list[str]) -> None:
    readme = _readme()
    # Grouped GDELT columns ("Actor1Geo_*", "Actor2Code … Actor2Type3Code") count as documented.
    grouped = {"Actor1Geo_", "Actor2Geo_", "Actor2"}
    missing = [
        name
        for name in columns
        if f"`{name}`" not in readme
        and not any(name.startswith(prefix) for prefix in grouped if f"`{prefix}" in readme)
    ]
    assert missing == []
