"""Showing a `store.preview.Preview` (the upload page before 저장, and the review of a version).

Only lays out what `figures.preview` computed: the version replaced, the
differences to it and to the previous quarter, and every warning.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import plain
from figures.formatting import format_date, format_money, format_rate, object_particle
from figures.preview import UploadDiff, diff_lines
from store.preview import Preview


def headline(preview: Preview) -> str:
    where = f"{preview.ward} {format_date(preview.as_of)} 기준"
    if preview.same_file_version is not None:
        return f"{where}: 이미 저장된 파일과 같습니다 (버전 {preview.same_file_version}). 저장해도 달라지는 것이 없습니다."
    if preview.replaces_version is not None:
        old = preview.replaces_version
        return (f"{where}: 버전 {old}{object_particle(old)} 바꿉니다. 저장하면 새 버전 {preview.new_version}이(가) "
                f"보이고, 버전 {old}은(는) 기록에 남아 되돌릴 수 있습니다.")
    return f"{where}: 새 기준일입니다 (저장하면 버전 1)."


def _diff_table(diff: UploadDiff) -> pd.DataFrame:
    rows = [("공약 추가", f"{pid} {title}", "", "") for pid, title in diff.pledges_added]
    rows += [("공약 빠짐", f"{pid} {title}", "", "") for pid, title in diff.pledges_dropped]
    rows += [("세부사업 추가", f"공약 {pid}", name, "") for pid, name in diff.subprojects_added]
    rows += [("세부사업 빠짐", f"공약 {pid}", name, "") for pid, name in diff.subprojects_dropped]
    for pid, title, rate_before, rate_after, status_before, status_after in diff.pledge_moves:
        change = f"{format_rate(rate_before)} → {format_rate(rate_after)}"
        if status_before != status_after:
            change += f" · 상태 {status_before or '-'} → {status_after or '-'}"
        rows.append(("이행률·상태", f"{pid} {title}", "", change))
    rows += [("실적 감소", f"공약 {pid}", name, f"{before:g} → {after:g}")
             for pid, name, before, after in diff.backward]
    rows += [("예산", source, "", f"{format_money(before)} → {format_money(after)}")
             for source, before, after in diff.budget_changes]
    return pd.DataFrame(rows, columns=["무엇", "공약", "세부사업", "바뀐 값"])


def show_preview(preview: Preview, *, key: str) -> None:
    (st.warning if preview.replaces_version is not None else st.info)(plain(headline(preview)))
    for diff in (preview.against_replaced, preview.against_previous):
        if diff is None:
            continue
        st.markdown(f"**{plain(diff.label)}** · 구 이행률 {plain(format_rate(diff.rate_before))} → "
                    f"{plain(format_rate(diff.rate_after))}")
        if diff.unchanged:
            st.caption("달라진 것이 없습니다.")
        else:
            st.dataframe(_diff_table(diff), hide_index=True, width="stretch", key=f"{key}_{diff.label}")
            st.text("\n".join(diff_lines(diff)))
    if preview.against_previous is None:
        st.caption("지난 분기 없음: 비교할 이전 기준일 자료가 없습니다.")
    if preview.warnings:
        st.markdown(f"**경고 {len(preview.warnings)}건** (저장할 수 있지만 확인해 주세요)")
        st.dataframe(
            pd.DataFrame([(w.sheet, w.cell, w.message) for w in preview.warnings], columns=["시트", "셀", "내용"]),
            hide_index=True, width="stretch", key=f"{key}_warnings",
        )
