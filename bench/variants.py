"""A robustness corpus for the loader, built from a sample workbook without network or LibreOffice.

Each variant rewrites the zip parts of `data/영등포구_2020-12-31.xlsx` into a
form real offices upload: Strict Open XML, formulas whose saved result is "",
Gantt bars drawn with pattern fills or conditional formatting, a 50,000-row
sheet beside the six, one 1 MB text referenced 4,000 times, a pivot cache,
an odd style part, a hidden older copy of a sheet, hidden rows, amounts typed as
text, the forms Excel and LibreOffice save (bench/generators.py), a .csv and an .ods. tests/loaders/test_variants.py reads every one and asserts the outcome.

    python bench/variants.py OUT_DIR      # writes the corpus, prints the file sizes
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from bench.generators import add_part, excel_form, libreoffice_form

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "영등포구_2020-12-31.xlsx"
TRANSITIONAL = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_TRANSITIONAL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
SCHEDULE = "xl/worksheets/sheet3.xml"  # 추진일정 in the samples (the template writer's order)
PLEDGES = "xl/worksheets/sheet2.xml"  # 공약
OVERVIEW = "xl/worksheets/sheet1.xml"  # 개요
EXTRA_ROWS = 50_000

Parts = dict[str, bytes]


def _parts(data: bytes) -> tuple[list[zipfile.ZipInfo], Parts]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive.infolist(), {i.filename: archive.read(i.filename) for i in archive.infolist()}


def _zip(parts: Parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _insert_before(xml: bytes, candidates: tuple[bytes, ...], piece: bytes) -> bytes:
    """Put `piece` before the first of `candidates` present (schema order), else before the end."""
    for tag in candidates:
        at = xml.find(tag)
        if at >= 0:
            return xml[:at] + piece + xml[at:]
    at = xml.rfind(b"</worksheet>")
    return xml[:at] + piece + xml[at:]


def _add_sheet(parts: Parts, name: str, title: str, rel_id: str, *, before: str | None = None,
               state: str = "visible") -> None:
    assert name not in parts, f"{name} is a sheet of the workbook already"  # the template's sheets grow
    add_part(parts, name, parts.pop("__sheet__"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml", "worksheet", rel_id)
    entry = (f'<sheet xmlns:r="{REL_TRANSITIONAL}" name="{escape(title)}" sheetId="{90 + len(parts)}" '
             f'state="{state}" r:id="{rel_id}"/>').encode()
    book = parts["xl/workbook.xml"]
    at = book.find(f'<sheet xmlns:r="{REL_TRANSITIONAL}" name="{before}"'.encode()) if before else -1
    at = at if at >= 0 else book.find(b"</sheets>")
    parts["xl/workbook.xml"] = book[:at] + entry + book[at:]


def _marks_to_shading_only(parts: Parts) -> None:
    """Drop the ● of the Gantt cells, so only their fill says which quarters are scheduled."""
    parts[SCHEDULE] = re.sub(
        rb'<c r="([C-Z][0-9]+)" s="(\d+)" t="inlineStr"><is><t>(?:\xe2\x97\x8f|&#9679;)</t></is></c>',
        rb'<c r="\1" s="\2"/>',
        parts[SCHEDULE],
    )


def _pattern(kind: str) -> Callable[[Parts], None]:
    def change(parts: Parts) -> None:
        _marks_to_shading_only(parts)
        styles = parts["xl/styles.xml"]
        parts["xl/styles.xml"] = styles.replace(
            b'<patternFill patternType="solid"><fgColor rgb="FF4472C4"/>',
            f'<patternFill patternType="{kind}"><fgColor rgb="FF4472C4"/>'.encode(),
        )
    return change


def strict(parts: Parts) -> None:
    for name, data in list(parts.items()):
        if name.endswith((".xml", ".rels")):
            data = data.replace(TRANSITIONAL.encode(), STRICT.encode())
            parts[name] = data.replace(REL_TRANSITIONAL.encode(), REL_STRICT.encode())
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<workbook ", b'<workbook conformance="strict" ', 1
    )


def _empty_formula(empty_value: bytes) -> Callable[[Parts], None]:
    def change(parts: Parts) -> None:
        cell = b'<c r="Z1" t="str"><f>IF(A1="","",A1)</f>' + empty_value + b"</c>"
        parts[PLEDGES] = parts[PLEDGES].replace(b"</row>", cell + b"</row>", 1)
    return change


def conditional(parts: Parts) -> None:
    """The Gantt drawn by a conditional format only: no ●, no fill of its own."""
    _marks_to_shading_only(parts)
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(
        b'<patternFill patternType="solid"><fgColor rgb="FF4472C4"/></patternFill>', b"<patternFill/>"
    ).replace(
        b"<tableStyles",
        b'<dxfs count="1"><dxf><fill><patternFill><bgColor rgb="FF4472C4"/></patternFill></fill></dxf></dxfs>'
        b"<tableStyles",
        1,
    )
    rule = (b'<conditionalFormatting sqref="C3:V5"><cfRule type="expression" dxfId="0" priority="1">'
            b"<formula>AND(C$2&gt;=1,$B3&lt;&gt;\"\")</formula></cfRule></conditionalFormatting>")
    parts[SCHEDULE] = _insert_before(
        parts[SCHEDULE], (b"<dataValidations", b"<hyperlinks", b"<printOptions", b"<pageMargins"), rule
    )


def _shared_strings(strings: list[str]) -> bytes:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return (f'<sst xmlns="{TRANSITIONAL}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            f"{items}</sst>").encode()


def _sheet(rows: bytes) -> bytes:
    return f'<worksheet xmlns="{TRANSITIONAL}"><sheetData>'.encode() + rows + b"</sheetData></worksheet>"


def big_extra_sheet(parts: Parts) -> None:
    """A 50,000-row 원자료 sheet (numbers and 50,000 distinct texts) beside the six."""
    strings = [f"원자료 항목 {n:06d} 세부 설명 {n * 7919 % 100_003}" for n in range(EXTRA_ROWS)]
    columns = [bytes([letter]) for letter in b"BCDEFGHIJKL"]
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c>' % (n, n, n - 1)
        + b"".join(b'<c r="%s%d"><v>%d.%d</v></c>' % (col, n, n * k, k) for k, col in enumerate(columns))
        + b"</row>"
        for n in range(1, EXTRA_ROWS + 1)
    )
    parts["__sheet__"] = _sheet(rows)
    _add_sheet(parts, "xl/worksheets/sheet90.xml", "원자료", "rId90")
    add_part(parts, "xl/sharedStrings.xml", _shared_strings(strings),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
              "sharedStrings", "rId91")


def one_mb_string(parts: Parts) -> None:
    """개요 column A: 4,000 cells referring to the same 1 MB shared string."""
    text = "가나다라마바사 " * (1024 * 1024 // 22)
    refs = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n) for n in range(20, 4020))
    parts[OVERVIEW] = parts[OVERVIEW].replace(b"</sheetData>", refs + b"</sheetData>")
    add_part(parts, "xl/sharedStrings.xml", _shared_strings([text]),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
              "sharedStrings", "rId91")


def pivot_cache(parts: Parts) -> None:
    """A pivot cache over 공약 (with records) that no part of the loader needs."""
    definition = (
        f'<pivotCacheDefinition xmlns="{TRANSITIONAL}" xmlns:r="{REL_TRANSITIONAL}" r:id="rId1" '
        'refreshOnLoad="1" recordCount="1" createdVersion="8" refreshedVersion="8" minRefreshableVersion="3">'
        '<cacheSource type="worksheet"><worksheetSource ref="A1:B2" sheet="공약"/></cacheSource>'
        '<cacheFields count="2"><cacheField name="공약번호" numFmtId="0"><sharedItems containsSemiMixedTypes="0" '
        'containsString="0" containsNumber="1" containsInteger="1" minValue="25" maxValue="25"/></cacheField>'
        '<cacheField name="공약명" numFmtId="0"><sharedItems/></cacheField></cacheFields>'
        '<extLst><ext uri="{725AE2AE-9491-48be-B2B4-4EB974FC3084}"><x14:pivotCacheDefinition '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" pivotCacheId="1"/></ext>'
        "</extLst></pivotCacheDefinition>"
    ).encode()
    records = f'<pivotCacheRecords xmlns="{TRANSITIONAL}" count="1"><r><n v="25"/><s v="x"/></r></pivotCacheRecords>'
    add_part(parts, "xl/pivotCache/pivotCacheDefinition1.xml", definition,
              "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
              "pivotCacheDefinition", "rId92")
    parts["xl/pivotCache/pivotCacheRecords1.xml"] = records.encode()
    parts["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL_TRANSITIONAL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/>'
        "</Relationships>"
    ).encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<calcPr",
        f'<pivotCaches><pivotCache xmlns:r="{REL_TRANSITIONAL}" cacheId="1" r:id="rId92"/></pivotCaches>'
        "<calcPr".encode(),
    )


def no_cell_styles(parts: Parts) -> None:
    """A style part with no cellXfs (openpyxl printed `0 is out of range`) and unknown extensions."""
    styles = re.sub(rb"<cellXfs.*?</cellXfs>", b"", parts["xl/styles.xml"], flags=re.S)
    parts["xl/styles.xml"] = styles.replace(
        b"</styleSheet>",
        b'<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext></extLst></styleSheet>',
    )


def no_cell_style_formats(parts: Parts) -> None:
    """`<cellStyles>` names Normal but `<cellStyleXfs>` is missing (openpyxl printed `0 is out of range`)."""
    parts["xl/styles.xml"] = re.sub(rb"<cellStyleXfs.*?</cellStyleXfs>", b"", parts["xl/styles.xml"], flags=re.S)


def hidden_duplicate(parts: Parts) -> None:
    """An older, hidden `공약 ` (trailing space) before `공약`."""
    parts["__sheet__"] = parts[PLEDGES]
    _add_sheet(parts, "xl/worksheets/sheet91.xml", "공약 ", "rId93", before="공약", state="hidden")


def hidden_sheet(parts: Parts) -> None:
    name = "추진실적".encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b'name="' + name + b'" sheetId="6" state="visible"', b'name="' + name + b'" sheetId="6" state="hidden"'
    )


def hidden_rows(parts: Parts) -> None:
    """Rows 3 and 4 of 확인지표 hidden; they hold a plan's text and an actual."""
    sheet = "xl/worksheets/sheet5.xml"
    for row in (3, 4):
        parts[sheet] = parts[sheet].replace(b'<row r="%d"' % row, b'<row r="%d" hidden="1"' % row)


