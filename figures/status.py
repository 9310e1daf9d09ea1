"""The status vocabulary: names, one-line definitions from the spec, and colours.

One colour per status everywhere (cards, tables, Gantt bars, charts), from the
Okabe–Ito palette of `figures.colors`: 완료 blue and 지연 vermillion differ in
lightness as well as hue, 정상 bluish green is never next to a red, and the
"not rated" statuses are greys.
"""

from __future__ import annotations

from figures.colors import (
    BLUE,
    BLUISH_GREEN,
    GREY,
    LIGHT_GREY,
    LINE_GREY,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
)
from figures.formatting import NO_RATE
from loaders.model import SOURCES, STAGES, UNASSIGNED_SOURCE

STATUSES: tuple[str, ...] = ("완료", "정상", "지연", "보류", "폐기", "지표 없음")
#: the five statuses of the summary contract's counts (지표 없음 only when present)
COUNTED_STATUSES: tuple[str, ...] = STATUSES[:5]
NO_INDICATOR = NO_RATE  # figures.formatting, the one home of the word

DEFINITIONS: dict[str, str] = {
    "완료": "실적이 목표에 도달함 (실적 ≥ 목표)",
    "정상": "실적이 기준일까지의 계획 이상 (실적 ≥ 계획)",
    "지연": "실적이 기준일까지의 계획에 못 미침 (실적 < 계획)",
    "보류": "이행단계가 '보류'로 입력됨 (다른 판정보다 우선)",
    "폐기": "이행단계가 '폐기'로 입력됨 (다른 판정보다 우선)",
    "지표 없음": "확인지표에 계획 또는 실적 행이 없어 이행률 계산에서 제외",
}
OVERDUE = "기한 경과"
OVERDUE_DEFINITION = "추진일정의 마지막 예정 분기가 지났는데 목표에 도달하지 못함"

COLORS: dict[str, str] = {
    "완료": BLUE,
    "정상": BLUISH_GREEN,
    "지연": VERMILLION,
    "보류": ORANGE,
    "폐기": GREY,
    "지표 없음": LIGHT_GREY,
}

SOURCE_COLORS: dict[str, str] = {
    "구비": BLUE,
    "시비": SKY_BLUE,
    "국비": BLUISH_GREEN,
    "민자": ORANGE,
    "기타": REDDISH_PURPLE,
    UNASSIGNED_SOURCE: LINE_GREY,
}
SOURCE_ORDER: tuple[str, ...] = (*SOURCES, UNASSIGNED_SOURCE)
STAGE_ORDER: tuple[str, ...] = STAGES
NO_STAGE = "미입력"
