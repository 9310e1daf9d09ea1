"""Seoul's 25 자치구 as an inline SVG map coloured by 이행률: the published index and the dashboard's 자치구 비교.

One pure function (`seoul_map`) for both, so residents and officials see the same picture.
The boundaries are the packaged `figures/seoul-maps/seoul_municipalities_geo_simple.json`
(KOSTAT 2013 census boundaries via southkorea/seoul-maps, Apache-2.0; its notice is the
README beside it), read once per process. Nothing is fetched: no tiles, no other host.

The projection is equirectangular with longitude scaled by cos(latitude) at Seoul's middle:
over 30 km the error is far below a pixel, and rounding to whole units of a 600-wide view
box keeps the paths small (about 9 KB for the city). Colours are five classes of one hue
(ColorBrewer Blues: lightness alone carries the order, which every colour-vision deficiency
still reads); a ward without a figure is grey with hatching, so it differs by texture too.
Each ward is a link named for screen readers (`aria-label` and `<title>`: its name and
figure) and shows its figure under the map on hover and on keyboard focus, by CSS alone.
"""

from __future__ import annotations

import functools
import html
import json
import math
from collections.abc import Mapping
from pathlib import Path

from figures.colors import MAP_CLASSES, MAP_STROKE, MAP_TEXT, NO_RATE_FILL, ORANGE, PLAN_GREY

GEOJSON = Path(__file__).resolve().parent / "seoul-maps" / "seoul_municipalities_geo_simple.json"
WIDTH = 600
PAD = 6
#: (upper bound of the class, fill, legend text); a rate of exactly 100 falls in the last class
CLASSES: tuple[tuple[float, str, str], ...] = tuple(zip(
    (20, 40, 60, 80, math.inf), MAP_CLASSES, ("0~20%", "20~40%", "40~60%", "60~80%", "80~100%"), strict=True))
NO_DATA = "승인된 자료 없음"
#: the grey swatch's legend: a ward with a quarter but no 지표 has no rate either
NO_RATE = "이행률 없음 (자료나 지표가 없는 구)"
_FONT = "font-family:'Noto Sans KR','Malgun Gothic','Apple SD Gothic Neo',NanumGothic,sans-serif"


@functools.cache
def ward_paths() -> tuple[dict[str, str], int]:
    """Each ward's SVG path in view-box units, and the map's height: projected once per process."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    rings: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings[feature["properties"]["name"]] = [ring for polygon in polygons for ring in polygon]
    points = [p for ward in rings.values() for ring in ward for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * PAD) / ((east - west) * squeeze)

    def ring_path(ring: list[tuple[float, float]]) -> str:
        moved: list[tuple[int, int]] = []
        for lon, lat in ring:
            point = (round(PAD + (lon - west) * squeeze * scale), round(PAD + (north - lat) * scale))
            if not moved or moved[-1] != point:
                moved.append(point)
        return "M" + " ".join(f"{x} {y}" for x, y in moved) + "Z"

    paths = {name: "".join(ring_path(r) for r in ward) for name, ward in rings.items()}
    return paths, round(2 * PAD + (north - south) * scale)


def ward_names() -> list[str]:
    """The 25 자치구, in the order of the boundary file."""
    return list(ward_paths()[0])


def fill_for(rate: float | None) -> str:
    """The class colour of a rate; None (no approved quarter, or no 지표): the hatched grey."""
    if rate is None or rate != rate:
        return "url(#seoul-map-none)"
    return next(colour for bound, colour, _ in CLASSES if rate < bound)


def _style() -> str:
    # scoped to the map's class: the published site and the dashboard both show it as it is
    return (
        "<style>"
        f".seoul-map .ward path{{stroke:{MAP_STROKE};stroke-width:1;stroke-linejoin:round}}"
        f".seoul-map .ward:hover path,.seoul-map .ward:focus path{{stroke:{ORANGE};stroke-width:4}}"
        ".seoul-map .ward:focus{outline:none}"
        f".seoul-map text{{{_FONT};fill:{MAP_TEXT}}}"
        ".seoul-map .tip{visibility:hidden;font-size:26px;font-weight:700;pointer-events:none}"
        ".seoul-map .ward:hover+.tip,.seoul-map .ward:focus+.tip{visibility:visible}"
        f".seoul-map .hint{{font-size:22px;fill:{MAP_STROKE}}}"
        ".seoul-map .ward:hover~.hint,.seoul-map .ward:focus~.hint{visibility:hidden}"
        ".seoul-map .legend text{font-size:22px}"
        "</style>"
    )


def _legend(top: int) -> str:
    """The five classes in two rows of three under the map, the no-rate swatch below them: every label
    has room at 22 units (13 px on a 390 px phone)."""
    step = (WIDTH - 2 * PAD) / 3
    parts = []
    classes = [(colour, text) for _, colour, text in CLASSES]
    rows = [classes[:3], classes[3:], [("url(#seoul-map-none)", NO_RATE)]]
    for r, row in enumerate(rows):
        for c, (colour, text) in enumerate(row):
            x, y = round(PAD + c * step), top + 32 * r
            parts.append(f'<rect x="{x}" y="{y}" width="22" height="22" fill="{colour}" stroke="{MAP_STROKE}"/>'
                         f'<text x="{x + 28}" y="{y + 19}">{text}</text>')
    return f'<g class="legend" aria-hidden="true">{"".join(parts)}</g>'


def seoul_map(values: Mapping[str, tuple[float | None, str]], hrefs: Mapping[str, str], *,
              title: str = "서울특별시 25개 자치구의 구 이행률 지도", missing: str = NO_DATA) -> str:
    """The map as SVG text.

    `values`: ward → (이행률 or None, the label read with its name, e.g. `구 이행률 75.0% (2020. 12. 31.
    기준)`); a ward missing from it reads `missing` (the legend's grey swatch says the same). `hrefs`: ward → the link of its page
    (a ward without one is drawn, named, but not a link). Every text is escaped here.
    """
    paths, height = ward_paths()
    tip_y, legend_y = height + 32, height + 56
    body = []
    for ward, d in paths.items():
        rate, label = values.get(ward, (None, missing))
        name = html.escape(f"{ward} {label}")
        shape = f"<title>{name}</title><path d=\"{d}\" fill=\"{fill_for(rate)}\"/>"
        # the readout is the shape's next sibling, not inside it: a link's box stays the ward's own
        tip = f'<text class="tip" x="{PAD}" y="{tip_y}" aria-hidden="true">{name}</text>'
        href = hrefs.get(ward)
        if href:
            body.append(f'<a class="ward" href="{html.escape(href)}" aria-label="{name}">{shape}</a>{tip}')
        else:
            body.append(f'<g class="ward" role="img" aria-label="{name}">{shape}</g>{tip}')
    hint = f'<text class="hint" x="{PAD}" y="{tip_y}" aria-hidden="true">구를 가리키거나 선택하면 이행률이 보입니다</text>'
    return (
        f'<svg class="seoul-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {legend_y + 92}" '
        f'role="group" aria-label="{html.escape(title)}">{_style()}'
        '<defs><pattern id="seoul-map-none" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{NO_RATE_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{PLAN_GREY}" stroke-width="3"/></pattern></defs>'
        f'{"".join(body)}{hint}{_legend(legend_y)}</svg>'
    )
