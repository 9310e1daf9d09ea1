"""The 공약관리카드 and the quarterly report as 한글 documents (HWPX), drawn from the same model as the PDF.

The PDF is for printing and filing as it is; this version is for editing: an official
attaches it to a 결재 or a council paper, so the card's tables are 한글 tables to edit
(not text laid out with spaces), its headings 한글 styles (개요 1–3: the navigation pane
and 차례 read them), its lines in the □ ○ - levels of a 한글 report (개조식 1–3), on A4
with 한글's usual margins in 함초롬바탕/함초롬돋움. The sections, figures and words are the
model's (documents.card, documents.report), in the PDF's order: no figure is computed here.

    card_hwpx(card) -> bytes      the card, its number and title as 개요 1
    report_hwpx(report) -> bytes  cover and 차례, the sections (개요 1), then every card (개요 2)
"""

from __future__ import annotations

from documents.card import PHOTOS_PER_ROW, Card, Choice
from documents.hwpx_body import Body, Run
from documents.hwpx_parts import STYLES, Shapes
from documents.hwpx_pictures import Picture
from documents.report import Report
from documents.tables import Cell, Table, head
from figures.formatting import format_date

BULLETS = {"□": 1, "■": 1, "○": 2, "ㅇ": 2, "◦": 2, "•": 2, "-": 3, "·": 3, "※": 3, "*": 3}


def _plain(body: Body, style: str) -> str:
    """The paragraph shape of `style` without its 내어쓰기: a line of text that has no bullet."""
    return body.shapes.para(**{**STYLES[style][4], "hang": 0})


def lines(body: Body, text: str, level: int = 2) -> None:
    """Text from the workbook, a paragraph a line: a line starting with a bullet takes that bullet's
    level (□ 1, ○ 2, - 3: 한글's habit, as officials type it); any other line sits at `level`."""
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        bullet = BULLETS.get(line[0]) if len(line) > 1 and not line[1].isdigit() else None  # "-5%" is a number
        if bullet:
            body.paragraph(line, f"개조식 {bullet}")
        else:
            body.paragraph(line, f"개조식 {level}", para=_plain(body, f"개조식 {level}"))


def table_block(body: Body, table: Table, heading: str | None, level: int) -> None:
    """"□ 제목", the unit line, then the table (or the model's words for an empty one)."""
    if heading:
        body.paragraph(f"□ {heading}", f"개요 {level}")
    if not table.rows:
        lines(body, table.empty)
        return
    if table.note:
        body.note(table.note, table.span)
    body.table(table)


def _choice(choice: Choice, regular: str, bold: str) -> list[Run]:
    runs: list[Run] = [(f"✓ {choice.label}  ", regular)]
    for i, option in enumerate(choice.options):
        if i:
            runs.append((" / ", regular))
        runs.append((option, bold if option == choice.chosen else regular))
    if choice.chosen is None:
        runs.append(("  (미입력)", regular))
    elif choice.chosen not in choice.options:
        runs.append((f"  ({choice.chosen})", bold))
    return runs


def _title(body: Body, card: Card, level: int, page_break: bool) -> None:
    body.paragraph(f"{card.pledge_id}. {card.title}", f"개요 {level}", page_break=page_break)
    facts = " · ".join(f"{label} {value}" for label, value in card.headline)
    term = f"{card.term} · " if card.term else ""
    small = body.shapes.char(9.0, face="바탕")
    body.paragraph([(f"{card.ward} · {term}{format_date(card.as_of)} 기준   {facts}", small)],
                   para=body.shapes.para(after=300))
    body.table(card.figures)
    regular, bold = body.shapes.char(9.5, face="바탕"), body.shapes.char(9.5, True, "바탕")
    body.box([_choice(c, regular, bold) for c in card.choices], columns=2)


def _texts(body: Body, card: Card, level: int) -> None:
    texts = dict(card.texts)
    body.paragraph("□ 사업구분", f"개요 {level}")
    body.paragraph(f"- {card.business}", "개조식 3")
    for title in ("정부·서울시 도움(권한 명확성)", "정책개요"):
        body.paragraph(f"□ {title}", f"개요 {level}")
        lines(body, texts[title])
    body.paragraph("□ 정책현황 및 목표", f"개요 {level}")
    for label, key in (("현 황", "현황"), ("목 표", "목표")):
        body.paragraph(f"○ {label}", "개조식 2")
        lines(body, texts[key], level=3)
    body.paragraph("□ 추진계획", f"개요 {level}")
    lines(body, texts["추진계획"])


def _achievements(body: Body, card: Card, level: int) -> None:
    body.paragraph("□ 추진실적", f"개요 {level}")
    if not card.achievements:
        lines(body, "추진실적 미입력")
    for group, done in card.achievements:
        body.paragraph(f"○ {group}", "개조식 2")
        for text, date in done:
            body.paragraph(f"- {text}: {date}", "개조식 3")


