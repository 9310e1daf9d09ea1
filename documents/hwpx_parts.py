"""The 한글 (HWPX, KS X 6101 / OWPML) package around a document's body, and the shapes it refers to.

python-hwpx writes what it writes well and once: it starts every document from the
package 한글 itself saved (its Skeleton: the 함초롬바탕/함초롬돋움 fonts, the styles 바탕글,
본문, 개요 1–10, 차례 …, version.xml, settings.xml, container.xml, manifest.xml, content.hpf),
sets the page (A4, 한글's usual margins), and adds each character shape, paragraph shape,
border/fill and style a document asks for, as `Shapes` is asked. The body
(Contents/section0.xml) is written by documents/hwpx.py with lxml: python-hwpx's table API
costs about a millisecond a cell, and a 120-pledge report has some 60,000 cells.

The package is assembled here, in the order 한글 writes it: `mimetype` first and stored
(not deflated), then version.xml, the header, the section, the preview text, settings,
container.rdf, content.hpf, container.xml and manifest.xml, then the pictures' images
(BinData/image1.jpg …, each listed in content.hpf as 한글 lists them). The blank preview
image of the skeleton is left out (it would show an empty page for every document).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile

from lxml import etree

from figures.colors import hex6

MIMETYPE = b"application/hwp+zip"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
OPF = "{http://www.idpf.org/2007/opf/}"

#: the page in HWPUNIT (7,200 an inch) as 한글 writes A4 portrait and the margins it opens a new
#: document with: left and right 30 mm, top 20 mm, bottom 15 mm, header and footer 15 mm (the numbers
#: of python-hwpx's skeleton, a file 한글 saved; converting the millimetres anew gives 84189 and 5669)
PAGE_SIZE = {"width": 59528, "height": 84186, "orientation": "portrait"}
MARGINS = {"left": 8504, "right": 8504, "top": 5668, "bottom": 4252, "header": 4252, "footer": 4252, "gutter": 0}
CONTENT_WIDTH = PAGE_SIZE["width"] - MARGINS["left"] - MARGINS["right"]  # 42520: between the margins
#: the two faces 한글 ships with: 바탕 for running text, 돋움 for headings and tables
FACES = {"바탕": "함초롬바탕", "돋움": "함초롬돋움"}
CREATOR = "공약 이행 대시보드"
PREVIEW_CHARS = 1000  # 한글 keeps about the first thousand characters as the preview text
#: the images a picture may show, by their first bytes: (extension, media type); the thumbnails are JPEG
IMAGE_FORMATS = {b"\xff\xd8\xff": ("jpg", "image/jpeg"), b"\x89PNG\r\n\x1a\n": ("png", "image/png")}

#: the styles the documents use: name → (English name, face, size, bold, paragraph shape)
#: 개요 1–3 are 한글's own outline styles (the navigation pane and 차례 read them), redrawn
#: bold in 돋움; 개조식 1–3 are the □ ○ - levels of a 한글 report.
STYLES: dict[str, tuple[str, str, float, bool, dict]] = {
    "제목": ("Title", "돋움", 20.0, True, {"align": "CENTER", "after": 1200, "spacing": 150}),
    "개요 1": ("Outline 1", "돋움", 15.0, True, {"outline": 1, "before": 1400, "after": 600, "keep": True}),
    "개요 2": ("Outline 2", "돋움", 13.0, True, {"outline": 2, "before": 1000, "after": 400, "keep": True}),
    "개요 3": ("Outline 3", "돋움", 11.0, True, {"outline": 3, "before": 800, "after": 300, "keep": True}),
    "개조식 1": ("Bullet 1", "바탕", 11.0, False, {"left": 0, "hang": 1400, "before": 400}),
    "개조식 2": ("Bullet 2", "바탕", 10.5, False, {"left": 1000, "hang": 1300, "before": 200}),
    "개조식 3": ("Bullet 3", "바탕", 10.0, False, {"left": 2000, "hang": 800}),
    "차례 제목": ("TOC Heading", "돋움", 13.0, True, {"before": 2400, "after": 600}),
    "차례 1": ("TOC 1", "바탕", 11.0, False, {"left": 800, "after": 200}),
}
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: object) -> str:
    """Text XML 1.0 can carry: the characters it forbids (control characters, lone surrogates) removed.

    A workbook cell can hold them (a pasted form feed, a stray escape); lxml would refuse the
    whole document, so they go, as openpyxl's writer drops them from the Excel version. A tab
    becomes a space and a carriage return goes (the callers break lines at "\n").
    """
    return _XML_FORBIDDEN.sub("", str(text)).replace("\t", " ").replace("\r", "")


class Shapes:
    """The header of one document: its character and paragraph shapes, fills and styles, by id.

    Each shape is asked for by what it looks like and made once (python-hwpx reuses an equal
    one too); the body refers to the ids. Colours come from the document model's cells (the
    constants of documents/tables.py); the black of lines and text is python-hwpx's and the
    skeleton's own.
    """

    def __init__(self) -> None:
        from hwpx import HwpxDocument

        self.doc = HwpxDocument.new()
        self.doc.page.set_size(**PAGE_SIZE)
        self.doc.page.set_margins(**MARGINS)
        self.header = self.doc.oxml.headers[0]
        self._chars: dict[tuple, str] = {}
        self._paras: dict[tuple, str] = {}
        self._fills: dict[str | None, str] = {}
        self._no_lines: str | None = None
        self._images: dict[bytes, tuple[str, str, str]] = {}  # bytes → (manifest id, part name, media type)
        self.line = self.doc.oxml.ensure_basic_border_fill()  # thin solid lines: every table cell
        self.styles: dict[str, tuple[str, str, str]] = {}  # name → (style id, paraPr id, charPr id)
        self._blank_outline_numbers()
        for name, (english, face, size, bold, shape) in STYLES.items():
            para, char = self.para(**shape), self.char(size, bold, face)
            style = self.header.ensure_style(name, style_type="PARA", eng_name=english, para_pr_id_ref=para,
                                             char_pr_id_ref=char, lang_id=1042, lock_form=False)
            self.header.ensure_style(name, next_style_id_ref=style)
            self.styles[name] = (style, para, char)

    def _blank_outline_numbers(self) -> None:
        """The outline (개요) levels draw no number of their own: the documents write theirs
        ("1. 요약", "□ 소요예산"), the same words as the PDF, so 한글 must not add "1." or "가."."""
        outline = self.doc.oxml.sections[0].element.find(f".//{HP}secPr").get("outlineShapeIDRef")
        for numbering in self.header.element.iter(f"{HH}numbering"):
            if numbering.get("id") == outline:
                for level in numbering.iter(f"{HH}paraHead"):
                    level.text = None
        self.header.mark_dirty()

    def char(self, size: float, bold: bool = False, face: str = "돋움", color: str | None = None) -> str:
        """A character shape: 함초롬바탕/돋움 at `size` points; `color` a hex of the model's."""
        key = (size, bold, face, color)
        if key not in self._chars:
            self._chars[key] = self.doc.styles.ensure_run(
                bold=bold, size=size, font=FACES[face], color=f"#{hex6(color)}" if color else None)
        return self._chars[key]

    def para(self, align: str = "JUSTIFY", left: int = 0, hang: int = 0, before: int = 0, after: int = 0,
             spacing: int = 160, keep: bool = False, outline: int | None = None, right: int = 0) -> str:
        """A paragraph shape; lengths in HWPUNIT (1 pt = 100). `hang` is 한글's 내어쓰기 (a negative
        indent): the first line starts at `left` with its bullet, the lines it wraps to under its text."""
        key = (align, left, hang, before, after, spacing, keep, outline, right)
        if key not in self._paras:
            heading = {"type": "OUTLINE", "idRef": "0", "level": str(outline - 1)} if outline else None
            self._paras[key] = self.header.ensure_paragraph_format(
                base_para_pr_id="0", alignment=align, line_spacing_percent=spacing,
                margins={"left": left, "intent": -hang, "right": right, "prev": before, "next": after},
                heading=heading, break_setting={"keep_with_next": keep})
        return self._paras[key]

    def fill(self, colour: str | None) -> str:
        """The border/fill of a table cell: thin lines, filled with the model's `colour` (hex) if any."""
        if colour not in self._fills:
            self._fills[colour] = self.line if colour is None else self.doc.oxml.ensure_shading_border_fill(
                f"#{hex6(colour)}", base_border_fill_id=self.line)
        return self._fills[colour]

    def no_lines(self) -> str:
        """The border/fill of a table drawn without lines (the 증빙 photos' rows), made when first asked."""
        if self._no_lines is None:
            self._no_lines = self.doc.oxml.ensure_border_fill(active_borders=())
        return self._no_lines

    def picture(self, data: bytes) -> str | None:
        """The BinData item holding these image bytes, made once for equal bytes: its manifest id, which
        a picture's `hc:img binaryItemIDRef` names. None for bytes that are neither JPEG nor PNG: 한글
        would draw an empty frame, so such a piece stays only in the list.

        The items are kept here and written by `package`, not by python-hwpx's `media.add_image`:
        that one looks through every item already in the package for a free id, 3 ms an image on
        average over 480 (1.4 s for a report of 120 cards with four photos each), and its images would be
        zipped by python-hwpx, read back and zipped again. It also lists each image in the header
        (hh:binDataList), which 한글's own files do not and the OWPML schema does not expect."""
        if data not in self._images:
            kind = next((k for magic, k in IMAGE_FORMATS.items() if data.startswith(magic)), None)
            if kind is None:
                return None
            number = len(self._images) + 1
            self._images[data] = (f"image{number}", f"BinData/image{number}.{kind[0]}", kind[1])
        return self._images[data][0]

    def section_start(self) -> tuple[dict, list[etree._Element]]:
        """The section root's namespaces and the page settings (hp:secPr, hp:ctrl of the columns)
        the first paragraph of the body must carry."""
        first_run = self.doc.oxml.sections[0].element.find(f"{HP}p/{HP}run")
        return _section_namespaces(), [child for child in first_run if child.tag != f"{HP}t"]

    def package(self, section: bytes, title: str, preview: str) -> bytes:
        """The .hwpx file: python-hwpx's package of this header, with `section` as the body."""
        with zipfile.ZipFile(io.BytesIO(self.doc.to_bytes())) as source:
            parts = {info.filename: source.read(info) for info in source.infolist()}
        parts["Contents/section0.xml"] = section
        parts["Preview/PrvText.txt"] = preview[:PREVIEW_CHARS].encode("utf-8")
        parts["Contents/content.hpf"] = _metadata(parts["Contents/content.hpf"], title, list(self._images.values()))
        parts.update((name, data) for data, (_, name, _) in self._images.items())
        parts.pop("Preview/PrvImage.png", None)
        return _zip(parts)


