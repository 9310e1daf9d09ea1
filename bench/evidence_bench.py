"""Adding a 12-megapixel phone photo as 증빙: `inspect_evidence` through the bounded worker.

    python bench/evidence_bench.py [RUNS]

Goal (issue 29): < 1.5 s, thumbnail included. The photo is 4000×3000, made here to be as
hard as a phone's: detail (noise) that JPEG compresses badly (a ~6 MB file at quality 92),
EXIF with GPS, and Orientation 6, so every run turns the photo, re-encodes it and makes
its thumbnail. Timed as the app will call it, `run_bounded` on a warm worker (the pickled
photo crossing the socket both ways included), after one untimed call that imports Pillow
in the worker. Prints the median, min and max of RUNS (default 7), and, for comparison,
the same picture as WebP and, with a finer grain, as PNG (not the goal: phones write JPEG).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from loaders import bounded  # noqa: E402
from loaders.evidence import EvidenceFile  # noqa: E402

TARGET = "loaders.evidence:inspect_evidence"
GOAL_SECONDS = 1.5


def phone_photo(fmt: str = "JPEG", grain_sigma: float = 48) -> bytes:
    """4000×3000 with grain on two channels and a gradient on the third, plus a phone's EXIF."""
    size = (4000, 3000)
    grain = Image.effect_noise(size, grain_sigma)
    image = Image.merge("RGB", (grain, Image.linear_gradient("L").resize(size), grain.transpose(0)))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F], exif[0x0110] = "Samsung", "SM-S918N"
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 59.5), 3: "E", 4: (126.0, 58.0, 41.0)}
    exif[0x8769] = {0x9003: "2024:05:17 14:03:22"}
    out = io.BytesIO()
    options = {"JPEG": {"quality": 92}, "PNG": {"compress_level": 6}, "WEBP": {"quality": 90}}[fmt]
    image.save(out, fmt, exif=exif, **options)
    return out.getvalue()


def measure(data: bytes, name: str, runs: int) -> float:
    kept = bounded.run_bounded(TARGET, data, name)  # untimed: the worker imports Pillow
    assert isinstance(kept, EvidenceFile) and (kept.width, kept.height) == (3000, 4000), kept
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        bounded.run_bounded(TARGET, data, name)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"{name}: {len(data) / 1024 / 1024:.1f} MB in, {len(kept.content) / 1024 / 1024:.1f} MB kept, "
          f"thumbnail {kept.thumb_width}×{kept.thumb_height} {len(kept.thumbnail or b'') / 1024:.0f} KB; "
          f"median {median:.3f} s of {runs} (min {min(times):.3f}, max {max(times):.3f})")
    return median


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    bounded.start_workers()
    median = measure(phone_photo("JPEG"), "phone.jpg", runs)
    print(f"goal < {GOAL_SECONDS} s: {'met' if median < GOAL_SECONDS else 'NOT met'}")
    # a PNG of that grain would pass 20 MB: a finer grain instead (16 MB)
    for fmt, name, sigma in (("PNG", "photo.png", 4), ("WEBP", "photo.webp", 48)):
        measure(phone_photo(fmt, sigma), name, max(3, runs // 2))
    bounded.shutdown()


if __name__ == "__main__":
    main()