def evidence(body: Body, card: Card, level: int) -> None:
    """증빙 (issue 29), as the PDF card draws it: the photos' thumbnails as 한글 pictures, four to a row,
    each over "설명 (날짜)", then every piece listed as the Excel card lists them (구분, 설명, 날짜, 파일,
    검토). The pictures are the thumbnails (about 320 px), not the photos: the card stays small, and
    the photo itself is on the dashboard and the site."""
    if card.evidence_table is None:
        return
    body.paragraph("□ 증빙 자료", f"개요 {level}")
    photos = []
    for piece in card.evidence:
        item = body.shapes.picture(piece.thumbnail) if piece.thumbnail and piece.thumb_size else None
        if item is not None:
            photos.append(Picture(item, piece.thumb_size, f"{piece.caption} ({piece.when})"))
    if photos:
        body.pictures(photos, PHOTOS_PER_ROW)
    table_block(body, card.evidence_table, None, level)


def write_card(body: Body, card: Card, level: int = 1, page_break: bool = False) -> None:
    """The card in the order of the hand-written cards (and of the PDF); its headings one level
    below `level`, the level of its title."""
    _title(body, card, level, page_break)
    _texts(body, card, level + 1)
    table_block(body, card.schedule, "추진일정", level + 1)
    if card.schedule.rows:
        body.note(card.schedule_note)
    table_block(body, card.budget, "소요예산", level + 1)
    if card.funding is not None:
        table_block(body, card.funding, "계획 · 확보 · 집행", level + 1)
    table_block(body, card.indicators, "공약달성 확인지표", level + 1)
    _achievements(body, card, level + 1)
    evidence(body, card, level + 1)
    if card.changes is not None:
        table_block(body, card.changes, "변경 내역 (이행계획 대비)", level + 1)
    contacts = Table(widths=[1.0] * len(card.contacts))
    contacts.header.append([head(label) for label, _ in card.contacts])
    contacts.rows.append([Cell(value, align="C") for _, value in card.contacts])
    body.table(contacts)


def _cover(body: Body, report: Report) -> None:
    """Title and the cover lines on the first page, then the 차례 (the PDF's cover)."""
    shapes = body.shapes
    body.paragraph(report.title, "제목", para=shapes.para(align="CENTER", before=16000, after=1200, spacing=150))
    centred, size = shapes.para(align="CENTER", after=200), shapes.char(12.0, face="바탕")
    for line in report.cover:
        body.paragraph([(line, size)], para=centred)
    body.paragraph("차 례", "차례 제목")
    entries = [s.title for s in report.sections] + [f"공약관리카드 ({len(report.cards)}건)"]
    for number, title in enumerate(entries, start=1):
        body.paragraph(f"{number}. {title}", "차례 1")


def _summary(body: Body, report: Report) -> None:
    """The cover's facts as the summary's outline: □ the 기준일, ○ each figure line."""
    if report.cover:
        body.paragraph(f"□ {report.cover[0]}", "개조식 1")
        for line in report.cover[1:]:
            body.paragraph(f"○ {line}", "개조식 2")


def write_report(body: Body, report: Report) -> None:
    _cover(body, report)
    for number, part in enumerate(report.sections, start=1):
        body.paragraph(f"{number}. {part.title}", "개요 1", page_break=number == 1)
        if number == 1:
            _summary(body, report)
        for block in part.blocks:
            if isinstance(block, str):
                body.paragraph(f"○ {block}", "개조식 2")
            else:
                table_block(body, block, block.title, 2)
    body.paragraph(f"{len(report.sections) + 1}. 공약관리카드 ({len(report.cards)}건)", "개요 1", page_break=True)
    for i, card in enumerate(report.cards):
        write_card(body, card, level=2, page_break=i > 0)


def card_hwpx(card: Card) -> bytes:
    term = f"{card.term} · " if card.term else ""
    shapes = Shapes()
    body = Body(shapes, f"{card.ward} 공약관리카드 · 공약 {card.pledge_id} · {term}{format_date(card.as_of)} 기준")
    write_card(body, card)
    return shapes.package(body.xml(), f"{card.ward} 공약 {card.pledge_id} 공약관리카드", "\r\n".join(body.preview))


def report_hwpx(report: Report) -> bytes:
    shapes = Shapes()
    body = Body(shapes, f"{report.title} · {format_date(report.as_of)} 기준")
    write_report(body, report)
    return shapes.package(body.xml(), f"{report.title} ({format_date(report.as_of)} 기준)",
                          "\r\n".join(body.preview))
