"""One home for every colour (issue 28): figures/colors.py, and the site's and the dashboard's own
stylesheets and scripts use only colours it names."""

from __future__ import annotations

import re
from pathlib import Path

from figures import colors

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ["store", "figures", "documents", "dashboard", "cli"]
#: a colour written in code: #RRGGBB, a bare RRGGBB string with a letter in it, rgb()/rgba()
PYTHON_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|[\"'](?=[0-9A-Fa-f]{0,5}[A-Fa-f])[0-9A-Fa-f]{6}[\"']|rgba?\(\s*\d")
WEB_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b|rgba?\([^)]*\)")
ASSETS = [*(ROOT / "documents" / "site" / "assets").glob("*.css"), *(ROOT / "documents" / "site" / "assets").glob("*.js"),
          *(ROOT / "dashboard" / "static").glob("*.css"), *(ROOT / "dashboard" / "static").glob("*.js")]


def _normal(colour: str) -> str:
    colour = colour.strip().upper().replace(" ", "")
    if re.fullmatch(r"#[0-9A-F]{3}", colour):
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour


def _palette() -> set[str]:
    named = set()
    for value in vars(colors).values():
        items = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
        named |= {_normal(v) for v in items if isinstance(v, str) and WEB_COLOUR.fullmatch(v.strip())}
    return named


def test_no_module_but_figures_colors_names_a_colour():
    found = []
    for room in ROOMS:
        for path in sorted((ROOT / room).rglob("*.py")):
            if "migrations" in path.parts or path == ROOT / "figures" / "colors.py":
                continue
            found += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                      if PYTHON_COLOUR.search(line)]
    assert found == []


def test_the_stylesheets_and_scripts_use_only_the_palettes_colours():
    palette = _palette()
    assert {"#0072B2", "#1F3864", "#DCE6F0", "RGBA(49,51,63,0.6)"} <= palette
    stray = {f"{path.relative_to(ROOT)}: {c}" for path in ASSETS for c in WEB_COLOUR.findall(path.read_text("utf-8"))
             if _normal(c) not in palette}
    assert stray == set()


def test_every_custom_property_the_site_reads_is_written_from_the_palette():
    css = (ROOT / "documents" / "site" / "assets" / "site.css").read_text("utf-8")
    used = set(re.findall(r"var\(--([a-z-]+)\)", css))
    assert used and used <= set(colors.SITE)
    assert colors.site_variables().startswith(":root { --text: #1A1A1A;")


def test_the_forms_renderers_need():
    assert colors.hex6(colors.HEADER_FILL) == "DCE6F0"
    assert colors.rgb(colors.NAVY) == (31, 56, 100)
