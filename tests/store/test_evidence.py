"""증빙 in the store (issue 29): kept with its quarter, reviewed with it, shown across the pledge set,
hidden (never lost) when removed, held to the same rights as an upload; SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from PIL import Image

from store import StoreError
from store.accounts import add_user

AS_OF, EARLIER = dt.date(2020, 12, 31), dt.date(2019, 12, 31)
PASSWORD = "correct horse 7"
CLI = "import sys; from cli.main import main; sys.exit(main())"


def photo(size: tuple[int, int] = (1200, 900), *, gps: bool = True) -> bytes:
    image = Image.new("RGB", size, (90, 140, 60))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # model
    if gps:
        exif[0x8825] = {1: "N", 2: (37.0, 31.0, 2.0), 3: "E", 4: (126.0, 53.0, 4.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def samples(store):
    store.load_samples()
    return store


def test_a_photo_is_kept_without_its_metadata_and_listed(samples):
    piece = samples.add_evidence(photo(), "공원.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                                 caption="  문래동 공원   준공 모습 ", taken_on=dt.date(2020, 11, 3), by="담당")
    assert (piece.kind, piece.caption, piece.state, piece.taken_on) == ("사진", "문래동 공원 준공 모습", "검토 전",
                                                                      dt.date(2020, 11, 3))
    kept, data = samples.evidence_file(piece.id)
    assert kept.bytes == len(data) and kept.sha256 == __import__("hashlib").sha256(data).hexdigest()
    reopened = Image.open(io.BytesIO(data))
    assert dict(reopened.getexif()) == {} and "exif" not in reopened.info
    assert [p.id for p in samples.evidence("영등포구", AS_OF, "25")] == [piece.id]
    thumb = Image.open(io.BytesIO(samples.evidence_thumbnails([piece.id])[piece.id]))
    assert max(thumb.size) == 320


def test_a_refused_file_is_named_and_audited_and_nothing_is_kept(samples):
    with pytest.raises(StoreError) as refused:
        samples.add_evidence(b"<html><body>x</body></html>", "보도자료.pdf", ward="영등포구", as_of=AS_OF,
                             pledge_id="25", caption="보도자료", by="담당")
    assert str(refused.value).startswith("보도자료.pdf: ")
    assert "HTML" in str(refused.value)
    assert samples.evidence("영등포구") == []
    events = samples.audit_events(10)
    assert list(events[events["action"] == "evidence_add"]["outcome"]) == ["refused"]


def test_what_is_asked_must_exist_and_a_caption_is_required(samples):
    def add(**kw):
        args = dict(ward="영등포구", as_of=AS_OF, pledge_id="25", caption="사진", by="t") | kw
        samples.add_evidence(photo(gps=False), "a.jpg", **args)

    with pytest.raises(StoreError, match="^설명\\(캡션\\)을 적어 주세요"):
        add(caption="  ")
    with pytest.raises(StoreError, match="^영등포구 2020. 12. 31. 기준 자료에 공약 99이\\(가\\) 없습니다 \\(있는 공약번호: 25\\)$"):
        add(pledge_id="99")
    with pytest.raises(StoreError, match="^공약 25에 세부사업 '없는 사업'이\\(가\\) 없습니다"):
        add(subproject="없는 사업")
    with pytest.raises(StoreError, match="^영등포구 2021. 3. 31. 기준 자료가 없습니다"):
        add(as_of=dt.date(2021, 3, 31))


def test_review_decides_the_pieces_with_their_quarter_and_the_set_keeps_them(samples):
    early = samples.add_evidence(photo(gps=False), "a.jpg", ward="영등포구", as_of=EARLIER, pledge_id="25",
                                 caption="착공", by="t")
    late = samples.add_evidence(photo(gps=False), "b.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                                caption="준공", by="t")
    assert [p.caption for p in samples.evidence("영등포구", AS_OF)] == ["착공", "준공"]  # the set's, up to it
    assert [p.caption for p in samples.evidence("영등포구", EARLIER)] == ["착공"]
    assert samples.published_evidence("영등포구", [EARLIER, AS_OF]) == []
    message = samples.approve("영등포구", AS_OF, by="총괄")
    assert message == "영등포구 2020. 12. 31. 기준 버전 1과 증빙 1건을 승인했습니다. 공개 자료(pledges publish)에 실립니다"
    assert [p.id for p in samples.published_evidence("영등포구", [EARLIER, AS_OF])] == [late.id]
    samples.return_version("영등포구", EARLIER, "사진이 흐립니다", by="총괄")
    assert samples.evidence_piece(early.id).state == "반려" and samples.evidence_piece(early.id).reason == "사진이 흐립니다"


def test_removal_hides_a_piece_but_keeps_it(samples):
    piece = samples.add_evidence(photo(gps=False), "a.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                                 caption="준공", by="t")
    with pytest.raises(StoreError, match="^증빙을 내릴 때는 이유를 적어 주세요"):
        samples.remove_evidence(piece.id, " ", by="t")
    assert samples.remove_evidence(piece.id, "다른 공약의 사진", by="t") == (
        f"증빙 #{piece.id} '준공'을(를) 내렸습니다 (이유: 다른 공약의 사진). 파일은 기록에 그대로 남습니다")
    assert samples.evidence("영등포구") == []
    assert [p.removed_reason for p in samples.evidence("영등포구", removed=True)] == ["다른 공약의 사진"]
    assert samples.evidence_file(piece.id)[1]  # the bytes are still there


def test_rights_follow_the_upload_rules(samples):
    add_user(samples.engine, "관리", PASSWORD, "admin", by="t")
    add_user(samples.engine, "서초", PASSWORD, "editor", ("서초구",), by="t")
    add_user(samples.engine, "교통", PASSWORD, "editor", ("영등포구",), by="t", department="교통과")
    add_user(samples.engine, "도시", PASSWORD, "editor", ("영등포구",), by="t", department="도시재생과")
    with pytest.raises(StoreError, match="^'서초' 계정은 영등포구 자료를 바꿀 수 없습니다"):
        samples.add_evidence(photo(gps=False), "a.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25", caption="c",
                             user=samples.authenticate("서초", PASSWORD))
    with pytest.raises(StoreError, match="^'교통' 계정은 영등포구 교통과의 공약에만 증빙을 붙일 수 있습니다 \\(이 공약은 도시재생과\\)$"):
        samples.add_evidence(photo(gps=False), "a.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25", caption="c",
                             user=samples.authenticate("교통", PASSWORD))
    assert samples.add_evidence(photo(gps=False), "a.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                                caption="c", user=samples.authenticate("도시", PASSWORD)).added_by == "도시"
    assert samples.add_evidence(photo(gps=False), "a.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                                caption="c", user=samples.authenticate("관리", PASSWORD)).added_by == "관리"


def test_backup_and_restore_keep_every_byte(samples, tmp_path):
    from store import open_store

    piece = samples.add_evidence(photo(), "a.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25", caption="c", by="t")
    _, before = samples.evidence_file(piece.id)
    samples.backup(tmp_path / "backup.sqlite")
    restored = open_store(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    restored.restore(tmp_path / "backup.sqlite")
    kept, after = restored.evidence_file(piece.id)
    assert after == before and kept.sha256 == piece.sha256
    restored.engine.dispose()


def test_the_command_line_lists_as_the_issue_says(samples, store_url):
    piece = samples.add_evidence(photo(), "a.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25", caption="c", by="t")
    run = subprocess.run([sys.executable, "-c", CLI, "evidence", "list", "--ward", "영등포구", "--json",
                          "--db", store_url], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    listed = json.loads(run.stdout)["evidence"]
    assert listed == [{"id": piece.id, "pledge_id": "25", "subproject": None, "caption": "c", "date": None,
                       "kind": "사진", "media_type": "image/jpeg", "bytes": piece.bytes, "sha256": piece.sha256,
                       "file_name": "a.jpg", "by": "t", "added_at": listed[0]["added_at"], "as_of": "2020-12-31"}]


def _pledges(*args: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLI, *args, "--db", url], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_the_command_line_adds_refuses_gets_and_removes(samples, store_url, tmp_path):
    good, svg = tmp_path / "현장.jpg", tmp_path / "그림.png"
    good.write_bytes(photo())
    svg.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    run = _pledges("evidence", "add", str(good), str(svg), "--ward", "영등포구", "--as-of", "2020-12-31",
                   "--pledge", "25", "--caption", "현장 사진", "--by", "담당", url=store_url)
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    piece = samples.evidence("영등포구")[0]
    assert lines[0] == f"현장.jpg: 증빙 #{piece.id}로 붙였습니다 (사진, {piece.bytes / 1024:,.0f}KB, 검토 전)"
    assert lines[1].startswith("그림.png: 이름은 .png 파일이지만 실제로는 SVG 그림 파일입니다")
    out = tmp_path / "받은.jpg"
    assert _pledges("evidence", "get", str(piece.id), "-o", str(out), url=store_url).returncode == 0
    assert out.read_bytes() == samples.evidence_file(piece.id)[1]
    assert dict(Image.open(out).getexif()) == {}  # no GPS in what is handed back either
    run = _pledges("evidence", "remove", str(piece.id), "--reason", "중복", url=store_url)
    assert (run.returncode, run.stdout.strip()) == (
        0, f"증빙 #{piece.id} '현장 사진'을(를) 내렸습니다 (이유: 중복). 파일은 기록에 그대로 남습니다")
    run = _pledges("evidence", "get", "999", "-o", str(out), url=store_url)
    assert (run.returncode, run.stderr.strip()) == (
        1, "pledges: 증빙 #999이(가) 없습니다 (pledges evidence list로 번호를 확인해 주세요)")
