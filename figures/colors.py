"""Every colour the charts and documents use, defined once.

The palette is Okabe–Ito: its hues stay distinct for the common colour-vision
deficiencies (deuteranopia, protanopia), and blue and vermillion differ in lightness as
well as hue. Statuses and funding sources take their colours from here
(`figures.status`); series without a fixed meaning (pledges on 변화's lines, groups on the
achievements timeline) cycle through `PALETTE`; anything unknown is `FALLBACK_COLOR`.
"""

from __future__ import annotations

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