def typed_amounts(parts: Parts) -> None:
    """소요예산's amounts typed as text, as many offices keep them: `1,889` with its thousands sign."""
    budget = "xl/worksheets/sheet4.xml"
    parts[budget] = re.sub(
        rb'<c r="([D-Z][0-9]+)"( s="[0-9]+")? t="n"><v>([0-9]+)</v></c>',
        lambda m: b'<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>'
        % (m.group(1), m.group(2) or b"", f"{int(m.group(3)):,}".encode()),
        parts[budget],
    )


XLSX_VARIANTS: dict[str, Callable[[Parts], None]] = {
    "shading_only.xlsx": _marks_to_shading_only,
    "strict.xlsx": strict,
    "empty_formula_excel.xlsx": _empty_formula(b"<v/>"),
    "empty_formula_libreoffice.xlsx": _empty_formula(b"<v></v>"),
    **{f"pattern_{kind}.xlsx": _pattern(kind) for kind in ("darkGray", "lightGray", "gray125", "darkGrid")},
    "conditional.xlsx": conditional,
    "big_extra_sheet.xlsx": big_extra_sheet,
    "one_mb_string.xlsx": one_mb_string,
    "pivot_cache.xlsx": pivot_cache,
    "no_cell_styles.xlsx": no_cell_styles,
    "no_cell_style_formats.xlsx": no_cell_style_formats,
    "hidden_duplicate.xlsx": hidden_duplicate,
    "hidden_sheet.xlsx": hidden_sheet,
    "hidden_rows.xlsx": hidden_rows,
    "typed_amounts.xlsx": typed_amounts,
    "excel_form.xlsx": excel_form,
    "libreoffice_form.xlsx": libreoffice_form,
}


