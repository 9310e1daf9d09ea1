"""The 공약관리카드 drawn on A4, section by section in the order of the hand-written cards."""

from __future__ import annotations

import io

from documents.card import PHOTOS_PER_ROW, Card, Choice
from documents.pdf import CONTENT_WIDTH, MARGIN, PT, DocumentPDF
from documents.tables import Cell, Table, head, text_cell
from figures.colors import BLACK, DOCUMENT_MUTED, DOCUMENT_RULE, NAVY, WHITE, rgb

TEXT_SIZE = 9.0


def section(pdf: DocumentPDF, title: str, keep: float = 14.0) -> None:
    pdf.heading(title, keep)


def _check(pdf: DocumentPDF, x: float, y: float, size: float) -> None:
    """A drawn ✓ (the packaged font has no check-mark glyph)."""
    h = size * PT
    pdf.set_line_width(0.35)
    pdf.line(x, y + h * 0.55, x + h * 0.3, y + h * 0.85)
    pdf.line(x + h * 0.3, y + h * 0.85, x + h * 0.8, y + h * 0.15)
    pdf.set_line_width(0.2)


def _choice_line(pdf: DocumentPDF, choice: Choice, x0: float, width: float) -> float:
    """One classification line; returns its height (it wraps when the options are long)."""
    y = pdf.get_y()
    height = TEXT_SIZE * PT * 1.45
    _check(pdf, x0, y, TEXT_SIZE)
    segments: list[tuple[str, bool]] = [(choice.label, False), ("  ", False)]
    for i, option in enumerate(choice.options):
        if i:
            segments.append((" / ", False))
        segments.append((option, option == choice.chosen))
    if choice.chosen is None:
        segments.append(("  (미입력)", False))
    elif choice.chosen not in choice.options:
        segments.append((f"  ({choice.chosen})", True))
    x, start, right = x0 + 4.5, x0 + 4.5, x0 + width
    lines = 1
    for text, bold in segments:
        pdf.font(TEXT_SIZE, bold)
        for word in pdf.clean(text).split(" "):
            piece = word + " "
            w = pdf.width(piece)
            if x + pdf.width(word) > right and x > start:
                x, y, lines = start + 2, y + height, lines + 1
            pdf.put_text(x, y, word)
            x += w
        x -= pdf.width(" ")
    pdf.font(TEXT_SIZE)
    return lines * height


def title_block(pdf: DocumentPDF, card: Card) -> None:
    pdf.font(15, bold=True)
    number = f"{card.pledge_id}."
    number_w = max(14.0, pdf.width(number) + 4)
    lines = pdf.wrap(card.title, CONTENT_WIDTH - number_w - 4)
    lh = pdf.line_height()
    height = max(12.0, len(lines) * lh + 5)
    y = pdf.get_y()
    pdf.set_fill_color(*rgb(NAVY))
    pdf.rect(MARGIN, y, number_w, height, style="F")
    pdf.set_text_color(*rgb(WHITE))
    pdf.put_text(MARGIN + (number_w - pdf.width(number)) / 2, y + (height - lh) / 2 + 0.4, number)
    pdf.set_text_color(*rgb(BLACK))
    pdf.set_draw_color(*rgb(NAVY))
    pdf.set_line_width(0.5)
    pdf.rect(MARGIN, y, CONTENT_WIDTH, height)
    pdf.set_draw_color(*rgb(BLACK))
    pdf.set_line_width(0.2)
    top = y + (height - len(lines) * lh) / 2 + 0.4
    for i, line in enumerate(lines):
        pdf.put_text(MARGIN + number_w + 3, top + i * lh, line)
    pdf.set_y(y + height + 1.5)
    pdf.font(8.5)
    pdf.set_text_color(*rgb(DOCUMENT_MUTED))
    facts = " · ".join(f"{label} {value}" for label, value in card.headline)
    term = f"{card.term} · " if card.term else ""
    pdf.put_text(MARGIN, pdf.get_y(), pdf.clean(f"{card.ward} · {term}{card.as_of.year}. {card.as_of.month}. "
                                                f"{card.as_of.day}. 기준   {facts}"))
    pdf.set_text_color(*rgb(BLACK))
    pdf.set_y(pdf.get_y() + pdf.line_height() + 2)


def choices_block(pdf: DocumentPDF, card: Card) -> None:
    column = CONTENT_WIDTH / 2
    top = pdf.get_y()
    pdf.ensure(30)
    top = pdf.get_y()
    y_left = y_right = top + 2
    for i, choice in enumerate(card.choices):
        left = i % 2 == 0
        pdf.set_y(y_left if left else y_right)
        used = _choice_line(pdf, choice, MARGIN + 3 + (0 if left else column), column - 5)
        if left:
            y_left += used
        else:
            y_right += used
    bottom = max(y_left, y_right) + 1.5
    pdf.set_draw_color(*rgb(DOCUMENT_RULE))
    pdf.rect(MARGIN, top, CONTENT_WIDTH, bottom - top)
    pdf.set_draw_color(*rgb(BLACK))
    pdf.set_y(bottom + 1)


