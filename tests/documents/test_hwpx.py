"""The card and the report as 한글 documents (HWPX, issue 30): a package 한글 and python-hwpx open, OWPML
tables, the PDF card's figures, and workbook text that stays text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import warnings
import zipfile

import pytest
from lxml import etree

import documents
from documents.tables import GROUP_FILL, HEADER_FILL
from tests.documents.conftest import DATA, WARD
from tests.documents.test_card import AMOUNTS, SUBS
from tests.documents.test_cli import db, pledges  # noqa: F401 - the fixtures of `pledges report`

AS_OF = dt.date(2020, 12, 31)
NS = {"hp": "http://www.hancom.co.kr/hwpml/2011/paragraph", "hh": "http://www.hancom.co.kr/hwpml/2011/head",
      "hc": "http://www.hancom.co.kr/hwpml/2011/core", "opf": "http://www.idpf.org/2007/opf/"}
PARTS = ["mimetype", "version.xml", "Contents/header.xml", "Contents/section0.xml", "Preview/PrvText.txt",
         "settings.xml", "META-INF/container.rdf", "Contents/content.hpf", "META-INF/container.xml",
         "META-INF/manifest.xml"]
#: 한글's own content.hpf lists no version.xml, and python-hwpx says so; the only remark it makes
VERSION_REMARK = ("Contents/content.hpf: manifest does not reference a version part; engine will fall back to "
                  "'version.xml'")
LINK = '=HYPERLINK("http://evil.example/x","클릭")'
PLAN = "<script>alert('x')</script> & 1단계: 용역\n- 2단계: 고시"
HP = f"{{{NS['hp']}}}"


@pytest.fixture(scope="module")
def card(samples_store) -> bytes:
    return documents.card_hwpx(samples_store, WARD, AS_OF, "25")


@pytest.fixture(scope="module")
def report(samples_store) -> bytes:
    return documents.report_hwpx(samples_store, WARD, AS_OF)


def jpeg(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    """A real JPEG of `size` pixels, made as the store makes thumbnails (Pillow)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pieces() -> list:
    """Two photos, one landscape and one upright (a phone's 9:16), and a document without a thumbnail."""
    from documents.card import CardEvidence

    wide, tall = jpeg((320, 240), (40, 120, 60)), jpeg((180, 320), (200, 80, 40))
    return [CardEvidence("문래동 공원 준공 모습", "2020. 11. 3.", "사진", "준공.jpg", "승인", wide, (320, 240)),
            CardEvidence("현장 점검 <주민설명회>", "2020. 10. 1.", "사진", "점검.jpg", "검토 전", tall, (180, 320)),
            CardEvidence("보도자료", "미입력", "문서", "보도.pdf", "승인")]


def card_showing(store, evidence: list) -> bytes:
    from documents.card import evidence_table
    from documents.hwpx import card_hwpx

    model = documents._card(store, WARD, AS_OF, "25")
    model.evidence, model.evidence_table = evidence, evidence_table(evidence)
    return card_hwpx(model)


@pytest.fixture(scope="module")
def evidenced(samples_store, pieces) -> bytes:
    return card_showing(samples_store, pieces)


def part(content: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name)


def xml(content: bytes, name: str = "Contents/section0.xml") -> etree._Element:
    return etree.fromstring(part(content, name))


def bindata(content: bytes) -> list[str]:
    return [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.startswith("BinData/")]


def own_text(paragraph: etree._Element) -> str:
    """A paragraph's own text (not the footer or the table it may carry)."""
    return "".join(t.text or "" for t in paragraph.findall("hp:run/hp:t", NS))


def plain_text(content: bytes) -> str:
    """The document's text as python-hwpx reads it (tables cell by cell, tab-separated)."""
    from hwpx import HwpxDocument

    return HwpxDocument.open(content).text.plain()


