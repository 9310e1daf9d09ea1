"""How this project's frames hold text: pandas' `str` columns stored as Python strings, set once.

pandas 3 keeps `str` columns in Arrow by default. The figures group, index, compare and format
small frames (a ward's 100 pledges, its 3,600 schedule cells) many times, and on Arrow each of
those operations turned the column into Python objects again: a fifth of a fresh server's work
under ten sessions (bench/load_bench.py, profiled). The `str` dtype with Python storage has the
same meaning (a missing text is NaN, `str(dtype)` is "str") without that conversion.

Imported for its effect by the modules that make frames (loaders/frames.py, figures/codec.py), so
every process that holds a frame of a quarter has set it before the first one.
"""

from __future__ import annotations

import pandas as pd

STORAGE = "python"
pd.set_option("mode.string_storage", STORAGE)
