"""Every colour the tool shows, defined once: charts, documents (PDF, Excel, 한글), the map and the site.

The palette is Okabe–Ito: its hues stay distinct for the common colour-vision deficiencies
(deuteranopia, protanopia), and blue and vermillion differ in lightness as well as hue. Statuses
and funding sources take their colours from here (`figures.status`); series without a fixed
meaning (pledges on 변화's lines, groups on the achievements timeline) cycle through `PALETTE`;
anything unknown is `FALLBACK_COLOR`. The map's classes are ColorBrewer's Blues. The documents'
navy and fills, the Excel header fill and the site's colours are here too: the site's CSS reads
them as custom properties written from `site_variables`, and its script from `site_palette`
(tests/test_colours.py checks that no other module, stylesheet or script names a colour).

Colours are `#RRGGBB`; `hex6` gives openpyxl's form and `rgb` fpdf2's.
"""

from __future__ import annotations

# --- Okabe–Ito -----------------------------------------------------------------------------------
BLUE = "#0072B2"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#7F7F7F"
LIGHT_GREY = "#CCCCCC"
#: a colour for a name no mapping knows (a status or source outside the spec's sets)
FALLBACK_COLOR = "#999999"
#: series without a fixed meaning, in this order
PALETTE: tuple[str, ...] = (BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, ORANGE, FALLBACK_COLOR)

# --- neutrals -------------------------------------------------------------------------------------
WHITE = "#FFFFFF"
BLACK = "#000000"
TRANSPARENT = "rgba(255,255,255,0)"
#: chart text, its quieter notes, the faint grid and the dashed 기준일 line
TEXT_COLOR = "#222222"
MUTED_COLOR = "#666666"
GRID_COLOR = "#E6E6E6"
AS_OF_COLOR = "#333333"
#: the ward's own line on 변화 (thick and near black), pledges in grey when too many to colour
WARD_LINE = "#111111"
PLEDGE_GREY = "#B8B8B8"
#: the 계획 path, and the hatching of a ward without a rate on the map
PLAN_GREY = "#8C8C8C"
#: targets, year lines of the Gantt, money not given a source (미지정)
LINE_GREY = "#BBBBBB"
QUARTER_LINE = "#EEEEEE"
#: the timeline's minor grid and the documents' group rows
FAINT_FILL = "#F2F2F2"
#: 계획 · 확보 · 집행: the plan's pale bar and the spent money's dark one (secured is BLUE)
PLAN_FILL = "#C9DDEF"
SPENT_COLOR = "#00405F"

# --- documents (PDF, Excel, 한글) ------------------------------------------------------------------
#: the card's and the report's headings and title bars
NAVY = "#1F3864"
#: every table's header cells, in the documents and in each Excel download
HEADER_FILL = "#DCE6F0"
GROUP_FILL = FAINT_FILL
#: a scheduled quarter on the card's grid, the 기준일's quarter, and its tint
SCHEDULED_FILL = "#4A7EBB"
AS_OF_FILL = VERMILLION
AS_OF_TINT = "#FBE3D6"
#: notes and captions, and the thin rules between blocks
DOCUMENT_MUTED = "#555555"
DOCUMENT_RULE = "#A0A0A0"

# --- Seoul's map (figures/seoul_map.py) ----------------------------------------------------------------
MAP_CLASSES: tuple[str, ...] = ("#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")
MAP_TEXT = "#1A1A1A"
MAP_STROKE = "#4A4A4A"
NO_RATE_FILL = "#D9D9D9"

# --- the residents' site (documents/site) ------------------------------------------------------------
#: colours that meet WCAG AA contrast on white
SITE: dict[str, str] = {
    "text": MAP_TEXT, "muted": MAP_STROKE, "line": "#C8C8C8", "link": "#0B5394", "accent": "#004B87",
    "head-fill": "#EEF3F8", "focus": ORANGE, "notice-fill": "#FFF8E6", "paper": WHITE,
    "status-done": "#004B87", "status-ok": "#1E6B3A", "status-late": "#A01C00", "status-hold": "#7A4A00",
    "status-none": MAP_STROKE,
}
#: Streamlit's own caption colour, for the Korean text the dashboard puts in its file uploader
STREAMLIT_CAPTION = "rgba(49, 51, 63, 0.6)"


def hex6(colour: str) -> str:
    """`DCE6F0`: openpyxl's form."""
    return colour.lstrip("#").upper()


def rgb(colour: str) -> tuple[int, int, int]:
    """(220, 230, 240): fpdf2's form."""
    value = hex6(colour)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def site_variables() -> str:
    """The site's colours as CSS custom properties (`:root { --text: #1A1A1A; … }`), for its pages' heads."""
    return ":root { " + " ".join(f"--{name}: {colour};" for name, colour in SITE.items()) + " }"


def site_palette(source_colors: dict[str, str]) -> dict[str, object]:
    """What the site's chart script draws with: text, grid, 기준일 line, bars, series and the sources'."""
    return {"text": MAP_TEXT, "grid": GRID_COLOR, "asOf": AS_OF_COLOR, "bar": BLUE, "paper": WHITE,
            "series": list(PALETTE), "sources": dict(source_colors)}
