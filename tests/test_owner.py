"""Who owes what: one owner of an agency's shares (tracking/owner.py), and every command giving
its answer. The findings of the issue "Who owes what" are here with their numbers."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caicach.load.loader import Workspace, load
from caicach.plan.items import Record, inherited_shares
from caicach.tracking import owner
from caicach.tracking.forms import Form, form, forms
from caicach.tracking.notice import Notice, notice, notices
from caicach.tracking.status import assess
from tests.conftest import PLANS, Run

# A stretch of reports, one of them sent by a successor for its predecessor's share (7.c was led
# by Sở Kế hoạch và Đầu tư, whose work passed to Sở Tài chính on 01/03/2025).
LOG = """\
progress: qd-1879-2024
entries:
  - item: 1.đ
    milestone: 1
    agency: Sở Tư pháp
    kind: done
    date: 2024-02-28
    evidence: QĐ 300/QĐ-STP
  - item: 1.e
    milestone: 1
    agency: UBND huyện Ba Tơ
    kind: done
    date: 2024-04-02
    evidence: BC 7/BC-UBND
  - item: 4.a
    agency: Sở Y tế
    kind: progress
    date: 2024-03-06
    note: đã rà soát
  - item: 7.a
    agency: Sở Kế hoạch và Đầu tư
    kind: done
    date: 2024-12-20
    evidence: BC 90/BC-SKHĐT
  - item: 7.c
    milestone: 1
    agency: Sở Tài chính
    kind: done
    date: 2025-04-01
    evidence: BC 5/BC-STC
