"""The site's repeated HTML pieces (a data table, a status badge) written in Python.

A city's publication renders some 20,000 pages, most of them tables; as Jinja2 macros the
tables cost a Python call and a markupsafe escape per cell, and were the largest part of
rendering. Here each cell is escaped once with `html.escape`. The output is the same HTML
the macros wrote: a focusable, labelled scroll region around a captioned table whose first
cell of each row is its row header.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from markupsafe import Markup

STATUS_CLASSES = {"완료": "done", "정상": "ok", "지연": "late", "보류": "hold", "폐기": "hold"}


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def status(value: object) -> Markup:
    """A status as a coloured badge that also says the status in words (colour is never the only cue)."""
    return Markup(f'<span class="status status-{STATUS_CLASSES.get(str(value), "none")}">{_text(value)}</span>')


def table(caption: str, columns: Sequence[str], rows: Iterable[Sequence[object]],
          numeric: Sequence[int] = ()) -> Markup:
    """A captioned table in a focusable scroll region; columns at `numeric` positions align right."""
    label = _text(caption)
    head = "".join(f'<th scope="col">{_text(c)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = [f'<th scope="row">{_text(row[0])}</th>'] if row else []
        cells += [f'<td class="num">{_text(cell)}</td>' if i in numeric else f"<td>{_text(cell)}</td>"
                  for i, cell in enumerate(row) if i]
        body.append(f"<tr>{''.join(cells)}</tr>\n")
    return Markup(f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}">\n<table>\n'
                  f"<caption>{label}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{''.join(body)}"
                  "</tbody>\n</table>\n</div>")
