"""The ward's quarterly report on A4: cover, the sections, then every pledge's card."""

from __future__ import annotations

from documents.pdf import CONTENT_WIDTH, MARGIN, PAGE_HEIGHT, DocumentPDF
from documents.pdf_card import draw_card
from documents.report import Report
from figures.colors import NAVY, rgb
from figures.formatting import format_date


def _cover(pdf: DocumentPDF, report: Report) -> None:
    pdf.add_page()
    y = PAGE_HEIGHT * 0.28
    pdf.set_fill_color(*rgb(NAVY))
    pdf.rect(MARGIN, y - 8, CONTENT_WIDTH, 1.2, style="F")
    pdf.font(24, bold=True)
    for line in pdf.wrap(report.title, CONTENT_WIDTH):
        pdf.put_text(MARGIN, y, line)
        y += pdf.line_height()
    y += 4
    pdf.font(12)
    for line in report.cover:
        for part in pdf.wrap(line, CONTENT_WIDTH):
            pdf.put_text(MARGIN, y, part)
            y += pdf.line_height() + 1
    y += 10
    pdf.font(11, bold=True)
    pdf.put_text(MARGIN, y, "차 례")
    y += 8
    pdf.font(10)
    entries = [s.title for s in report.sections] + [f"공약관리카드 ({len(report.cards)}건)"]
    for i, title in enumerate(entries, start=1):
        pdf.put_text(MARGIN + 4, y, f"{i}. {pdf.clean(title)}")
        y += 6.5
    pdf.set_fill_color(*rgb(NAVY))
    pdf.rect(MARGIN, y + 6, CONTENT_WIDTH, 0.6, style="F")


def draw_report(pdf: DocumentPDF, report: Report) -> None:
    _cover(pdf, report)
    pdf.add_page()
    for number, part in enumerate(report.sections, start=1):
        if number > 1:
            pdf.set_y(pdf.get_y() + 4)
            pdf.ensure(40)
        pdf.font(14, bold=True)
        pdf.put_text(MARGIN, pdf.get_y(), f"{number}. {pdf.clean(part.title)}")
        pdf.set_y(pdf.get_y() + pdf.line_height() + 2)
        for block in part.blocks:
            if isinstance(block, str):
                pdf.paragraph(block, size=9, gap=2)
                continue
            pdf.table(block, heading=block.title)
    for card in report.cards:
        draw_card(pdf, card)


def report_document(report: Report) -> bytes:
    pdf = DocumentPDF(footer_text=f"{report.title} · {format_date(report.as_of)} 기준")
    pdf.set_title(f"{report.title} ({format_date(report.as_of)} 기준)")
    draw_report(pdf, report)
    return bytes(pdf.output())
