"""Regenerate the sample workbooks in data/ from the seed documents (`python data/make_samples.py`).

Only facts the documents state are used; the rest is left empty (a pledge with
no budget, no schedule or only a plan is real data too). data/README.md says
which document each figure came from.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.model import (
    Achievement,
    BudgetRow,
    Indicator,
    IndicatorPoint,
    Pledge,
    Snapshot,
    SubProject,
)
from loaders.template import achievement_date_text, write_workbook

HERE = Path(__file__).resolve().parent
M = 1_000_000
D = dt.date


def quarters(first: str, last: str) -> tuple[str, ...]:
    (fy, fq), (ly, lq) = (tuple(int(x) for x in q.split("Q")) for q in (first, last))
    return tuple(
        f"{y}Q{q}" for y in range(fy, ly + 1) for q in range(1, 5) if (fy, fq) <= (y, q) <= (ly, lq)
    )


def ach(pid: str, sub: str | None, text: str, start: dt.date | None, sp: str | None,
        end: dt.date | None = None, ep: str | None = None, open_end: bool = False) -> Achievement:
    a = Achievement(pid, sub, text, start, sp, end, ep, open_end)  # type: ignore[arg-type]
    return Achievement(pid, sub, text, start, sp, end, ep, open_end, achievement_date_text(a) or "")  # type: ignore[arg-type]


# --- 영등포구 pledge 25 (seed 002) -----------------------------------------------------

P25 = "25"
S1, S2, S3 = "도시공간구조 개편방안 마련", "산업혁신 앵커시설 조성", "기계금속제조업 산업재생 추진"
PLAN = {  # 계획 (value, 계획내용) per year column; 2022.6. has end_month 6
    S1: [(20, "설계 현황조사"), (60, "용역준공"), (80, "정비계획 변경절차 시행"), (100, "변경고시"), (None, None)],
    S2: [(50, "시설매입"), (70, "기본구상"), (85, "설계 및 공사"), (100, "준공"), (None, "(운영)")],
    S3: [(20, "도시재생 1호 비영리단체 설립운영"), (40, "역량강화 교육 산학협업"),
         (60, "역량강화 교육 산학협업"), (80, "인프라 개선"), (100, "시제품 제작지 거점화")],
}
ACTUAL = {  # 실적 (value, 실적내용) for 2018, 2019, 2020 (the report, 2020. 12. 기준)
    S1: [(20, "설계 현황조사"), (60, "용역준공"), (80, "정비계획 변경절차시행")],
    S2: [(50, "시설매입"), (70, "기본구상 완료"), (85, "설계 및 공사")],
    S3: [(20, "도시재생 1호 비영리단체 설립·운영"), (40, "역량강화 교육 산학협업"), (60, "역량강화 교육 산학협업")],
}
YEARS = [(2018, 12), (2019, 12), (2020, 12), (2021, 12), (2022, 6)]
BUDGET = [  # (세부사업 or None, 재원 or None, amounts 백만원 per YEARS; None = "-")
    (None, None, [1889, 1079, 735, 365, 2200]),
    (None, "구비", [189, 64, 37, 35, None]),
    (None, "시비", [1700, 1015, 698, 330, 2200]),
    (S1, None, [289, None, None, None, None]),
    (S2, None, [1600, 735, 138, None, None]),
    (S3, None, [None, 344, 597, 365, 2200]),
]
ACHIEVEMENTS_25 = [
    ach(P25, S1, "「문래동1~4가 도시환경정비계획 재정비 수립 용역」 착수보고회 개최", D(2018, 7, 1), "month"),
    ach(P25, S1, "「문래동1~4가 도시환경정비계획 재정비 수립 용역」 중간보고회", D(2019, 4, 1), "month"),
    ach(P25, S1, "「문래동1~4가 도시환경정비계획 재정비 수립 용역」 중간보고회(2차) 및 전문가 자문 시행", D(2019, 7, 1), "month"),
    ach(P25, S1, "「문래동1~4가 도시환경정비계획 재정비 수립 용역」 주민설명회", D(2019, 9, 25), "day"),
    ach(P25, S1, "문래동1~4가 도시정비형 재개발 구역 변경 지정 및 정비계획 변경(안) 공람공고",
        D(2019, 9, 26), "day", D(2019, 10, 28), "day"),
    ach(P25, S1, "구의회 의견청취", D(2020, 6, 19), "day"),
    ach(P25, S2, "앵커시설 매입(市)", D(2018, 5, 1), "month"),
    ach(P25, S2, "정비구역 내 앵커시설 건축행위 완화(구)", D(2019, 12, 3), "day"),
    ach(P25, S2, "앵커시설 신축공사 실시설계(시)", D(2020, 1, 1), "month", D(2020, 5, 1), "month"),
    ach(P25, S2, "앵커시설 공사(구)", D(2020, 8, 1), "month", D(2021, 8, 1), "month"),
    ach(P25, S3, "도시재생 1호 비영리단체 「문래동 도시재생사업 장인 운영위원회」 설립·운영",
        D(2018, 2, 1), "month", open_end=True),
    ach(P25, S3, "2018년 도시재생 주민공모사업 추진: 18개 사업, 97,000천원 지원", D(2018, 1, 1), "year"),
    ach(P25, S3, "도시재생 콘퍼런스 개최", D(2018, 12, 7), "day"),
    ach(P25, S3, "도시재생 역량강화 교육 운영(총 80여회)", D(2018, 2, 1), "month", D(2019, 12, 1), "month"),
    ach(P25, S3, "(2019년) 산업제품화지원 및 기획(크라우드펀딩 지원)용역 추진", D(2019, 2, 1), "month", D(2019, 12, 1), "month"),
    ach(P25, S3, "산학협력 협의체 구성 및 운영", D(2019, 3, 1), "month", D(2019, 12, 1), "month"),
    ach(P25, S3, "클린사업장 지원 사업: 총 29개 사업체 집진기 설치 완료", D(2019, 1, 1), "year"),
    ach(P25, S3, "(2020년) 기계금속제조업 판로개척 지원사업", D(2020, 1, 1), "month", D(2020, 6, 1), "month"),
    ach(P25, S3, "(2020년) 산업제품화지원 및 기획(크라우드펀딩 지원)용역 추진", D(2020, 4, 1), "month", D(2020, 11, 1), "month"),
    ach(P25, S3, "문래 기계금속 집적지구 스토리텔링형 안내사인 2개소 설치 완료", D(2020, 1, 1), "year"),
]


PLAN_TEXT_25 = (  # the report's "Ⅰ 추진계획", its sub-points folded into one line each
    "경인·문래 도시공간구조 개편 방안 마련 「문래동1~4가 재개발정비계획 재정비 용역」\n"
    "- 영등포·여의도 도심 위계에 걸맞는 도시공간구조 개편방안 제시 및 재개발정비계획 재정비 방안 검토\n"
    "- 주거·산업공간 등의 지역 특성에 맞는 공간 계획 방안 마련\n"
    "산업혁신 앵커시설 조성(문래동 일대)\n"
    "- 기계금속제조업의 산업고도화를 지원할 공동작업장 조성\n"
    "- 신산업 융합 R&D 지원, 협업 지원을 통한 시제품 제작 거점 조성\n"
    "기계금속제조업 산업재생 추진\n"
    "- 문래 기계금속제조업 역량강화를 통한 산업재생: 도시재생 역량강화(프로그램 개발·운영, 산업재생 교육), "
    "도시재생 산업 활성화(산업 제품화 교육 및 상품화 지원), 산학멘토링 프로그램 운영\n"
    "- 산업고도화 위한 제조환경 인프라 개선: 클린사업장 스마트한 제조환경 조성, 첨단장비, "
    "산업생태계 협업체계 구축, 홍보·수출·유통·특허까지 원스탑 지원체계 구축"
)


def yeongdeungpo(as_of: dt.date) -> Snapshot:
    """Pledge 25 as known at `as_of`: the same plan and budget, results up to that year."""
    known_years = [y for y, _ in YEARS if y <= as_of.year][:3]
    pledge = Pledge(
        P25, "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성", None, "임기내", "구", "지속", "단기",
        "예산", "여론수렴", "도시재생과",
        "도시재생과장 박노산, 재생기획팀장 방숙영, 담당 이하늘·김정윤", "☎ 4198 / 3525 / 3528 / 3572",
        "경인·문래 도시공간구조 개편 방안 마련 「문래동1~4가 도시환경정비계획 재정비 수립 용역」"
        " (기간 2018. 6. ~ 2019. 11., 대상 문래동1~3가 일대 185,385㎡)\n"
        "산업혁신 앵커시설 조성 (기간 2018. ~ 2021., 공동작업장·협업지원실·교육실 및 도시재생지원센터 이주)\n"
        "기계금속제조업 산업재생 추진 (역량강화를 통한 산업재생, 제조환경 인프라 개선)",
        "3도심에 걸맞지 않은 낙후된 경인로·문래동 일대에 새로운 기능을 부여하여 도심활성화 필요\n"
        "10년 이상 경력 보유 숙련공 88.6%로 기계금속분야 차별화된 기술력 보유",
        "경인·문래동 일대의 도시공간 구조개편 방안을 마련하여 4차산업을 주도하는 테크밸리 기반 조성\n"
        "문래 기계금속제조업을 스마트·스피드 제작거점으로 육성하여 경쟁력 강화",
        support="산업혁신 앵커시설 조성 등 도시재생사업 추진 (서울시)",
        plan=PLAN_TEXT_25,
    )
    subs = (
        SubProject(P25, S1, quarters("2018Q2", "2021Q4"), 0),
        SubProject(P25, S2, quarters("2018Q1", "2021Q4"), 1),
        SubProject(P25, S3, quarters("2018Q1", "2022Q2"), 2),
    )
    budget = tuple(
        BudgetRow(P25, sub, source, year, month, amount * M)
        for sub, source, amounts in BUDGET
        for (year, month), amount in zip(YEARS, amounts, strict=True)
        if amount is not None
    )
    points = []
    indicators = []
    for name in (S1, S2, S3):
        for (year, month), (value, text) in zip(YEARS, PLAN[name], strict=True):
            if value is not None or text is not None:
                points.append(IndicatorPoint(P25, name, "계획", year, month, value, text))
        for year, (value, text) in zip(known_years, ACTUAL[name], strict=False):
            points.append(IndicatorPoint(P25, name, "실적", year, 12, value, text))
        latest = ACTUAL[name][len(known_years) - 1][0]
        indicators.append(Indicator(P25, name, "%", 100.0, float(latest), True, True))
    achievements = tuple(
        a for a in ACHIEVEMENTS_25 if a.start is not None and a.start <= as_of
    )
    return Snapshot(
        "영등포구", as_of, "백만원", "도시재생과", None, (pledge,), subs, budget,
        tuple(indicators), tuple(points),
        tuple(Achievement(**{**a.__dict__, "order": i}) for i, a in enumerate(achievements)),
    )


# --- 서초구 (seed 001: 2025. 3. 10. article) -------------------------------------------


def seocho() -> Snapshot:
    ai, ict = "1", "2"
    center, fund, talent = "양재 AI 특구 우수기업센터(가칭) 개관", "AI 스타트업 펀드 조성", "AI 인재 양성"
    pledges = (
        Pledge(ai, "양재 AI 미래융합혁신특구 산업 생태계 활성화", "경제", None, "구", None, None, None, "추진중",
               overview="기반 시설 구축, 투자, 인재 양성 등 3대 마스터플랜\n"
                        "특구 내 1000여 개 스타트업 유치 목표", order=0),
        Pledge(ict, "양재 ICT 특정개발진흥지구 지정", "도시계획", None, "구", None, None, None, "추진중",
               overview="양재1동·양재2동 일대 진흥계획; 권장업종 유치 비율에 따라 법적 상한의 최대 1.2배까지 용적률 완화",
               order=1),
    )
    subs = (
        SubProject(ai, center, quarters("2025Q1", "2025Q4"), 0),
        SubProject(ai, fund, (), 1),
        SubProject(ai, talent, (), 2),
        SubProject(ict, "진흥지구 지정", quarters("2025Q1", "2025Q4"), 0),
    )
    budget = (BudgetRow(ai, fund, None, 2025, 12, 30_000 * M),)
    achievements = (
        ach(ai, None, "양재·우면동 일대 전국 최초 AI 분야 특구 지정", D(2024, 11, 1), "month"),
        ach(ict, "진흥지구 지정", "양재 ICT 특정개발진흥지구 진흥계획 승인 고시", D(2024, 10, 1), "month"),
    )
    return Snapshot("서초구", D(2025, 3, 31), "백만원", None, None, pledges, subs, budget, (), (),
                    tuple(Achievement(**{**a.__dict__, "order": i}) for i, a in enumerate(achievements)))


# --- 금천구 (seed 003: 2025-07-17 press release) -------------------------------------


def geumcheon() -> Snapshot:
    g, valley, self_gov = "1", "2", "3"
    pledges = (
        Pledge(g, "G-PROJECT: 독산동 공군부대 부지 인공지능(AI) 융복합 협력단지 조성", "경제",
               department="기획예산과", contact="02-2627-1072",
               overview="독산동 공군부대 유휴부지(약 12만 5000㎡)와 서울디지털산업단지(G밸리)를 연계한 AI 산업 기반시설 구축\n"
                        "국유지로서 별도 국비 없이 민간 협력 방식으로 추진 가능", order=0),
        Pledge(valley, "서울디지털산업단지(G밸리) 혁신", "경제", department="기획예산과", contact="02-2627-1072",
               goal="D.N.A.(Data·Network·AI) 산업 기반 도시형 산단으로 전환", order=1),
        Pledge(self_gov, "주민자치회 활성화 정책", "자치", department="기획예산과", contact="02-2627-1072", order=2),
    )
    subs = tuple(
        SubProject(valley, name, (), i)
        for i, name in enumerate([
            "제한방식의 산업입지 규제완화 및 개발이익의 지자체 활용권한 부여",
            "서부간선도로와 수출의 다리 일대 교통체계 개선",
            "D.N.A. 산업 친화형 산업단지로 전환",
            "국유지 구로세관 부지 개발",
            "G밸리 가든팩토리 조성",
        ])
    )
    achievements = (
        ach(g, None, "국토부 공간혁신구역 선도사업 대상지 선정", D(2024, 7, 1), "month"),
        ach(g, None, "국정기획위원회에 지-프로젝트(G-PROJECT) 제안", D(2025, 7, 17), "day"),
        ach(valley, None, "국정기획위원회에 G밸리 제도개선 및 공간구조 혁신안 제안", D(2025, 7, 17), "day"),
        ach(self_gov, None, "국정기획위원회에 주민자치회 제도화·법제화 방안 제안", D(2025, 7, 17), "day"),
    )
    return Snapshot("금천구", D(2025, 9, 30), "백만원", "기획예산과", None, pledges, subs, (), (), (),
                    tuple(Achievement(**{**a.__dict__, "order": i}) for i, a in enumerate(achievements)))


# --- 서울특별시 (seed 000: 진흥지구 2.0, January 2026; seed 004: 조례 개정안 2025) ----


def seoul() -> Snapshot:
    zone, ordinance = "1", "2"
    pledges = (
        Pledge(zone, "산업·특정개발진흥지구 개편(진흥지구 2.0)", "경제", None, "정부·서울시", None, None, None,
               "추진중", overview="지역별로 집적된 산업 육성을 위해 AI·바이오 등 전략산업 변화에 맞춰 진흥지구 개편", order=0),
        Pledge(ordinance, "산업단지 산업복합건물 용적률 체계 개선(도시계획 조례 개정)", "도시계획", None,
               "정부·서울시", None, None, "비예산", "추진중",
               overview="산업단지에서 산업복합건물 건축 시 준공업지역 용적률 체계 적용, 공장비율 의무확보 예외 적용",
               order=1),
    )
    subs = (
        SubProject(zone, "양재·개포 ICT 특정개발진흥지구 신규 지정", quarters("2026Q1", "2026Q1"), 0),
        SubProject(zone, "성수 IT·문화콘텐츠 산업·유통개발진흥지구 확대", quarters("2026Q1", "2026Q1"), 1),
        SubProject(zone, "진흥지구 실태조사 및 제도개편 방향 마련", quarters("2026Q1", "2026Q2"), 2),
        SubProject(ordinance, "도시계획 조례 일부개정", (), 0),
    )
    achievements = (
        ach(zone, "양재·개포 ICT 특정개발진흥지구 신규 지정", "도시계획위원회 원안가결 및 신규 지정", D(2026, 1, 1), "month"),
        ach(zone, "성수 IT·문화콘텐츠 산업·유통개발진흥지구 확대", "준공업지역 전체로 확대", D(2026, 1, 1), "month"),
        ach(ordinance, "도시계획 조례 일부개정", "조례 일부개정조례안 제안(의안번호 제2775호)", D(2025, 5, 26), "day"),
        ach(ordinance, "도시계획 조례 일부개정", "소관 위원회 회부", D(2025, 5, 29), "day"),
    )
    return Snapshot("서울특별시", D(2026, 3, 31), "백만원", None, None, pledges, subs, (), (), (),
                    tuple(Achievement(**{**a.__dict__, "order": i}) for i, a in enumerate(achievements)))


SAMPLES = {
    "영등포구_2018-12-31.xlsx": lambda: yeongdeungpo(D(2018, 12, 31)),
    "영등포구_2019-12-31.xlsx": lambda: yeongdeungpo(D(2019, 12, 31)),
    "영등포구_2020-12-31.xlsx": lambda: yeongdeungpo(D(2020, 12, 31)),
    "서초구_2025-03-31.xlsx": seocho,
    "금천구_2025-09-30.xlsx": geumcheon,
    "서울특별시_2026-03-31.xlsx": seoul,
}


def main() -> None:
    for name, build in SAMPLES.items():
        write_workbook(build(), HERE / name)
        print(f"data/{name}")


if __name__ == "__main__":
    main()