"""


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("owner") / "plans"
    shutil.copytree(PLANS, target, ignore=shutil.ignore_patterns("progress"))
    (target / "progress").mkdir()
    (target / "progress" / "qd-1879-2024.yaml").write_text(LOG, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def ws(logged: Path) -> Workspace:
    return load([logged])


def _json(run: Run, plans: Path, *args: str) -> Any:
    result = run(*args, "--plans", str(plans), "-f", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{r['plan']}:{r['id']}" for r in rows]


AGENCIES = sorted(load([PLANS]).registry.agencies)
DAYS = st.dates(date(2018, 6, 1), date(2026, 6, 30))  # both shipped plans, and 2025
ROLES = st.sampled_from(["lead", "co", "any"])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(agency=st.sampled_from(AGENCIES), day=DAYS, role=ROLES)
def test_every_command_gives_the_owners_answer(
    run: Run, logged: Path, ws: Workspace, agency: str, day: date, role: str
) -> None:
    held = owner.rows(ws, agency, day, role)  # type: ignore[arg-type]
    expected = [r.item.qualified_id for r in held]
    late = {r.item.qualified_id for r in held if r.status and r.status.status == "qua-han"}
    ask = ("--agency", agency, "--as-of", day.isoformat(), "--role", role)

    assert _ids(_json(run, logged, "list", *ask)) == expected
    assert set(_ids(_json(run, logged, "overdue", *ask))) == late
    total = _json(run, logged, "summary", *ask)["total"]
    assert total["items_with_date"] + total["khong_xac_dinh"] + total["da_huy"] == len(expected)
    assert total["qua_han"] == len(late)

    counts = {c["id"]: c for c in _json(run, logged, "agencies", "--as-of", day.isoformat())}
    if agency in counts:  # in being on the day
        co = len(owner.held(ws, agency, day, "co"))
        lead = len(owner.held(ws, agency, day, "lead"))
        assert (counts[agency]["lead"], counts[agency]["co"]) == (lead, co)
    if role != "lead":
        return
    cells = _json(run, logged, "matrix", "--agency", agency, "--as-of", day.isoformat())["cells"]
    assert sorted(f"{c['plan']}:{c['item']}" for c in cells) == sorted(expected)
    by = _json(run, logged, "summary", "--by", "agency", "--as-of", day.isoformat())["groups"]
    group = next((g for g in by if g["key"] == agency), None)
    if expected:
        assert group is not None
        assert {k: v for k, v in group.items() if k not in ("key", "label")} == {
            k: v for k, v in total.items() if k not in ("key", "label")
        }
    else:
        assert group is None


@settings(max_examples=25, deadline=None)
@given(agency=st.sampled_from(AGENCIES), day=DAYS)
def test_notices_and_forms_list_the_owners_shares(ws: Workspace, agency: str, day: date) -> None:
    assert ws.office is not None  # the shipped plans have their office.yaml
    if owner.agency_note(ws, agency, day) is not None:
        return  # refused: see test_a_notice_goes_to_the_agency_in_being
    held = owner.rows(ws, agency, day, "lead")
    late = {r.item.qualified_id for r in held if r.status and r.status.overdue}
    assert {o.item.qualified_id for o in notice(ws, agency, day).overdue} == late
    mine = {r.item.qualified_id for r in held}
    assert {r.item.qualified_id for r in form(ws, agency, day).rows} <= mine


@settings(max_examples=12, deadline=None)
@given(day=DAYS)
def test_every_agencys_form_and_notice_made_at_once_are_each_made_alone(
    ws: Workspace, day: date
) -> None:
    """`forms --all` and `urge --all` assess the workspace once and share the ledger out: each
    form and notice is the one `--agency` makes, to the milestone, round and passed share."""

    def form_rows(f: Form) -> list[tuple[str, int, str, int | None]]:
        return [
            (r.item.qualified_id, r.number, r.status.status, r.status.days_overdue) for r in f.rows
        ]

    def owed(n: Notice) -> list[Any]:
        return [
            (o.item.qualified_id, o.rounds, o.passed, [(m.number, m.status) for m in o.milestones])
            for o in (*n.overdue, *n.due_soon)
        ]

    everyone = forms(ws, None, day)
    assert [f.agency for f in everyone] == [
        f.agency
        for a in owner.book(ws, day).owing(ws.registry)
        if not owner.agency_note(ws, a, day) and (f := form(ws, a, day)).rows
    ]
    for f in everyone:
        assert form_rows(f) == form_rows(form(ws, f.agency, day))
    for n in notices(ws, None, day, within=30):
        alone = notice(ws, n.agency, day, within=30)
        assert owed(n) == owed(alone)
        assert n.overdue  # only agencies with an overdue share are urged


def test_an_agency_formed_in_2025_owes_nothing_of_the_2024_plan(run: Run, logged: Path) -> None:
    for day in ("2024-04-15", "2025-06-01"):
        ask = ("--agency", "Sở Dân tộc và Tôn giáo", "--as-of", day, "--role", "lead")
        assert _json(run, logged, "overdue", *ask) == []
        assert _json(run, logged, "list", *ask) == []
    # Sở Nông nghiệp và Môi trường holds, from 01/03/2025, the open shares of the two it merged.
    before = ("--agency", "Sở Nông nghiệp và Môi trường", "--as-of", "2024-04-15")
    assert _json(run, logged, "list", *before) == []
    after = _json(
        run, logged, "list", "--agency", "Sở Nông nghiệp và Môi trường", "--as-of", "2025-06-01"
    )
    assert after
    assert {r["match"]["of"] for r in after} <= {"so-nong-nghiep-ptnt", "so-tai-nguyen-moi-truong"}
    assert {r["match"]["since"] for r in after} == {"2025-03-01"}
    # A commune formed on 01/07/2025 holds nothing of "UBND cấp xã" in a 2024 plan.
    assert _json(run, logged, "list", "--agency", "UBND xã Ba Tơ", "--as-of", "2025-08-01") == []


def test_one_agency_one_count_on_one_day(run: Run, logged: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    only_1879 = ("--as-of", "2024-04-15", "--plan", "qd-1879-2024")
    own = _json(run, logged, "summary", "--agency", "Sở Y tế", *only_1879)["total"]
    assert (own["items_with_date"], own["qua_han"]) == (24, 9)
    groups = _json(run, logged, "summary", "--by", "agency", *only_1879)["groups"]
    row = next(g for g in groups if g["key"] == "so-y-te")
    assert (row["items_with_date"], row["qua_han"]) == (24, 9)
    # Both shipped plans: the 2018 notice gives Sở Y tế one more item, still open; the same
    # count everywhere.
    day = ("--as-of", "2024-04-15")
    own = _json(run, logged, "summary", "--agency", "Sở Y tế", *day)["total"]
    assert (own["items_with_date"], own["qua_han"]) == (25, 10)
    every = _json(run, logged, "summary", "--agency", "Sở Y tế", "--role", "any", *day)["total"]
    assert every["items_with_date"] > own["items_with_date"]  # with the items it only joins
    groups = _json(run, logged, "summary", "--by", "agency", *day)["groups"]
    row = next(g for g in groups if g["key"] == "so-y-te")
    assert (row["items_with_date"], row["qua_han"]) == (25, 10)

    book = tmp_path / "tuan.xlsx"
    result = run("report", *day, "-o", str(book), "--plans", str(logged))
    assert result.code == 0, result.err
    sheet = load_workbook(book)["Theo cơ quan"]
    cells = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Sở Y tế")
    assert cells[1] == 25

    site = tmp_path / "site"
    assert run("site", "-o", str(site), *day, "--plans", str(logged)).code == 0
    page = (site / "co-quan" / "so-y-te.html").read_text(encoding="utf-8")
    listed = own["items_with_date"] + own["khong_xac_dinh"] + own["da_huy"]  # 25 dated, 7 not
    assert f"(chủ trì), tính đến ngày 15/04/2024: {listed} nhiệm vụ." in page


def test_an_ended_agency_is_named_with_its_end_and_successors(run: Run, logged: Path) -> None:
    result = run(
        "overdue", "--agency", "UBND huyện Ba Tơ", "--as-of", "2025-08-01", "--plans", str(logged)
    )
    assert result.code == 0
    assert (
        "caicach: UBND huyện Ba Tơ — đến 30/06/2025; kế thừa: 8 cơ quan từ 01/07/2025: UBND xã "
        "Ba Vì, UBND xã Ba Tô, UBND xã Ba Dinh, UBND xã Ba Tơ, UBND xã Ba Vinh, UBND xã Ba "
        "Động, UBND xã Đặng Thùy Trâm, UBND xã Ba Xa"
    ) in result.err.splitlines()
    counts = _json(run, logged, "agencies", "--as-of", "2025-08-01")
    assert "ubnd-cap-huyen" not in {c["id"] for c in counts}
    assert "ubnd-ba-to" not in {c["id"] for c in counts}
    xa = next(c for c in counts if c["id"] == "ubnd-cap-xa")
    assert xa["members"] == 96


def test_a_successor_carries_and_reports_its_predecessors_open_shares(
    run: Run, logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _json(run, logged, "list", "--agency", "Sở Tài chính", "--as-of", "2025-06-01")
    passed = {r["id"]: r for r in rows if r["match"]["of"] == "so-ke-hoach-dau-tu"}
    # 7.a was done before the change: it stays the predecessor's, not passed on.
    assert "7.a" not in passed
    assert passed["7.c"]["status"] == "tre-han"  # Sở Tài chính's report of 01/04/2025 counts
    assert passed["7.c"]["match"]["since"] == "2025-03-01"
    monkeypatch.setenv("COLUMNS", "200")  # a row's cells on lines of their own, unwrapped
    table = run(
        "list", "--agency", "Sở Tài chính", "--as-of", "2025-06-01", "--plans", str(logged)
    ).out
    assert any(
        "│ (kế thừa «Sở Kế hoạch và Đầu tư» từ 01/03/2025) " in t for t in table.splitlines()
    )
    before = _json(run, logged, "list", "--agency", "Sở Tài chính", "--as-of", "2025-02-28")
    assert not any(r["match"]["of"] for r in before)


def test_a_notice_goes_to_the_agency_in_being(run: Run, logged: Path, tmp_path: Path) -> None:
    result = run(
        "urge",
        "--agency",
        "Sở Kế hoạch và Đầu tư",
        "--as-of",
        "2025-06-01",
        "--dry-run",
        "--plans",
        str(logged),
    )
    assert result.code == 2
    assert result.err.strip() == (
        "caicach: chỉ gửi cho cơ quan đang hoạt động ngày 01/06/2025: Sở Kế hoạch và Đầu tư — "
        "đến 28/02/2025; kế thừa: Sở Tài chính từ 01/03/2025; phần việc còn mở của cơ quan này "
        "nằm trong văn bản gửi cơ quan kế thừa"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("done", "1.e", "-m", "1", "-a", "Sở Dân tộc và Tôn giáo", "--on", "2024-08-01"),
            "caicach: ngày 01/08/2024 Sở Dân tộc và Tôn giáo chưa có (từ 01/01/2025); kiểm tra "
            "--on hoặc --agency",
        ),
        (
            ("done", "1.e", "-m", "1", "-a", "UBND huyện Ba Tơ", "--on", "2025-07-02"),
            "caicach: ngày 02/07/2025 UBND huyện Ba Tơ không còn: UBND huyện Ba Tơ — đến "
            "30/06/2025; kế thừa: 8 cơ quan từ 01/07/2025: UBND xã Ba Vì, UBND xã Ba Tô, UBND xã "
            "Ba Dinh, UBND xã Ba Tơ, UBND xã Ba Vinh, UBND xã Ba Động, UBND xã Đặng Thùy Trâm, "
            "UBND xã Ba Xa; ghi báo cáo với --agency là cơ quan kế thừa",
        ),
        (
            ("done", "1.e", "-m", "1", "-a", "UBND cấp huyện", "--on", "2025-08-01"),
            "caicach: ngày 01/08/2025 nhóm «UBND cấp huyện» không còn cơ quan nào (các cơ quan "
            "thuộc nhóm đã kết thúc); ghi báo cáo với --agency là cơ quan kế thừa",
        ),
    ],
)
def test_a_report_from_an_agency_not_in_being_is_refused(
    run: Run, plans: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args, "-e", "BC 1", "--plans", str(plans))
    assert result.code == 2
    assert result.err.strip() == message
    assert not (plans / "progress").exists()  # nothing written


def test_a_successors_form_comes_back_onto_its_predecessors_share(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "phieu-stc.xlsx"
    made = run(
        "forms",
        "-a",
        "Sở Tài chính",
        "--as-of",
        "2025-06-01",
        "-o",
        str(out),
        "--plans",
        str(plans),
    )
    assert made.code == 0, made.err
    book = load_workbook(out)
    sheet = book["Phiếu báo cáo"]
    row = next(
        n
        for n in range(8, sheet.max_row + 1)
        if (sheet.cell(n, 3).value, sheet.cell(n, 5).value) == ("7.c", "ban hành kế hoạch")
    )
    sheet[f"H{row}"] = "Hoàn thành"
    sheet[f"I{row}"] = date(2025, 5, 20)
    sheet[f"J{row}"] = "Kế hoạch 40/KH-STC ngày 20/5/2025"
    book.save(out)
    result = run("collect", str(out), "--yes", "--plans", str(plans))
    assert result.code == 0, result.err
    rows = _json(run, plans, "list", "--agency", "Sở Tài chính", "--as-of", "2025-06-01")
    seven_c = next(r for r in rows if r["id"] == "7.c")
    assert seven_c["match"]["of"] == "so-ke-hoach-dau-tu"
    assert seven_c["milestones"][0]["completed_on"] == "2025-05-20"
    cells = _json(run, plans, "matrix", "--as-of", "2025-06-01")["cells"]
    by = {c["agency"]: c["status"] for c in cells if c["item"] == "7.c"}
    assert by["so-tai-chinh"] == by["so-ke-hoach-dau-tu"] == "tre-han"


def test_the_site_marks_passed_shares_and_names_the_plan_of_a_shared_id(
    run: Run, logged: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = run("site", "-o", str(site), "--as-of", "2025-06-01", "--plans", str(logged))
    assert result.code == 0, result.err
    page = (site / "co-quan" / "so-tai-chinh.html").read_text(encoding="utf-8")
    assert (
        "<strong>7.d</strong></a> — Chưa hoàn thành, quá hạn 427 ngày <em>(phần việc của Sở Kế "
        "hoạch và Đầu tư, kế thừa từ 01/03/2025)</em>"
    ) in page
    assert "<strong>3.a</strong> (1879/QĐ-UBND)</a>" in page  # 3.a is in both plans
    assert "<strong>3.a</strong> (185/TB-UBND)</a>" in page
    assert "<strong>1.b</strong></a>" in page  # in one plan only: no plan said
    ended = (site / "co-quan" / "so-ke-hoach-dau-tu.html").read_text(encoding="utf-8")
    assert (
        '<p class="note">Sở Kế hoạch và Đầu tư — đến 28/02/2025; kế thừa: Sở Tài chính từ '
        "01/03/2025</p>"
    ) in ended


_SHIPPED = load([PLANS])
_HEIRS: dict[str, list[str]] = {}  # an agency → those its work passed to, by the end of 2025
for _a in _SHIPPED.registry.agencies:
    for _before, _ in _SHIPPED.registry.lineage(_a, date(2025, 12, 31)):
        _HEIRS.setdefault(_before, []).append(_a)
_SENDERS = {  # who may report on an item: no one named (the whole item), a lead, its class, heirs
    i.qualified_id: [
        None,
        *dict.fromkeys(
            [
                *(s.agency for s in i.assignments),
                *(s.via for s in i.assignments if s.via),
                *(h for s in i.assignments for h in _HEIRS.get(s.agency, [])),
            ]
        ),
    ]
    for i in _SHIPPED.items
}
_KINDS = st.sampled_from(["done", "done", "progress", "cancelled", "note"])


@st.composite
def _records(draw: st.DrawFn) -> list[Record]:
    """Reports as agencies send them: by a lead agency, its class, a successor of one (speaking
    for the shares passed to it by then), or for the whole item; on any day of 2024–2025, for one
    milestone or all."""
    found = []
    for n in range(draw(st.integers(0, 60))):
        item = draw(st.sampled_from(_SHIPPED.items))
        when = draw(st.dates(date(2024, 1, 1), date(2025, 12, 31)))
        who = draw(st.sampled_from(_SENDERS[item.qualified_id]))
        milestone = draw(st.sampled_from([None, *range(1, len(item.milestones) + 1)]))
        also = inherited_shares(item, who, _SHIPPED.registry, when) if who else ()
        kind = draw(_KINDS)
        found.append(
            Record(
                item.qualified_id, milestone, who, kind, when, None, None, None, "p", n, also=also
            )
        )
    return found


@settings(max_examples=60, deadline=None)
@given(records=_records(), day=st.dates(date(2024, 1, 1), date(2026, 6, 30)))
def test_the_ledger_gives_each_agency_its_own_rows(records: list[Record], day: date) -> None:
    """Every writer takes an agency's shares from the ledger of the whole workspace: they are
    those `rows` finds for the agency alone, to the match and the status of every milestone."""
    ws = dataclasses.replace(_SHIPPED, records=records)
    book = owner.book(ws, day)
    for agency in ws.registry.agencies:
        alone = owner.rows(ws, agency, day, "lead")
        shared = book.held(ws, agency)
        assert [(r.item.qualified_id, r.match, r.status) for r in shared] == [
            (r.item.qualified_id, r.match, r.status) for r in alone
        ], agency


@settings(max_examples=80, deadline=None)
@given(records=_records(), gap=st.integers(-30, 120), pick=st.integers(0, 1000))
def test_a_passed_share_is_open_as_its_assessment_the_day_before_says(
    records: list[Record], gap: int, pick: int
) -> None:
    """Whether a share was still open the day before it passed on is what its assessment on that
    day says, whether or not anything had been recorded by then (then it is open unassessed):
    the change comes a few days to months after a report on the item, or before any."""
    ws = dataclasses.replace(_SHIPPED, records=records)
    named = [i for r in records for i in _SHIPPED.items if i.qualified_id == r.item]
    item = (named or _SHIPPED.items)[pick % len(named or _SHIPPED.items)]  # one reported on
    history = ws.history(item)
    since = (history[0].date if history else date(2025, 3, 1)) + timedelta(days=gap)
    for shares in ((), item.assignments[:1], item.assignments):
        before = assess(item, history, since - timedelta(days=1), shares or None)
        assert owner._open_on(ws, item, shares, since) == (
            before.status not in ("dung-han", "tre-han", "da-huy")
        )
