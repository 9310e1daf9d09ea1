"""Text tables line up by display width (a Hangul syllable takes two columns) and mark what they cut."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from rich.cells import cell_len

from bench.workbooks import ward_snapshot
from cli.main import main
from cli.table import cut, table
from loaders.template import template_bytes

AS_OF = dt.date(2020, 12, 31)
#: long Korean titles of many lengths, with Latin letters and digits among them
TITLES = [
    "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성 및 산학연 협력단지 조성",
    "안전한 통학로",
    "AI 기반 스마트 돌봄 플랫폼 구축으로 어르신과 장애인의 일상을 지키는 통합 돌봄 체계 마련",
    "여의도 한강공원 수상 문화 공간 확충 (2단계)",
    "청년 주거 1,000호",
    "노후 공공청사 복합화와 생활 SOC 확충을 통한 동네마다 걸어서 10분 생활권 완성",
]


@pytest.fixture
def long_titles(tmp_path):
    snapshot = ward_snapshot("영등포구", AS_OF, pledges=len(TITLES))
    pledges = tuple(dataclasses.replace(p, title=t) for p, t in zip(snapshot.pledges, TITLES, strict=True))
    path = tmp_path / "영등포구_2020-12-31.xlsx"
    path.write_bytes(template_bytes(dataclasses.replace(snapshot, pledges=pledges)))
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert main(["import", str(path), "--db", url]) == 0
    return url


def test_summary_lines_up_the_status_column_and_marks_a_cut_title(long_titles, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    capsys.readouterr()
    assert main(["summary", "--ward", "영등포구", "--db", long_titles, "--json"]) == 0
    pledges = json.loads(capsys.readouterr().out)["wards"][0]["pledges"]
    assert main(["summary", "--ward", "영등포구", "--db", long_titles]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert len(lines) == len(TITLES)
    starts = set()
    for line, pledge in zip(lines, pledges, strict=True):
        assert cell_len(line) <= 100  # not a terminal: 100 columns
        starts.add(cell_len(line[:line.rindex(pledge["status"])]))
    assert len(starts) == 1, lines  # the status column starts at one display column on every row
    cut_rows = [n for n, (line, pledge) in enumerate(zip(lines, pledges, strict=True)) if pledge["title"] not in line]
    assert cut_rows == [0, 2, 5], lines  # the three longest titles do not fit in 100 columns
    assert lines[0].startswith("  1  경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성 및 산학연 협력단지…  ")
    assert f"  2  {TITLES[1]}" in lines[1]  # a short title is whole


def test_columns_follow_the_width_they_are_given():
    rows = [("1", "가나다라마바사아자차카타파하", "정상"), ("22", "abc", "지연")]
    # 30 columns: 18 for the titles; a cut one takes 17 (eight syllables and …), padded to 18
    assert table(rows, "rll", flexible=[1], width=30) == [
        "   1  가나다라마바사아…   정상",
        "  22  abc                 지연",
    ]
    assert table(rows, "rll", flexible=[1], width=80)[0] == "   1  가나다라마바사아자차카타파하  정상"
    assert cut("가나다", 5) == "가나…" and cut("가나다", 6) == "가나다" and cut("abcdef", 4) == "abc…"


@pytest.mark.parametrize("command", ["publish", "import", "evidence add", "user add"])
def test_help_lines_up_options_with_korean_metavars(command, capsys):
    """argparse pads by characters: `--out 폴더` pushed its help two columns right of `--no-pdf`'s."""
    with pytest.raises(SystemExit):
        main([*command.split(), "--help"])
    lines = capsys.readouterr().out.splitlines()
    options = [line for line in lines if line.startswith("  -") and "  " in line.strip()]
    starts = {cell_len(line) - cell_len(line[2:].split("  ", 1)[1].lstrip()) for line in options}
    assert any(any("가" <= c <= "힣" for c in line.split("  ")[1]) for line in options)  # a Korean metavar among them
    assert len(starts) == 1, "\n".join(options)
