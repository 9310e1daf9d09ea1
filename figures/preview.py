"""What a workbook would change, before it is stored (the upload preview, `import --dry-run`, review).

An official uploading a file for a 기준일 that already exists replaces what
everyone sees, and one for a new 기준일 is compared with the quarter before.
Either way the official sees, before pressing 저장, every pledge and
sub-project added or dropped, every 이행률 and status that moves, every 실적 that
goes backwards and every budget total by source that changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from figures.budget import ward_by_source
from figures.changes import compare
from figures.formatting import format_date, format_money, format_rate
from loaders.frames import SnapshotFrames


@dataclass
class UploadDiff:
    """The difference between a stored snapshot (`before`) and the uploaded one."""

    label: str  # e.g. "버전 2와 비교" or "지난 분기(2019. 12. 31.)와 비교"
    rate_before: float | None
    rate_after: float | None
    pledges_added: list[tuple[str, str]] = field(default_factory=list)  # (공약번호, 공약명)
    pledges_dropped: list[tuple[str, str]] = field(default_factory=list)
    subprojects_added: list[tuple[str, str]] = field(default_factory=list)  # (공약번호, 세부사업)
    subprojects_dropped: list[tuple[str, str]] = field(default_factory=list)
    #: (공약번호, 공약명, 이행률 전, 이행률 후, 상태 전, 상태 후) for every pledge whose rate or status moved
    pledge_moves: list[tuple[str, str, float | None, float | None, str | None, str | None]] = field(
        default_factory=list
    )
    #: (공약번호, 세부사업, 실적 전, 실적 후)
    backward: list[tuple[str, str, float, float]] = field(default_factory=list)
    #: (재원, 원 전, 원 후) for every source whose total changed
    budget_changes: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.pledges_added or self.pledges_dropped or self.subprojects_added
                    or self.subprojects_dropped or self.pledge_moves or self.backward
                    or self.budget_changes or self.rate_before != self.rate_after)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def upload_diff(before: SnapshotFrames, after: SnapshotFrames, label: str) -> UploadDiff:
    changes = compare(before, after)
    diff = UploadDiff(label, changes.rate_before, changes.rate_after)
    for r in changes.pledges.to_dict("records"):
        if r["new"]:
            diff.pledges_added.append((r["pledge_id"], r["title"]))
        elif r["dropped"]:
            diff.pledges_dropped.append((r["pledge_id"], r["title"]))
        elif not _same(r["rate_before"], r["rate_after"]) or r["status_changed"]:
            diff.pledge_moves.append((r["pledge_id"], r["title"], r["rate_before"], r["rate_after"],
                                      r["status_before"], r["status_after"]))
    for r in changes.subprojects.to_dict("records"):
        key = (r["pledge_id"], r["subproject"])
        if r["new"]:
            diff.subprojects_added.append(key)
        elif r["dropped"]:
            diff.subprojects_dropped.append(key)
        elif r["backward"]:
            diff.backward.append((*key, float(r["actual_before"]), float(r["actual_after"])))
    old = dict(zip(*(ward_by_source(before)[c].tolist() for c in ("source", "amount")), strict=True))
    new = dict(zip(*(ward_by_source(after)[c].tolist() for c in ("source", "amount")), strict=True))
    for source in [*old, *(s for s in new if s not in old)]:
        if int(old.get(source, 0)) != int(new.get(source, 0)):
            diff.budget_changes.append((source, int(old.get(source, 0)), int(new.get(source, 0))))
    return diff


def diff_lines(diff: UploadDiff) -> list[str]:
    """The diff as Korean lines, in the order an official checks them."""
    lines = [f"구 이행률 {format_rate(diff.rate_before)} → {format_rate(diff.rate_after)}"]
    if diff.unchanged:
        return [*lines, "달라진 것이 없습니다"]
    lines += [f"공약 추가: {pid} {title}" for pid, title in diff.pledges_added]
    lines += [f"공약 빠짐: {pid} {title}" for pid, title in diff.pledges_dropped]
    lines += [f"세부사업 추가: 공약 {pid} '{name}'" for pid, name in diff.subprojects_added]
    lines += [f"세부사업 빠짐: 공약 {pid} '{name}'" for pid, name in diff.subprojects_dropped]
    for pid, title, rate_before, rate_after, status_before, status_after in diff.pledge_moves:
        status = f", 상태 {status_before or '-'} → {status_after or '-'}" if status_before != status_after else ""
        lines.append(f"공약 {pid} {title}: 이행률 {format_rate(rate_before)} → {format_rate(rate_after)}{status}")
    lines += [f"실적 감소: 공약 {pid} '{name}' {before:g} → {after:g}" for pid, name, before, after in diff.backward]
    lines += [f"예산 {source}: {format_money(before)} → {format_money(after)}"
              for source, before, after in diff.budget_changes]
    return lines


def previous_label(previous: SnapshotFrames) -> str:
    return f"지난 분기({format_date(previous.as_of)})와 비교"
