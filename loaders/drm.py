"""Files locked by a document-security (DRM) product, recognised by the header it writes.

Korean offices run DRM agents that encrypt every document saved on a PC: the file
keeps its name (분기자료.xlsx) but its bytes are the product's container, which no
reader can open without the agent. Such a file is not damaged and not "not a
workbook"; the official must remove the protection (or ask whoever can) first.

Each marker is the start of the file as the product writes it. Only markers seen in
public sources are listed; none was guessed. Where each came from:

- SoftCamp Document Security: ``SCDSA`` followed by a version, seen as ``SCDSA002``
  and ``SCDSA004``. Public Korean projects on GitHub that reject or route these files
  by their first bytes: an upload checker's ``IsDRM`` (C#) tests the prefix
  ``SCDSA00``; an ingestion design note reads ``53 43 44 53 41 30 30 32`` off real
  protected .xlsx/.docx files and spells SCDS out as SoftCamp Document Security; a
  collector's tests carry a ward office's SoftCamp attachment starting ``SCDSA004``.
- Fasoo DRM: ``\\x9b DRMONE  This Document is encrypted and protected by Fasoo DRM``
  (the same ``IsDRM`` list; a collector of city-hall board attachments that measured
  Fasoo-locked ``.xlsx`` files; several parsers' tests), and the older
  ``<!-- FasooSecureContainer`` (the same ``IsDRM`` list and a document classifier's
  tests). Only the leading ``\\x9b DRMONE`` is matched of the first.
- MarkAny Document SAFER: ``<DOCUMENT SAFER`` (seen whole as ``<DOCUMENT SAFER V2010 R2>``;
  the same ``IsDRM`` list and several in-house document pipelines that skip such files).

Searched and not found in any public source, so not recognised: a Fasoo header
``<## FSN``, and any file header of Somansa (whose products are DLP, not file DRM).
"""

from __future__ import annotations

#: (leading bytes, the product named to the official)
MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"SCDSA", "SoftCamp Document Security"),
    (b"\x9b DRMONE", "Fasoo DRM"),
    (b"<!-- FasooSecureContainer", "Fasoo DRM"),
    (b"<DOCUMENT SAFER", "MarkAny Document SAFER"),
)


def drm_product(data: bytes) -> str | None:
    """The DRM product whose header starts `data`, or None."""
    for marker, product in MARKERS:
        if data.startswith(marker):
            return product
    return None


def drm_message(product: str) -> str:
    return (
        f"문서보안(DRM)이 적용된 파일입니다 ({product}). 이 파일은 암호화되어 있어 읽을 수 없습니다. "
        "문서보안 프로그램에서 보안을 해제한 뒤 올려 주세요"
    )