@pytest.mark.parametrize("which", ["card", "report", "evidenced"])
def test_the_package_is_well_formed(which, request):
    content = request.getfixturevalue(which)
    images = ["BinData/image1.jpg", "BinData/image2.jpg"] if which == "evidenced" else []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == PARTS + images
        assert infos[0].compress_type == zipfile.ZIP_STORED and archive.read("mimetype") == b"application/hwp+zip"
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos[1:])
        for info in infos:
            if info.filename.endswith((".xml", ".hpf", ".rdf")):
                etree.fromstring(archive.read(info))  # raises on any part that does not parse
    assert content[30:38] == b"mimetype"  # the type at the fixed offset a reader looks at


@pytest.mark.parametrize("which", ["card", "report", "evidenced"])
def test_python_hwpx_opens_it_and_its_validators_find_no_error(which, request):
    from hwpx import HwpxDocument
    from hwpx.tools.id_integrity import check_id_integrity
    from hwpx.tools.package_validator import validate_editor_open_safety, validate_package
    from hwpx.tools.validator import validate_document

    content = request.getfixturevalue(which)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        opened = HwpxDocument.open(content)
        assert opened.validate().issues == ()
        document = validate_document(content)
        package = validate_package(content)
        safety = validate_editor_open_safety(content)
        ids = check_id_integrity(opened)  # every id a part names resolves; no BinData that nothing shows
    assert document.issues == () and len(document.validated_parts) == 2
    assert package.errors == () and [str(w) for w in package.warnings] == [VERSION_REMARK]
    assert safety.ok, safety.summary
    assert ids.dangling == [] and ids.orphan_bin_data == []


def test_the_card_tables_are_owpml_tables_with_merged_headers(card):
    section = xml(card)
    tables = section.findall(".//hp:tbl", NS)
    # 주요 지표, the 분류 box, 추진일정, 소요예산, 확인지표, 담당 (no 확보·집행 and no 변경 내역 for pledge 25)
    assert len(tables) == 6
    schedule = tables[2]
    assert (schedule.get("rowCnt"), schedule.get("colCnt"), schedule.get("repeatHeader")) == ("5", "21", "1")
    first_row = schedule.findall("hp:tr", NS)[0]
    spans = [(c.find("hp:cellSpan", NS).get("colSpan"), c.find("hp:cellSpan", NS).get("rowSpan"),
              "".join(c.itertext())) for c in first_row.findall("hp:tc", NS)]
    # 세부사업 over both header rows, each year over its four quarters
    assert spans == [("1", "2", "세부사업"), ("4", "1", "2018년"), ("4", "1", "2019년"), ("4", "1", "2020년"),
                     ("4", "1", "2021년"), ("4", "1", "2022년")]
    second_row = schedule.findall("hp:tr", NS)[1].findall("hp:tc", NS)
    assert len(second_row) == 20 and second_row[0].find("hp:cellAddr", NS).get("colAddr") == "1"
    assert all(c.get("header") == "1" for c in first_row.findall("hp:tc", NS))
    for table in tables:  # every cell has what 한글 requires of it
        for cell in table.iter(f"{{{NS['hp']}}}tc"):
            assert [etree.QName(child).localname for child in cell] == [
                "subList", "cellAddr", "cellSpan", "cellSz", "cellMargin"]


def test_numbers_are_right_aligned_and_fills_are_the_models(card):
    header, section = xml(card, "Contents/header.xml"), xml(card)
    align = {p.get("id"): p.find("hh:align", NS).get("horizontal") for p in header.iter(f"{{{NS['hh']}}}paraPr")}
    fills = {b.get("id"): (b.find(".//hc:winBrush", NS).get("faceColor") if b.find(".//hc:winBrush", NS)
                           is not None else None) for b in header.iter(f"{{{NS['hh']}}}borderFill")}
    budget = section.findall(".//hp:tbl", NS)[3]
    cells = {}
    for cell in budget.iter(f"{{{NS['hp']}}}tc"):
        cells.setdefault("".join(cell.itertext()), cell)
    total = cells["6,268"]  # 소요예산's 계 row, 백만원, with its thousands separator
    assert align[total.find(".//hp:p", NS).get("paraPrIDRef")] == "RIGHT"
    assert fills[total.get("borderFillIDRef")] == GROUP_FILL
    assert fills[cells["세부사업"].get("borderFillIDRef")] == HEADER_FILL
    assert align[cells["세부사업"].find(".//hp:p", NS).get("paraPrIDRef")] == "CENTER"


