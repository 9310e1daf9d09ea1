"""Every per-snapshot figure in one JSON-ready document, computed once when a quarter is stored.

The store keeps this document beside each snapshot (`store/stored_figures.py`), so the
city view and ward lists read 25 small documents instead of recomputing 25 wards'
figures from their rows. It is the summary contract (`figures.summary.ward_summary`)
plus the evaluation figures and the ward's budget by source.
"""

from __future__ import annotations

from figures.budget import ward_by_source, ward_total
from figures.evaluation import evaluate
from figures.progress import pledge_progress
from figures.summary import ward_summary
from loaders.frames import SnapshotFrames

#: bump when the document's shape or a rule behind it changes: stored documents are then recomputed
FIGURES_VERSION = 1


def snapshot_figures(frames: SnapshotFrames) -> dict:
    evaluation = evaluate(frames, pledge_progress(frames))
    split = ward_by_source(frames)
    return {
        "version": FIGURES_VERSION,
        "summary": ward_summary(frames),
        "evaluation": {
            "year": evaluation.year,
            "completion": [evaluation.completion.numerator, evaluation.completion.denominator],
            "annual": [evaluation.annual.numerator, evaluation.annual.denominator],
            "no_target": [pid for pid, _ in evaluation.no_target],
        },
        "budget": {"total": int(ward_total(frames)),
                   "by_source": {s: int(a) for s, a in zip(split["source"], split["amount"], strict=True)}},
    }
