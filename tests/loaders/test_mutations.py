"""Random cell mutations of a valid workbook give findings or a clean read, never an exception."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from loaders import read_workbook
from tests.loaders.conftest import pledge25_workbook

SHEETS = ["개요", "공약", "추진일정", "소요예산", "확인지표", "추진실적"]
values = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["-", "△3", "1,889", "20%", "'18. 7.", "계", "공약번호", "=1+1", "2018년", "1Q"]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.booleans(),
)
mutation = st.tuples(st.sampled_from(SHEETS), st.integers(1, 14), st.integers(1, 24), values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=6))
def test_mutated_workbook_reads_or_reports(mutations):
    wb = pledge25_workbook()
    for sheet, row, col, value in mutations:
        cell = wb[sheet].cell(row, col)
        if type(cell).__name__ == "MergedCell":
            continue
        if isinstance(value, float) and value != value:
            value = None
        try:
            cell.value = value
        except (ValueError, TypeError, IllegalCharacterError):
            continue  # openpyxl itself refuses the value (control characters)
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
    except Exception:  # openpyxl cannot write some control characters; not a loader case
        reject()
    result = read_workbook(buffer.getvalue())
    assert result.ok or result.errors
    for finding in result.findings:
        assert finding.message and finding.level in ("error", "warning")