def test_every_number_and_subproject_of_the_pdf_card_is_in_the_hwpx_card(card, samples_store, pdf_text):
    pdf = pdf_text(documents.card_pdf(samples_store, WARD, AS_OF, "25"))
    text = plain_text(card)
    numbers = set(re.findall(r"\d[\d,]*(?:\.\d+)?", pdf))
    assert {"6,268", "5,943", "75.0", "2020", "185,385"} <= numbers  # the PDF's text was read
    missing = [n for n in sorted(numbers) if not re.search(rf"(?<![\d,]){re.escape(n)}(?![\d,])", text)]
    assert missing == []
    for name in SUBS:
        assert name in pdf and name in text
    for amount in AMOUNTS:
        assert amount in text
    assert "(단위: 백만원)" in text and "2020. 12. 31. 기준" in text


def test_a_funded_card_has_the_funding_table_between_budget_and_indicators(tmp_path):
    from store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert store.import_file(DATA / "examples" / "영등포구_2020-12-31_재정확보_예시.xlsx").status == "stored"
    content = documents.card_hwpx(store, WARD, AS_OF, "25")
    store.engine.dispose()
    section = xml(content)
    headings = [own_text(p) for p in section.findall("hp:p", NS) if own_text(p).startswith("□ ")]
    assert headings[headings.index("□ 소요예산"):headings.index("□ 공약달성 확인지표") + 1] == [
        "□ 소요예산", "□ 계획 · 확보 · 집행", "□ 공약달성 확인지표"]
    funding = section.findall(".//hp:tbl", NS)[4]
    text = "|".join("".join(c.itertext()) for c in funding.iter(f"{{{NS['hp']}}}tc"))
    for figure in ("3,413", "2,800", "2,300", "82.0", "82.1", "89.7", "83.4", "82.8"):
        assert f"|{figure}|" in f"|{text}|", figure


def test_headings_are_hangul_styles_and_the_summary_is_in_outline_levels(report):
    header, section = xml(report, "Contents/header.xml"), xml(report)
    styles = {s.get("id"): s.get("name") for s in header.iter(f"{{{NS['hh']}}}style")}
    by_style: dict[str, list[str]] = {}
    for p in section.findall("hp:p", NS):
        by_style.setdefault(styles[p.get("styleIDRef")], []).append(own_text(p))
    assert by_style["제목"] == ["영등포구 공약 이행 현황"]
    assert by_style["개요 1"] == ["1. 요약", "2. 공약별 현황", "3. 분야별 현황", "4. 점검이 필요한 사항",
                                "5. 지난 기준일 대비 변동", "6. 공약 조정 (이행계획 대비)", "7. 공약관리카드 (1건)"]
    assert "25. 경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성" in by_style["개요 2"]
    assert "□ 소요예산" in by_style["개요 3"] and "□ 주요 지표" in by_style["개요 2"]
    assert by_style["개조식 1"] == ["□ 민선 7기 · 2020. 12. 31. 기준"]
    assert "○ 공약 1건 · 세부사업 3건" in by_style["개조식 2"]
    assert any(line.startswith("- ") and "2020. 4. ~ 11." in line for line in by_style["개조식 3"])
    faces = {f.get("face") for f in header.iter(f"{{{NS['hh']}}}font")}
    assert {"함초롬바탕", "함초롬돋움"} <= faces
    outline = [h.text for h in header.iter(f"{{{NS['hh']}}}paraHead")]
    assert outline and set(outline) == {None}  # the headings' numbers are their text, never added by 한글


