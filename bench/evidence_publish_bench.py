"""Publishing a ward with 200 photos against the same ward without (`python bench/evidence_publish_bench.py [PAIRS]`).

Goal (issue 29): publishing a ward with 200 photos adds < 10 s. Two stores hold the same
120-pledge ward (bench/workbooks.py), approved; one has 200 phone photos (4000×3000 JPEG of
about 5 MB each, kept at that size with their thumbnails) spread over its first 50 pledges, four
each, approved with the quarter. Each store is published into a new folder, card PDFs included
(their 증빙 lists carry the thumbnails), pair by pair (without, then with, PAIRS times; default
3). Prints the medians and their difference, and what the photos add to the site on disk.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evidence_bench import phone_photo  # noqa: E402
from bench.workbooks import write_ward  # noqa: E402

WARD, AS_OF = "벤치구", dt.date(2024, 6, 30)
PHOTOS, PLEDGES_WITH = 200, 50
GOAL_SECONDS = 10.0


def make_store(folder: Path, photos: int) -> str:
    from store import open_store

    url = f"sqlite:///{folder / f'ward_{photos}.sqlite'}"
    store = open_store(url)
    workbook = write_ward(folder / f"ward_{photos}.xlsx", WARD, AS_OF)
    assert store.import_file(workbook, by="bench").ok
    picture = phone_photo("JPEG", grain_sigma=24)
    for i in range(photos):
        store.add_evidence(picture, f"현장{i + 1}.jpg", ward=WARD, as_of=AS_OF, pledge_id=str(i % PLEDGES_WITH + 1),
                           caption=f"현장 사진 {i + 1}", taken_on=dt.date(2024, 5, 1 + i % 28), by="bench")
    store.approve(WARD, AS_OF, by="bench")
    store.engine.dispose()
    return url


def publish_once(url: str, out: Path) -> float:
    from documents.site import publish
    from store import open_store

    shutil.rmtree(out, ignore_errors=True)
    store = open_store(url)
    started = time.perf_counter()
    result = publish(store, out, pdf=True)
    elapsed = time.perf_counter() - started
    store.engine.dispose()
    assert result.pdfs == 120, result
    return elapsed


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        plain, rich = make_store(folder, 0), make_store(folder, PHOTOS)
        print(f"two stores made in {time.perf_counter() - started:.0f} s "
              f"({PHOTOS} photos of {len(phone_photo('JPEG', 24)) / 1e6:.1f} MB added through the bounded worker)")
        without, with_photos = [], []
        for _ in range(pairs):
            without.append(publish_once(plain, folder / "site_0"))
            with_photos.append(publish_once(rich, folder / "site_1"))
        evidence = folder / "site_1" / WARD / AS_OF.isoformat() / "evidence"
        size = sum(p.stat().st_size for p in evidence.iterdir())
        added = statistics.median(with_photos) - statistics.median(without)
        print(f"publish (card PDFs included): without {statistics.median(without):.1f} s, with {PHOTOS} photos "
              f"{statistics.median(with_photos):.1f} s (medians of {pairs} pairs): adds {added:.1f} s; "
              f"goal < {GOAL_SECONDS:.0f} s: {'met' if added < GOAL_SECONDS else 'NOT met'}")
        print(f"the photos on the site: {len(list(evidence.iterdir()))} files, {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
