"""What an earlier publication wrote into a folder, and from what: so that `pledges publish` writes only what changed.

Each quarter's files come in three parts (its page with open data, its pledge pages, its cards);
MANIFEST in the output folder keeps, per quarter folder and part, the key of what the part was
drawn from and the files it wrote. A part whose key is the same and whose files are all still
there is kept (see documents/site/build.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from documents.site.quarter import PublishedQuarter

#: what the kept files were drawn from, per quarter folder, and which files each part wrote
MANIFEST = ".publish-manifest.json"


def keys(quarter: PublishedQuarter, quarters: list[PublishedQuarter], cards: bool, fmt: str) -> dict:
    """The key of each part of a quarter's files: what they are drawn from, and the output format."""
    def key(*parts: object) -> str:
        return hashlib.sha256(repr((fmt, *parts)).encode("utf-8")).hexdigest()

    own = (quarter.snapshot_id, quarter.previous.snapshot_id if quarter.previous else None, quarter.set_name,
           quarter.owner.final_record == quarter.as_of if quarter.owner else None, quarter.plan_as_of,
           repr(quarter.adjustments), repr(quarter.evidence))
    its_set = [(q.as_of, q.snapshot_id) for q in quarters if q.owner is quarter.owner]
    return {"quarter": key("quarter", own), "pledges": key("pledges", own, its_set, cards),
            "cards": key("cards", own) if cards else None}


def files(folder: Path, part: str) -> list[str]:
    """The files of one part of a quarter's folder, relative to it, as they are now."""
    if not folder.is_dir():
        return []
    found = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    pledge = [f for f in found if f.startswith("pledge-") and "/" not in f]
    if part == "pledges":
        return [f for f in pledge if f.endswith(".html")]
    if part == "cards":
        return [f for f in pledge if f.endswith(".pdf")]
    return [f for f in found if f not in pledge]


def kept(folder: Path, before: dict, part: str, key: str | None) -> bool:
    """The part was published under this key and its files are all still there."""
    was = before.get(part) or {}
    return key is not None and was.get("key") == key and all((folder / f).is_file() for f in was.get("files", []))


def clear(folder: Path, before: dict, part: str) -> None:
    """Remove the files an earlier publication wrote for this part (a pledge or a 증빙 may be gone)."""
    for name in (before.get(part) or {}).get("files", []):
        (folder / name).unlink(missing_ok=True)


def read(out: Path) -> dict:
    """The quarters' parts an earlier publication wrote into `out` (empty when there is none, or it is unreadable)."""
    try:
        document = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return dict(document["quarters"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write(out: Path, fmt: str, quarters: dict) -> None:
    partial = out / f"{MANIFEST}.{os.getpid()}.partial"
    partial.write_text(json.dumps({"format": fmt, "quarters": quarters}, ensure_ascii=False, indent=1,
                                  sort_keys=True), encoding="utf-8")
    os.replace(partial, out / MANIFEST)
