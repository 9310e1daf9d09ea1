"""The file side of 증빙 (issue 29): judge a handed-in file by its content, and prepare a photo for keeping.

`inspect_evidence(data, file_name)` says what the file really is (loaders/evidence_kinds.py;
its name only words the message) and returns what is to be kept: a document's bytes as they
came, a photo decoded and encoded anew without its metadata, upright, at most 4,096 px, with
its thumbnail (loaders/evidence_photo.py). It is meant to run only in the bounded worker,
because decoding an image is exactly what a decompression bomb attacks:

    run_bounded("loaders.evidence:inspect_evidence", data, file_name)

raises `EvidenceRefused` (a Korean sentence naming the file, what it is and what is
accepted) for a file that is not kept, and `loaders.bounded.BoundedRefusal` when the worker
ran out of memory or time. Nothing here touches a database or Streamlit.

Accepted: photos JPEG, PNG, WebP; documents PDF, HWP (5.0), HWPX, XLSX, DOCX; up to 20 MB,
photos up to 50 megapixels. docs/security.md ("증빙 파일") says why each limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loaders.evidence_kinds import ACCEPTED, MAX_EVIDENCE_BYTES, EvidenceRefused, judge
from loaders.evidence_photo import MAX_PIXELS, MAX_SIDE, THUMB_SIDE, keep_photo

__all__ = [
    "ACCEPTED", "MAX_EVIDENCE_BYTES", "MAX_PIXELS", "MAX_SIDE", "THUMB_SIDE",
    "EvidenceFile", "EvidenceRefused", "inspect_evidence",
]


@dataclass(frozen=True)
class EvidenceFile:
    """What is kept of one accepted file.

    `kind` is 사진 or 문서; `media_type` and `extension` are those of the content (a JPEG named
    사진.png is kept as .jpg); `content` the bytes to keep; for a photo, `thumbnail` (JPEG,
    320 px on the longer side), the kept and the thumbnail's sizes, and `taken_on`, the day of
    EXIF DateTimeOriginal if the camera wrote one (read before the metadata is dropped). A
    document's photo fields are None.
    """

    kind: str
    media_type: str
    extension: str
    content: bytes
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None
    thumb_width: int | None = None
    thumb_height: int | None = None
    taken_on: dt.date | None = None


def inspect_evidence(data: bytes, file_name: str) -> EvidenceFile:
    """The file as it is to be kept, or `EvidenceRefused`; run it in the bounded worker."""
    data = bytes(data)
    kind = judge(data, file_name)
    if kind.pil_format is None:
        return EvidenceFile(kind.kind, kind.media_type, kind.extension, data)
    photo = keep_photo(data, kind, file_name)
    return EvidenceFile(kind.kind, kind.media_type, kind.extension, photo.content, photo.thumbnail,
                        photo.width, photo.height, photo.thumb_width, photo.thumb_height, photo.taken_on)