@functools.cache
def _section_namespaces() -> dict[str, str]:
    """The namespaces 한글 declares on a section's root, read from its own file (python-hwpx's
    skeleton): 한글 expects all of them, the ones a document does not use included."""
    from hwpx.templates import blank_document_bytes

    with zipfile.ZipFile(io.BytesIO(blank_document_bytes())) as skeleton:
        return dict(etree.fromstring(skeleton.read("Contents/section0.xml")).nsmap)


def _metadata(content_hpf: bytes, title: str, images: list[tuple[str, str, str]]) -> bytes:
    """content.hpf with the document's title, this tool as its author and the time it was made, and
    the manifest items of the pictures' images: (id, part name, media type), embedded (`isEmbeded`,
    OWPML's spelling: 한글 leaves out a picture whose item lacks it), as 한글 and python-hwpx list them."""
    root = etree.fromstring(content_hpf)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    values = {"creator": CREATOR, "lastsaveby": CREATOR, "CreatedDate": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "ModifiedDate": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "subject": "", "description": "",
              "date": f"{now.year}년 {now.month}월 {now.day}일"}
    for meta in root.iter(f"{OPF}meta"):
        if meta.get("name") in values:
            meta.text = values[meta.get("name")]
    found = root.find(f".//{OPF}title")
    if found is not None:
        found.text = clean(title)
    manifest = root.find(f"{OPF}manifest")
    for item, name, media_type in images:
        etree.SubElement(manifest, f"{OPF}item", {"id": item, "href": name, "media-type": media_type,
                                                 "isEmbeded": "1"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


ORDER = ("mimetype", "version.xml", "Contents/header.xml", "Contents/section0.xml", "Preview/PrvText.txt",
         "settings.xml", "META-INF/container.rdf", "Contents/content.hpf", "META-INF/container.xml",
         "META-INF/manifest.xml")


def _zip(parts: dict[str, bytes]) -> bytes:
    """The parts in 한글's order, `mimetype` first and stored: a reader finds the type at a fixed offset."""
    buffer = io.BytesIO()
    names = [n for n in ORDER[1:] if n in parts] + sorted(n for n in parts if n not in ORDER)
    stamp = dt.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", date_time=stamp), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name in names:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), parts[name], compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
