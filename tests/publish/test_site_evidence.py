"""증빙 on the residents' site (issue 29): only what review approved, copied without location data, with
its caption as the photo's text alternative; the card PDF is drawn from the published version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from PIL import Image

from documents.site import publish
from loaders import read_workbook
from loaders.template import template_bytes
from tests.documents.conftest import pdf_text  # noqa: F401
from tests.store.test_evidence import photo
from tests.uploads.test_uploads import P25

YDP, AS_OF = "영등포구", dt.date(2020, 12, 31)
CAPTION = "문래동 공원 준공 현장"


def _renamed() -> bytes:
    """A newer version of the same quarter whose pledge 25 has another title (left unreviewed)."""
    snap = read_workbook(P25).snapshot
    pledges = tuple(dataclasses.replace(p, title="검토 전 제목") for p in snap.pledges)
    return template_bytes(dataclasses.replace(snap, pledges=pledges))


@pytest.fixture
def store(tmp_path):
    from store import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert opened.import_file(P25).ok
    opened.approve(YDP, AS_OF, by="총괄")
    yield opened
    opened.engine.dispose()


def test_only_approved_evidence_is_published_without_its_location(store, tmp_path, pdf_text):  # noqa: F811
    piece = store.add_evidence(photo((1600, 1200)), "IMG_0001.jpg", ward=YDP, as_of=AS_OF, pledge_id="25",
                               caption=CAPTION, taken_on=dt.date(2020, 11, 3), by="담당")
    store.import_file(_renamed(), file_name="v2.xlsx")  # newer and not approved: residents must not see it
    out = tmp_path / "site"
    publish(store, out, pdf=True)
    folder = out / YDP / AS_OF.isoformat()
    page = (folder / "pledge-25.html").read_text(encoding="utf-8")
    assert "승인된 증빙이 없습니다." in page and CAPTION not in page
    assert not (folder / "evidence").exists()
    card = pdf_text((folder / "pledge-25.pdf").read_bytes())
    assert CAPTION not in card and "검토 전 제목" not in card

    assert "증빙 1건" in store.approve(YDP, AS_OF, by="총괄", version=1)  # the published version again
    again = publish(store, out, pdf=True)
    assert again.kept == 0
    page = (folder / "pledge-25.html").read_text(encoding="utf-8")
    assert f'<img src="evidence/{piece.id}-thumb.jpg" alt="{CAPTION}" width="320" height="240"' in page
    assert "2020. 11. 3." in page and "검토 전 제목" not in page
    kept = Image.open(folder / "evidence" / f"{piece.id}.jpg")
    assert kept.size == (1600, 1200) and dict(kept.getexif()) == {}
    assert Image.open(io.BytesIO((folder / "evidence" / f"{piece.id}-thumb.jpg").read_bytes())).size == (320, 240)
    card = pdf_text((folder / "pledge-25.pdf").read_bytes())
    assert CAPTION in card and "검토 전 제목" not in card
    opendata = (folder / "data" / "증빙.csv").read_text(encoding="utf-8-sig")
    assert f"evidence/{piece.id}.jpg" in opendata and CAPTION in opendata


def test_a_removed_piece_leaves_the_site_at_the_next_publication(store, tmp_path):
    piece = store.add_evidence(photo(gps=False), "a.jpg", ward=YDP, as_of=AS_OF, pledge_id="25",
                               caption=CAPTION, by="담당")
    store.approve(YDP, AS_OF, by="총괄")
    out = tmp_path / "site"
    publish(store, out, pdf=False)
    folder = out / YDP / AS_OF.isoformat()
    assert (folder / "evidence" / f"{piece.id}.jpg").is_file()
    store.remove_evidence(piece.id, "다른 공약의 사진", by="담당")
    publish(store, out, pdf=False)
    assert not (folder / "evidence" / f"{piece.id}.jpg").exists()
    assert CAPTION not in (folder / "pledge-25.html").read_text(encoding="utf-8")