def achievements_block(pdf: DocumentPDF, card: Card) -> None:
    if not card.achievements:
        pdf.paragraph("추진실적 미입력", size=8.5)
        return
    for group, lines in card.achievements:
        pdf.ensure(10)
        pdf.paragraph(group, size=9, bold=True, gap=0.3)
        pdf.paragraph("\n".join(f"- {text}: {date}" for text, date in lines), size=8.5, indent=2, gap=1.2)


#: the gap between the thumbnails of a row (mm)
PHOTO_GAP = 3.0


def evidence_block(pdf: DocumentPDF, card: Card) -> None:
    """증빙: the photos' thumbnails in rows (each with its caption under it), then every piece in a table."""
    photos = [e for e in card.evidence if e.thumbnail and e.thumb_size]
    width = (CONTENT_WIDTH - PHOTO_GAP * (PHOTOS_PER_ROW - 1)) / PHOTOS_PER_ROW
    for start in range(0, len(photos), PHOTOS_PER_ROW):
        row = photos[start:start + PHOTOS_PER_ROW]
        height = max(width * e.thumb_size[1] / e.thumb_size[0] for e in row)
        pdf.ensure(height + 12)
        top = pdf.get_y()
        for i, piece in enumerate(row):
            x = MARGIN + i * (width + PHOTO_GAP)
            w, h = width, width * piece.thumb_size[1] / piece.thumb_size[0]
            if h > height:
                w, h = w * height / h, height
            pdf.image(io.BytesIO(piece.thumbnail), x=x, y=top, w=w, h=h, alt_text=piece.caption)
            pdf.font(7.0)
            for n, line in enumerate(pdf.wrap(f"{piece.caption} ({piece.when})", width)[:2]):
                pdf.put_text(x, top + height + 0.8 + n * 3.2, line)
        pdf.set_y(top + height + 8.5)
    if card.evidence_table is not None:
        pdf.table(card.evidence_table)


def contacts_table(card: Card) -> Table:
    table = Table(widths=[1.0] * len(card.contacts), font_size=8.5)
    table.header.append([head(label) for label, _ in card.contacts])
    table.rows.append([Cell(value, align="C") for _, value in card.contacts])
    return table


def draw_card(pdf: DocumentPDF, card: Card) -> None:
    """The card from the top of a fresh page."""
    pdf.add_page()
    title_block(pdf, card)
    choices_block(pdf, card)
    section(pdf, "사업구분")
    pdf.paragraph("- " + card.business, size=TEXT_SIZE)
    texts = dict(card.texts)
    for title in ("정부·서울시 도움(권한 명확성)", "정책개요"):
        section(pdf, title)
        pdf.paragraph(texts[title], size=TEXT_SIZE)
    section(pdf, "정책현황 및 목표", keep=20)
    for label, key in (("현 황", "현황"), ("목 표", "목표")):
        pdf.ensure(10)
        pdf.paragraph(label, size=TEXT_SIZE, bold=True, gap=0.3)
        pdf.paragraph(texts[key], size=TEXT_SIZE, indent=2)
    section(pdf, "추진계획")
    pdf.paragraph(texts["추진계획"], size=TEXT_SIZE)
    pdf.table(card.schedule, heading="추진일정")
    if card.schedule.rows:
        pdf.font(7.5)
        pdf.set_text_color(*rgb(DOCUMENT_MUTED))
        pdf.put_text(MARGIN, pdf.get_y() - 1.5, pdf.clean(card.schedule_note))
        pdf.set_text_color(*rgb(BLACK))
        pdf.set_y(pdf.get_y() + 3)
    pdf.table(card.budget, heading="소요예산")
    if card.funding is not None:
        pdf.table(card.funding, heading="계획 · 확보 · 집행")
    pdf.table(card.indicators, heading="공약달성 확인지표")
    section(pdf, "추진실적")
    achievements_block(pdf, card)
    if card.evidence:
        section(pdf, "증빙 자료")
        evidence_block(pdf, card)
    if card.changes is not None:
        pdf.table(card.changes, heading="변경 내역 (이행계획 대비)")
    pdf.set_y(pdf.get_y() + 2)
    pdf.ensure(16)
    pdf.table(contacts_table(card))


def card_document(card: Card) -> bytes:
    term = f"{card.term} · " if card.term else ""
    pdf = DocumentPDF(footer_text=f"{card.ward} 공약관리카드 · 공약 {card.pledge_id} · {term}"
                                  f"{card.as_of.year}. {card.as_of.month}. {card.as_of.day}. 기준")
    pdf.set_title(f"{card.ward} 공약 {card.pledge_id} 공약관리카드")
    draw_card(pdf, card)
    return bytes(pdf.output())


__all__ = ["draw_card", "card_document", "section", "text_cell"]
