"""The tables behind the charts: Korean headers, numbers in display units.

Every chart on the wall screen is also available as a table (for reading
exact figures, for screen readers, and as the Excel/CSV download of
figures.export). So these functions take the same DataFrames as
figures.charts and return one DataFrame each, with:

- Korean column names, units in the header: 공약번호, 공약명, 이행단계, 상태,
  이행률(%), 예산(백만원), 담당부서 …;
- money converted from 원 to the display unit (백만원 or 억원) but kept as
  numbers, rates as numbers (75.0), dates as dates — so the Excel export keeps
  real numbers with number formats and officials can add them up;
- `formatted(table)` for the screen: the same table as text, "6,268",
  "75.0", "2020. 12. 31.", blanks as "".

`DataFrame.attrs["number_formats"]` names columns whose kind the header
cannot say (a year or a 기준일 as header); figures.export reads it.
"""

from figures.tables.cells import formatted
from figures.tables.counts import (
    rate_change_table,
    rate_history_table,
    stage_count_table,
    status_count_table,
    ward_table,
)
from figures.tables.money import (
    budget_year_table,
    pledge_source_table,
    source_table,
    subproject_budget_table,
)
from figures.tables.pledges import (
    achievement_table,
    path_table,
    pledge_table,
    schedule_table,
    subproject_table,
)

__all__ = [
    "achievement_table",
    "budget_year_table",
    "formatted",
    "path_table",
    "pledge_source_table",
    "pledge_table",
    "rate_change_table",
    "rate_history_table",
    "schedule_table",
    "source_table",
    "stage_count_table",
    "status_count_table",
    "subproject_budget_table",
    "subproject_table",
    "ward_table",
]
