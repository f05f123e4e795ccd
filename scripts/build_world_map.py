"""Build the web UI's world map from world-atlas's TopoJSON: one SVG path per country.

Usage (the map is committed; run this only to rebuild it)::

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/build_world_map.py /tmp/package/countries-110m.json \\
        src/eventwire/web/static/world.json

world-atlas (ISC licence, Copyright 2013-2019 Michael Bostock) ships Natural Earth's 1:110m
boundaries as TopoJSON. The output is an equirectangular projection in a 360 x 180 view box
(x = lon + 180, y = 90 - lat), so the UI places an event at the same formula with no
projection code of its own.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any

Point = tuple[float, float]
# 0.1 degree is finer than the 1:110m source resolves, and keeps the file small.
DECIMALS = 1


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The arcs as lists of (lon, lat): TopoJSON stores them quantized and delta-encoded."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    """A closed ring from arc indexes; a negative index ~i is arc i reversed."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point; keep it once.
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """The polygons (each a list of rings of arc indexes) of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def wrapped(points: list[Point]) -> list[list[Point]]:
    """A ring as drawable rings: one crossing the antimeridian becomes two clipped copies.

    A ring that jumps between -180 and 180 an even number of times (Fiji, Chukotka) is made
    continuous in longitude and drawn twice, 360 degrees apart, so the view box clips each
    copy at the map's edge instead of a line striping the whole map. A single jump is a ring
    around a pole (Antarctica), which the flat map closes along its edge: left as it is.
    """
    jumps = sum(1 for a, b in itertools.pairwise(points) if abs(b[0] - a[0]) > 180)
    if jumps == 0 or jumps % 2:
        return [points]
    unwrapped = [points[0]]
    shift = 0.0
    for (lon0, _), (lon1, lat1) in itertools.pairwise(points):
        if lon1 - lon0 > 180:
            shift -= 360
        elif lon0 - lon1 > 180:
            shift += 360
        unwrapped.append((lon1 + shift, lat1))
    offset = 360.0 if min(lon for lon, _ in unwrapped) < -180 else -360.0
    return [unwrapped, [(lon + offset, lat) for lon, lat in unwrapped]]


def path_data(rings: list[list[Point]]) -> str:
    """SVG path data for ``rings`` projected into the 360 x 180 box, in relative moves."""
    parts: list[str] = []
    for points in (drawn for r in rings for drawn in wrapped(r)):
        projected = [
            (round(lon + 180, DECIMALS), round(90 - lat, DECIMALS)) for lon, lat in points
        ]
        # Drop points that round onto their predecessor: they add bytes and nothing visible.
        kept = [p for n, p in enumerate(projected) if n == 0 or p != projected[n - 1]]
        if len(kept) < 3:
            continue
        commands = [f"M{_num(kept[0][0])} {_num(kept[0][1])}"]
        for (x0, y0), (x1, y1) in itertools.pairwise(kept):
            commands.append(f"l{_num(x1 - x0)} {_num(y1 - y0)}")
        parts.append("".join(commands) + "z")
    return "".join(parts)


def _num(value: float) -> str:
    text = f"{round(value, DECIMALS):.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def build(topology: dict[str, Any]) -> dict[str, Any]:
    """The map document the UI loads: a view box and one named path per country."""
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = [ring(arcs, r) for polygon in polygons(geometry) for r in polygon]
        d = path_data(rings)
        if d:
            name = (geometry.get("properties") or {}).get("name", "")
            countries.append({"id": str(geometry.get("id", "")), "name": name, "d": d})
    return {
        "source": "world-atlas 2.0.2 (npm), countries-110m.json: Natural Earth 1:110m "
        "boundaries; ISC licence, Copyright 2013-2019 Michael Bostock",
        "projection": "equirectangular: x = lon + 180, y = 90 - lat",
        "viewBox": [0, 0, 360, 180],
        "countries": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("output", type=Path, help="where to write the map JSON")
    args = parser.parse_args()
    document = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.output.write_text(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{args.output}: {len(document['countries'])} countries")


if __name__ == "__main__":
    main()