def test_the_page_is_a4_with_hangul_margins(card):
    page = xml(card).find(".//hp:secPr/hp:pagePr", NS)
    margin = page.find("hp:margin", NS)
    assert (page.get("width"), page.get("height")) == ("59528", "84186")  # A4, 210 × 297 mm
    assert {k: margin.get(k) for k in ("left", "right", "top", "bottom", "header", "footer")} == {
        "left": "8504", "right": "8504", "top": "5668", "bottom": "4252", "header": "4252", "footer": "4252"}
    footer = "".join(xml(card).find(".//hp:footer", NS).itertext())
    assert footer.startswith("영등포구 공약관리카드 · 공약 25 · 민선 7기 · 2020. 12. 31. 기준")


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """The injection workbook of tests/security/test_formula_text.py: pledge 25 titled with a formula."""
    from loaders import read_workbook
    from loaders.template import template_bytes
    from store import open_store

    snapshot = read_workbook(DATA / "영등포구_2020-12-31.xlsx").snapshot
    pledge = dataclasses.replace(snapshot.pledges[0], title=LINK, plan=PLAN)
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('hwpx_link') / 'store.sqlite'}")
    data = template_bytes(dataclasses.replace(snapshot, pledges=(pledge,)))
    assert store.import_file(data, file_name="링크.xlsx").status == "stored"
    yield documents.card_hwpx(store, WARD, AS_OF, "25")
    store.engine.dispose()


def test_workbook_text_stays_text_never_a_field_or_a_link(injected):
    raw = part(injected, "Contents/section0.xml")
    section = etree.fromstring(raw)
    texts = [t.text for t in section.iter(f"{{{NS['hp']}}}t") if t.text]
    assert f"25. {LINK}" in texts and "<script>alert('x')</script> & 1단계: 용역" in texts
    assert b"&lt;script&gt;" in raw and b"<script>" not in raw and b"&amp; 1" in raw
    for name in ("fieldBegin", "fieldEnd", "hyperlink", "script", "macro"):
        assert not section.findall(f".//{{*}}{name}"), name
    assert not any(name.startswith(("Scripts/", "BinData/")) for name in zipfile.ZipFile(io.BytesIO(injected)).namelist())
    assert LINK in plain_text(injected)


def test_characters_xml_forbids_are_removed(samples_store):
    from documents.hwpx import card_hwpx

    model = documents._card(samples_store, WARD, AS_OF, "25")
    model = dataclasses.replace(model, title="경인\x0b·문래\x00 테크노\x1b밸리\ufffe")
    model.figures.rows[0][2].text = "정\x0c상"
    content = card_hwpx(model)
    section = xml(content)
    texts = {t.text for t in section.iter(f"{{{NS['hp']}}}t")}
    assert "25. 경인·문래 테크노밸리" in texts and "정상" in texts
    assert "\x0b" not in part(content, "Preview/PrvText.txt").decode("utf-8")


def test_a_cards_evidence_is_listed_as_an_owpml_table(samples_store):
    from documents.card import CardEvidence, evidence_table
    from documents.hwpx import card_hwpx

    model = documents._card(samples_store, WARD, AS_OF, "25")
    model.evidence = [CardEvidence("문래동 공원 준공 모습", "2020. 11. 3.", "사진", "준공.jpg", "승인"),
                      CardEvidence("=HYPERLINK(\"http://x\",\"보도자료\")", "미입력", "문서", "보도.pdf", "검토 전")]
    model.evidence_table = evidence_table(model.evidence)
    section = xml(card_hwpx(model))
    texts = [t.text for t in section.iter(f"{{{NS['hp']}}}t")]
    assert "□ 증빙 자료" in texts and "문래동 공원 준공 모습" in texts and "2020. 11. 3." in texts
    assert "=HYPERLINK(\"http://x\",\"보도자료\")" in texts  # plain text, never a field
    assert not list(section.iter(f"{{{NS['hp']}}}fieldBegin"))