def _csv(sample: bytes) -> bytes:
    from loaders.workbook import read_workbook  # the sample's own values, as the loader reads them

    pledges = read_workbook(sample).snapshot.pledges
    lines = ["공약번호,공약명,담당부서"] + [f"{p.pledge_id},{p.title},{p.department}" for p in pledges]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ods(sample: bytes) -> bytes:
    """The sample as OpenDocument: values and ● marks (fills do not survive calamine anyway)."""
    from loaders.findings import Findings
    from loaders.safety import check_bytes
    from loaders.workbook import _choose_sheets
    from loaders.xlsx import load_styles, open_package, read_sheets

    package = open_package(check_bytes(sample))
    grids = read_sheets(package, _choose_sheets(package.sheets, Findings()), load_styles(package))
    tables = []
    for grid in grids.values():
        rows = []
        for r in range(1, grid.max_row + 1):
            cells = []
            for c in range(1, grid.max_col + 1):
                value = grid.value(r, c)
                if grid.title == "추진일정" and r > 2 and c > 2 and grid.is_shaded(r, c):
                    value = "●"
                cells.append(_ods_cell(value))
            rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f'<table:table table:name="{escape(grid.title)}">{"".join(rows)}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet>{"".join(tables)}</office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                        compress_type=zipfile.ZIP_STORED)
        target.writestr("META-INF/manifest.xml", manifest)
        target.writestr("content.xml", content)
    return out.getvalue()


def _ods_cell(value: object) -> str:
    import datetime as dt

    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.datetime):
        day = value.date().isoformat()
        return (f'<table:table-cell office:value-type="date" office:date-value="{day}">'
                f"<text:p>{day}</text:p></table:table-cell>")
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def build(out_dir: Path, sample: Path = SAMPLE, names: tuple[str, ...] | None = None) -> dict[str, Path]:
    """Write every variant (or those `names`) into `out_dir`; name → path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = sample.read_bytes()
    makers: dict[str, Callable[[], bytes]] = {"공약.csv": lambda: _csv(data), "sample.ods": lambda: _ods(data)}
    for name, change in XLSX_VARIANTS.items():
        makers[name] = lambda change=change: _changed(data, change)
    written = {}
    for name, make in makers.items():
        if names is None or name in names:
            written[name] = out_dir / name
            written[name].write_bytes(make())
    return written


def _changed(data: bytes, change: Callable[[Parts], None]) -> bytes:
    _, parts = _parts(data)
    change(parts)
    return _zip(parts)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "variants_out"
    for name, path in build(target).items():
        print(f"{path.stat().st_size / 1024:10.1f} KB  {name}")
