"""Open data beside the pages: pledges, sub-projects, budget rows and indicators as CSV and JSON.

CSV is UTF-8 with a BOM so Excel opens Korean correctly, one header row with Korean
column names and one record per row, as the national open-data portal (공공데이터포털)
takes it; `열설명.csv` says what each column holds. Rates and money are the same
numbers as `pledges summary --json` (rates cut to two decimals, money in 원). Text that a
spreadsheet could run as a formula gets a leading `'` in the CSV (`figures.export.neutralized`);
the JSON keeps every text exact.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from documents.site.evidence import FOLDER as evidence_folder
from documents.site.quarter import PublishedQuarter
from figures.records import records
from loaders.safe_text import FORMULA_STARTS, neutralize

#: file → [(column, description)]; the order is the CSV's column order
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "공약": [
        ("자치구", "공약을 관리하는 자치구 (서울특별시는 시 공약)"), ("기준일", "자료의 기준일 (YYYY-MM-DD)"),
        ("공약번호", "공약 번호"), ("공약명", "공약 이름"), ("분야", "분야"), ("이행단계", "이행단계"),
        ("상태", "완료 / 정상 / 지연 / 보류 / 폐기 / 지표 없음"),
        ("이행률", "세부사업 이행률의 평균 (%, 소수 둘째 자리에서 버림; 빈칸은 지표 없음)"),
        ("예산가중이행률", "세부사업 예산으로 가중한 이행률 (%; 빈칸은 계산할 수 없음)"),
        ("총소요예산_원", "공약의 총 소요예산 (원)"), ("구비_원", "구비 (원)"), ("시비_원", "시비 (원)"),
        ("국비_원", "국비 (원)"), ("민자_원", "민자 (원)"), ("기타_원", "기타 재원 (원)"),
        ("미지정_원", "재원을 나누지 않은 금액 (원)"), ("담당부서", "담당부서"),
    ],
    "세부사업": [
        ("자치구", "자치구"), ("기준일", "기준일 (YYYY-MM-DD)"), ("공약번호", "공약 번호"), ("세부사업", "세부사업 이름"),
        ("목표", "최종 목표값"), ("계획", "기준일의 계획값"), ("실적", "가장 최근 실적값"),
        ("이행률", "실적 ÷ 목표 (%, 100에서 멈춤; 빈칸은 지표 없음)"), ("상태", "완료 / 정상 / 지연 / 지표 없음"),
        ("추진분기", "추진 예정 분기 (쉼표로 구분, 예: 2018Q2)"), ("소요예산_원", "세부사업 소요예산 (원)"),
    ],
    "소요예산": [
        ("자치구", "자치구"), ("기준일", "기준일 (YYYY-MM-DD)"), ("공약번호", "공약 번호"),
        ("세부사업", "세부사업 (빈칸은 공약 전체의 계 행)"), ("재원", "구비 / 시비 / 국비 / 민자 / 기타 (빈칸은 모든 재원의 계)"),
        ("구분", "계획 / 확보 / 집행"), ("연도", "연도"), ("끝월", "그 해의 몇 월까지인지 (보통 12)"), ("금액_원", "금액 (원)"),
    ],
    "증빙": [
        ("자치구", "자치구"), ("기준일", "이 분기 (YYYY-MM-DD)"), ("공약번호", "공약 번호"),
        ("세부사업", "세부사업 (빈칸은 공약 전체)"), ("설명", "증빙의 설명 (사진의 대체 글)"),
        ("날짜", "촬영일 또는 문서 날짜 (YYYY-MM-DD, 빈칸은 미입력)"), ("구분", "사진 / 문서"),
        ("파일", "이 폴더 기준 파일 경로"), ("파일크기_바이트", "파일 크기 (바이트)"),
        ("sha256", "파일의 SHA-256 (내려받은 파일이 같은지 확인)"), ("붙인_분기", "증빙을 붙인 분기 (YYYY-MM-DD)"),
    ],
    "확인지표": [
        ("자치구", "자치구"), ("기준일", "기준일 (YYYY-MM-DD)"), ("공약번호", "공약 번호"), ("세부사업", "세부사업"),
        ("구분", "계획 (그 해 말까지의 누적 계획) / 실적 (누적 실적)"), ("연도", "연도"), ("끝월", "그 해의 몇 월까지인지"),
        ("값", "계획값 또는 실적값"), ("내용", "계획내용 또는 실적내용"),
    ],
}


def tables(quarter: PublishedQuarter) -> dict[str, pd.DataFrame]:
    ward, as_of = quarter.ward, quarter.as_of.isoformat()
    pledges, subs = [], []
    for p in quarter.pledges:
        by_source = p["budget"]["by_source"]
        pledges.append([ward, as_of, p["id"], p["title"], quarter.records[p["id"]].get("field"), p["stage"],
                        p["status"], p["rate"], p["rate_weighted"], p["budget"]["total"],
                        *(by_source.get(s, 0) for s in ("구비", "시비", "국비", "민자", "기타", "미지정")),
                        quarter.records[p["id"]].get("department")])
        for s in p["subprojects"]:
            subs.append([ward, as_of, p["id"], s["name"], s["target"], s["planned"], s["actual"], s["rate"],
                         s["status"], ",".join(s["quarters"]), s["budget_total"]])
    frames = quarter.frames
    budget = pd.concat([frames.budget.assign(kind="계획"), frames.funding], ignore_index=True) \
        if len(frames.funding) else frames.budget.assign(kind="계획")
    made = {"공약": pd.DataFrame(pledges), "세부사업": pd.DataFrame(subs)}
    # the row tables are whole columns of the frames: no per-row Python work
    made["소요예산"] = pd.DataFrame({"w": ward, "d": as_of, **{c: budget[c] for c in (
        "pledge_id", "subproject", "source", "kind", "year", "end_month", "amount")}})
    made["증빙"] = pd.DataFrame([
        [ward, as_of, e.pledge_id, e.subproject, e.caption, e.taken_on.isoformat() if e.taken_on else None, e.kind,
         f"../{evidence_folder}/{e.id}{e.extension}", e.bytes, e.sha256, e.as_of.isoformat()]
        for e in quarter.evidence])
    made["확인지표"] = pd.DataFrame({"w": ward, "d": as_of, **{c: frames.points[c] for c in (
        "pledge_id", "subproject", "kind", "year", "end_month", "value", "text")}})
    tables = {}
    for name, table in made.items():
        columns = [c for c, _ in COLUMNS[name]]
        tables[name] = table.set_axis(columns, axis=1) if len(table.columns) == len(columns) else \
            pd.DataFrame(columns=columns)
    return tables


def json_rows(table: pd.DataFrame) -> list[dict]:
    """The table's rows for JSON: Python's own numbers (whose repr is the shortest that reads back exactly)
    and None for NaN."""
    return [{k: None if isinstance(v, float) and v != v else v for k, v in row.items()} for row in records(table)]


def neutralized(table: pd.DataFrame) -> pd.DataFrame:
    """`figures.export.neutralized`'s rule (the project's one: `loaders.safe_text.neutralize`), touching only
    the cells it changes: finding them is one vectorised pass per text column, where mapping every cell
    through Python was a third of the city's publication. Same CSV bytes (tests/publish/test_opendata.py)."""
    safe = table.set_axis([neutralize(str(c)) for c in table.columns], axis=1)
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if not (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)):
            continue
        if column.dtype == object:  # mixed cells: one plain pass (pandas' .str loops slower over objects)
            risky = pd.Series([isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in column.tolist()],
                              index=column.index, dtype=bool)
        else:
            risky = column.str.startswith(FORMULA_STARTS, na=False).astype(bool)
        if risky.any():
            safe.isetitem(position, column.astype(object).mask(risky, column[risky].map(neutralize)))
    return safe


def write(quarter: PublishedQuarter, folder: Path) -> list[tuple[str, str, str]]:
    """Write the files; (label, csv path, json path) relative to the quarter's page."""
    folder.mkdir(parents=True, exist_ok=True)
    links = []
    for name, table in tables(quarter).items():
        # CSV: text a spreadsheet could run gets a leading ' (the project's one rule); JSON stays exact
        # (made as one text and written at once: pandas would encode it line by line)
        (folder / f"{name}.csv").write_bytes(("\ufeff" + neutralized(table).to_csv(index=False)).encode("utf-8"))
        # numbers in their shortest exact form (62.2, never pandas' 62.200000000000003), null for a missing value
        described = json.dumps({"설명": dict(COLUMNS[name]), "자료": json_rows(table)}, ensure_ascii=False)
        (folder / f"{name}.json").write_text(described, encoding="utf-8")
        links.append((name, f"data/{name}.csv", f"data/{name}.json"))
    described = [(name, column, text) for name, columns in COLUMNS.items() for column, text in columns]
    neutralized(pd.DataFrame(described, columns=["파일", "열", "설명"])).to_csv(folder / "열설명.csv", index=False,
                                                                encoding="utf-8-sig")
    return links