def test_a_cards_photos_are_hangul_pictures_of_bindata_parts(evidenced, pieces):
    section, manifest = xml(evidenced), xml(evidenced, "Contents/content.hpf")
    pictures = list(section.iter(f"{HP}pic"))
    assert len(pictures) == 2  # the two photos; the document has no picture
    items = {i.get("id"): i for i in manifest.iter(f"{{{NS['opf']}}}item")}
    assert [part(evidenced, name) for name in bindata(evidenced)] == [p.thumbnail for p in pieces[:2]]
    for picture, piece in zip(pictures, pieces[:2], strict=True):
        item = items[picture.find("hc:img", NS).get("binaryItemIDRef")]
        assert (item.get("media-type"), item.get("isEmbeded")) == ("image/jpeg", "1")
        assert part(evidenced, item.get("href")) == piece.thumbnail
        size = picture.find("hp:sz", NS)
        width, height = int(size.get("width")), int(size.get("height"))
        across, down = piece.thumb_size
        assert abs(height * across - width * down) <= across / 2  # its proportions, to the HWPUNIT
        cell = next(a for a in picture.iterancestors() if a.tag == f"{HP}tc")
        margin = cell.find("hp:cellMargin", NS)
        inside = int(cell.find("hp:cellSz", NS).get("width")) - int(margin.get("left")) - int(margin.get("right"))
        assert width == inside and 9000 < width < 10630  # as wide as its cell: a quarter of the 150 mm
        lines = [own_text(p) for p in cell.findall("hp:subList/hp:p", NS)]
        assert lines == ["", f"{piece.caption} ({piece.when})"]  # the caption line under the picture
    # under the heading: the photos in a table without lines (four columns, one row), then the list
    top = section.findall("hp:p", NS)
    heading = next(i for i, p in enumerate(top) if own_text(p) == "□ 증빙 자료")
    photos, listed = top[heading + 1].find(".//hp:tbl", NS), top[heading + 2].find(".//hp:tbl", NS)
    assert all(next(picture.iterancestors(f"{HP}tbl")) is photos for picture in pictures)
    assert (photos.get("rowCnt"), photos.get("colCnt")) == ("1", "4")
    assert "보도자료" in [t.text for t in listed.iter(f"{HP}t")] and not list(listed.iter(f"{HP}pic"))
    borders = {b.get("id"): {e.get("type") for e in b if etree.QName(e).localname.endswith("Border")}
               for b in xml(evidenced, "Contents/header.xml").iter(f"{{{NS['hh']}}}borderFill")}
    assert [borders[t.get("borderFillIDRef")] for t in (photos, listed)] == [{"NONE"}, {"SOLID"}]
    assert all(borders[c.get("borderFillIDRef")] == {"NONE"} for c in photos.iter(f"{HP}tc"))


def test_a_picture_is_written_as_python_hwpx_writes_one(evidenced, pieces):
    """The same elements and attributes, in the same order, as python-hwpx's `add_picture` (the form it
    took from files 한글 saved); only the object's id and the BinData item's name differ."""
    from hwpx import HwpxDocument

    ours = next(xml(evidenced).iter(f"{HP}pic"))
    size = ours.find("hp:sz", NS)
    theirs = HwpxDocument.new().add_picture(pieces[0].thumbnail, "jpg", width=int(size.get("width")),
                                            height=int(size.get("height"))).element

    def form(pic: etree._Element) -> list:
        return [(e.tag, [(k, v) for k, v in e.attrib.items() if k not in ("id", "instid", "binaryItemIDRef")])
                for e in pic.iter()]

    assert form(ours) == form(theirs)


def test_a_card_without_evidence_has_no_picture_and_no_bindata(card):
    assert not list(xml(card).iter(f"{HP}pic"))
    assert bindata(card) == []
    assert [i.get("id") for i in xml(card, "Contents/content.hpf").iter(f"{{{NS['opf']}}}item")] == [
        "header", "section0", "settings"]


