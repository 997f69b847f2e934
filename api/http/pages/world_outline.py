"""Builds static/world.json, the map's country outlines, from Natural Earth's 1:110m countries.

The outlines ship with the service (no tile server, no download at run time). They were made
once from the copy of Natural Earth (public domain) that the geopandas 0.14 wheel carries,
read with pyshp; rerun to rebuild them:

    pip download --no-deps geopandas==0.14.4 pyshp && unzip geopandas-0.14.4-*.whl
    python -m api.http.pages.world_outline geopandas/datasets/naturalearth_lowres/naturalearth_lowres

Projection: plate carrée (x = longitude, y = -latitude, in degrees), the same the map's
script uses for places.
"""

from __future__ import annotations

import json
import sys
from itertools import pairwise
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "static" / "world.json"


def ring_path(points: list[tuple[float, float]]) -> str:
    """An SVG path for one ring, in degrees with one decimal (about 10 km at this scale)."""
    steps = [f"{lon:.1f} {-lat:.1f}" for lon, lat in points]
    return "M" + "L".join(steps) + "Z"


def country_path(shape: object) -> str:
    points: list[tuple[float, float]] = shape.points  # type: ignore[attr-defined]
    starts = [*shape.parts, len(points)]  # type: ignore[attr-defined]
    return "".join(ring_path(points[a:b]) for a, b in pairwise(starts))


def main(shapefile_path: str) -> None:
    import shapefile  # pyshp: only needed to rebuild the outlines

    reader = shapefile.Reader(shapefile_path)
    countries = [
        {"iso": record["iso_a3"], "name": record["name"], "d": country_path(shape)}
        for shape, record in zip(reader.shapes(), reader.records(), strict=True)
    ]
    body = {
        "source": "Natural Earth 1:110m admin 0 countries (public domain), via geopandas 0.14",
        "projection": "plate carree: x = longitude, y = -latitude, degrees",
        "countries": countries,
    }
    OUTPUT.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")))
    print(f"{len(countries)} countries written to {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
