"""증빙 on the residents' site: the approved pieces of a published quarter, their files and their lines.

A published quarter shows, with each pledge, the approved pieces (not removed) added to it or to an
earlier quarter of its pledge set (store.evidence.approved): residents see only what review let
through. The files are copied into the quarter's folder (`evidence/<id><ext>`, a photo's thumbnail
`evidence/<id>-thumb.jpg`), so every link is relative and nothing is fetched from another host;
the photos keep no location or device data (the store removed it when they were added).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from figures.formatting import file_size, format_date

FOLDER = "evidence"
#: pieces whose files are read from the store at once: a ward's 200 phone photos are not held in memory together
BATCH = 16

Files = Callable[[list[int]], dict[int, tuple[bytes, bytes | None]]]


def file_name(piece) -> str:
    return f"{piece.id}{piece.extension}"


def thumb_name(piece) -> str:
    return f"{piece.id}-thumb.jpg"


def write(folder: Path, pieces: list, files: Files | None) -> None:
    """The pieces' kept files (and photos' thumbnails) under `folder/evidence/`, read a batch at a time
    by `files` (store.evidence_files)."""
    if not pieces or files is None:
        return
    target = folder / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(pieces), BATCH):
        batch = pieces[start:start + BATCH]
        found = files([p.id for p in batch])
        for piece in batch:
            content, thumbnail = found[piece.id]
            (target / file_name(piece)).write_bytes(content)
            if thumbnail is not None:
                (target / thumb_name(piece)).write_bytes(thumbnail)


def attach(quarters: list, pieces: list) -> None:
    """Give each published quarter (its set known: documents.site.terms.arrange) the approved `pieces` of
    its set's quarters up to it, as the dashboard shows them with that quarter (store.evidence.listing)."""
    for quarter in quarters:
        owner = quarter.owner
        dates = {d for d in owner.dates if d <= quarter.as_of} if owner else {quarter.as_of}
        quarter.evidence = [p for p in pieces if p.as_of in dates]


def for_page(pieces: list, pledge_id: str) -> dict[str, list[dict]]:
    """The pledge's photos and documents as its page shows them (links relative to the quarter's folder)."""
    photos, documents = [], []
    for piece in pieces:
        if piece.pledge_id != pledge_id:
            continue
        shown = {"caption": piece.caption, "subproject": piece.subproject,
                 "date": format_date(piece.taken_on) if piece.taken_on else "",
                 "href": f"{FOLDER}/{file_name(piece)}", "file_name": piece.saved_name,
                 "size": file_size(piece.bytes)}
        if piece.kind == "사진" and piece.thumb_width:
            photos.append({**shown, "thumb": f"{FOLDER}/{thumb_name(piece)}", "width": piece.thumb_width,
                           "height": piece.thumb_height})
        else:
            documents.append(shown)
    return {"photos": photos, "documents": documents}


def counts(pieces: list) -> str:
    """`사진 3건, 문서 1건` (or empty)."""
    photos = sum(p.kind == "사진" for p in pieces)
    parts = [f"사진 {photos}건"] * bool(photos) + [f"문서 {len(pieces) - photos}건"] * bool(len(pieces) - photos)
    return ", ".join(parts)