def test_many_photos_flow_across_pages_and_equal_thumbnails_share_one_image(samples_store, pieces, evidenced):
    """Sixteen upright photos (four rows, 270 mm) are more than a page holds: placed as a character, 한글
    would cut the table off at the paper's edge (python-hwpx's layout check says so), so it flows; the
    two-photo table stays in its line. One thumbnail shown sixteen times is one BinData image; a
    "thumbnail" that is no image is left out of the pictures (the list still has the piece)."""
    from hwpx.layout.lint import lint_layout

    content = card_showing(samples_store, [dataclasses.replace(pieces[1], caption=f"점검 {n}") for n in range(16)]
                           + [dataclasses.replace(pieces[0], caption="깨진 사진", thumbnail=b"GIF89a\x01\x00")])
    pictures = list(xml(content).iter(f"{HP}pic"))
    photos = next(pictures[0].iterancestors(f"{HP}tbl"))
    assert (len(pictures), photos.get("rowCnt"), photos.find("hp:pos", NS).get("treatAsChar")) == (16, "4", "0")
    assert {p.find("hc:img", NS).get("binaryItemIDRef") for p in pictures} == {"image1"}
    assert bindata(content) == ["BinData/image1.jpg"]
    assert [f.message for f in lint_layout(content, check_overflow=False).findings] == []
    texts = [t.text for t in xml(content).iter(f"{HP}t")]
    assert "깨진 사진" in texts and "깨진 사진 (2020. 11. 3.)" not in texts
    two = next(next(xml(evidenced).iter(f"{HP}pic")).iterancestors(f"{HP}tbl"))
    assert two.find("hp:pos", NS).get("treatAsChar") == "1"


def test_a_picture_keeps_its_proportions_and_an_upright_strip_is_narrowed():
    from documents.hwpx_pictures import fit

    assert fit((320, 240), 9780) == (9780, 7335)
    assert fit((180, 320), 9780) == (9780, 17387)  # 9:16, within twice the width: full width
    assert fit((40, 320), 9780) == (2445, 19560)  # 1:8 would be 78 mm tall: twice the width, as narrow


def test_the_command_writes_hwpx_and_refuses_other_suffixes(pledges, db, tmp_path):  # noqa: F811
    out = tmp_path / "카드.hwpx"
    code, stdout, stderr = pledges("report", "--db", db, "--ward", WARD, "--pledge", "25", "-o", str(out))
    assert code == 0, stderr
    assert f"{out}: 영등포구 (2020. 12. 31. 기준) 공약 25 공약관리카드를 한글(HWPX) 파일로 저장했습니다" in stdout
    assert part(out.read_bytes(), "mimetype") == b"application/hwp+zip"
    report = tmp_path / "보고서.hwpx"
    code, stdout, _ = pledges("report", "--db", db, "--ward", WARD, "-o", str(report))
    assert code == 0 and "공약 이행 현황 보고서를 한글(HWPX) 파일로 저장했습니다" in stdout
    assert "7. 공약관리카드 (1건)" in plain_text(report.read_bytes())
    for name in ("보고서.hwp", "카드.docx"):
        code, _, err = pledges("report", "--db", db, "--ward", WARD, "-o", str(tmp_path / name))
        assert code == 2 and f"{tmp_path / name}: 파일 이름은 .pdf 또는 .xlsx 또는 .hwpx 로 끝나야 합니다" in err
        assert not (tmp_path / name).exists()


def test_the_pages_offer_the_hwpx_beside_pdf_and_excel(tmp_path, monkeypatch, samples_store):
    from dashboard import quarterly
    from tests.documents.test_dashboard import _app, _buttons

    app = _app(tmp_path, monkeypatch, ward=WARD, as_of=AS_OF, pledge_id="25")
    app.run()
    assert not app.exception
    assert [b for b in _buttons(app) if b.startswith("보고서")] == ["보고서 PDF", "보고서 엑셀", "보고서 한글(HWPX)"]
    app.switch_page("views/pledge.py").run()
    assert not app.exception
    assert [b for b in _buttons(app) if b.startswith("공약관리카드")] == [
        "공약관리카드 PDF", "공약관리카드 엑셀", "공약관리카드 한글(HWPX)"]
    state = samples_store.state_token()
    made = quarterly._document(samples_store.url, state, "card", "hwpx", WARD, AS_OF, "25", samples_store)
    assert part(made, "mimetype") == b"application/hwp+zip"
    assert quarterly.HWPX == "application/hwp+zip"
