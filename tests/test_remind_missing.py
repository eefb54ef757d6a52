"""Who is still missing: an overdue item given to a class names the members still waiting in the
overdue table, the CSV, the workbook's Quá hạn sheet and the site; and a week replayed, where
Thursday's reminders and Monday's overdue list, table and site agree."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import Run
from tests.test_remind import THURSDAY, Inbox, _address, with_addresses, with_server
from tests.test_remind import inbox as inbox  # the SMTP server fixture, shared

AS_OF = "2024-04-15"
# 1.d is given to Sở Tư pháp, "Phòng Tư pháp cấp huyện" (the 13 UBND cấp huyện) and UBND cấp xã
# (a class assigned as one): 15 shares. Two report it done.
DISTRICTS = [
    "UBND thành phố Quảng Ngãi",
    "UBND thị xã Đức Phổ",
    "UBND huyện Bình Sơn",
    "UBND huyện Sơn Tịnh",
    "UBND huyện Tư Nghĩa",
    "UBND huyện Nghĩa Hành",
    "UBND huyện Mộ Đức",
    "UBND huyện Lý Sơn",
    "UBND huyện Trà Bồng",
    "UBND huyện Sơn Hà",
    "UBND huyện Sơn Tây",
    "UBND huyện Minh Long",
]
WAITING = [*DISTRICTS, "UBND cấp xã"]  # Ba Tơ has reported


def _two_report(run: Run, plans: Path) -> None:
    for agency, day in (("Sở Tư pháp", "2024-01-20"), ("UBND huyện Ba Tơ", "2024-01-25")):
        r = run("done", "1.d", "-a", agency, "--on", day, "-e", "Báo cáo rà soát", "--plans",
                str(plans))  # fmt: skip
        assert r.code == 0, r.err


def _cell(table: str, item: str, column: int) -> str:
    """A cell of the drawn table, its wrapped lines joined."""
    lines = table.splitlines()
    start = next(n for n, line in enumerate(lines) if f"│ {item} " in line)
    parts = []
    for line in lines[start:]:
        if line.startswith(("├", "└")):
            break
        parts.append(line.split("│")[column].strip())
    return " ".join(p for p in parts if p)


def test_the_overdue_table_counts_the_members_waiting_and_names_the_first(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_report(run, plans)
    monkeypatch.setenv("COLUMNS", "200")
    r = run("overdue", "--as-of", AS_OF, "--plans", str(plans))
    assert r.code == 0, r.err
    lead = _cell(r.out, "qd-1879-2024:1.d", 3)
    assert lead.endswith(
        "Chưa báo cáo hoàn thành (13/15): UBND thành phố Quảng Ngãi; UBND thị xã Đức Phổ; "
        "UBND huyện Bình Sơn và 10 cơ quan khác"
    )
    # An item none of whose members has reported: all counted, in a few words.
    assert _cell(r.out, "qd-1879-2024:2.d", 3).endswith("Chưa báo cáo hoàn thành: cả 34 cơ quan")
    # An item one agency owes says nothing more than its lead.
    assert _cell(r.out, "qd-1879-2024:5.b", 3) == "Sở Tài chính"


def test_the_csv_names_every_member_waiting_as_json_has_them(run: Run, plans: Path) -> None:
    _two_report(run, plans)
    rows = list(csv.DictReader(io.StringIO(run("overdue", "--as-of", AS_OF, "-f", "csv",
                                                "--plans", str(plans)).out)))  # fmt: skip
    (row,) = [r for r in rows if r["plan"] == "qd-1879-2024" and r["id"] == "1.d"]
    assert row["waiting"].split("; ") == WAITING
    assert (row["waiting_count"], row["shares"]) == ("13", "15")
    (single,) = [r for r in rows if r["plan"] == "qd-1879-2024" and r["id"] == "5.b"]
    assert (single["waiting"], single["waiting_count"], single["shares"]) == ("", "", "")
    data = json.loads(run("overdue", "--as-of", AS_OF, "-f", "json", "--plans", str(plans)).out)
    (item,) = [i for i in data if i["qualified_id"] == "qd-1879-2024:1.d"]
    ids = item["overdue_milestones"][0]["waiting"]
    assert len(ids) == 13
    agencies = run("agencies", "-f", "json", "--plans", str(plans)).out
    names = {a["id"]: a["name"] for a in json.loads(agencies)}
    assert [names[i] for i in ids] == WAITING


def test_the_workbooks_overdue_sheet_names_the_first_five(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    _two_report(run, plans)
    out = tmp_path / "bc.xlsx"
    r = run("report", "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    assert r.code == 0, r.err
    sheet = load_workbook(out)["Quá hạn"]
    cells = {row[1]: row[3] for row in sheet.iter_rows(values_only=True) if row[1]}
    assert cells["1.d"].splitlines()[-1] == (
        "Chưa báo cáo hoàn thành (13/15): UBND thành phố Quảng Ngãi; UBND thị xã Đức Phổ; "
        "UBND huyện Bình Sơn; UBND huyện Sơn Tịnh; UBND huyện Tư Nghĩa và 8 cơ quan khác"
    )
    assert cells["5.b"] == "Sở Tài chính\n(Phối hợp: Các sở, ban ngành; UBND cấp huyện)"
    detail = load_workbook(out)["Chi tiết"]  # the detail sheet keeps its cell as it was
    texts = [row[3] for row in detail.iter_rows(values_only=True) if row[1] == "1.d"]
    assert texts
    assert all("Chưa báo cáo" not in t for t in texts)


class _Texts(HTMLParser):
    """Each <li data-id> of a list, with its text and the text of its small.waiting."""

    def __init__(self, list_id: str) -> None:
        super().__init__()
        self.list_id, self.inside, self.current = list_id, False, ""
        self.waiting: dict[str, str] = {}
        self.in_waiting = False
        self.order: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "ol" and a.get("id") == self.list_id:
            self.inside = True
        elif self.inside and tag == "li":
            self.current = a.get("data-id") or ""
            self.order.append(self.current)
        elif self.inside and tag == "small" and a.get("class") == "waiting":
            self.in_waiting = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self.inside = False
        if tag == "small":
            self.in_waiting = False

    def handle_data(self, data: str) -> None:
        if self.in_waiting:
            self.waiting[self.current] = self.waiting.get(self.current, "") + data


def _read(page: Path, list_id: str) -> _Texts:
    parsed = _Texts(list_id)
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def test_the_site_names_every_member_on_quá_hạn_and_the_first_few_on_the_overview(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    _two_report(run, plans)
    out = tmp_path / "site"
    assert run("site", "--as-of", AS_OF, "-o", str(out), "--plans", str(plans)).code == 0
    page = _read(out / "qua-han.html", "overdue")
    said = page.waiting["qd-1879-2024:1.d"]
    assert said == "Chưa báo cáo hoàn thành (13/15): " + "; ".join(WAITING)
    assert "qd-1879-2024:5.b" in page.order
    assert "qd-1879-2024:5.b" not in page.waiting
    overview = _read(out / "index.html", "most-overdue")
    assert overview.order == page.order[:5]
    assert overview.waiting["qd-1879-2024:1.d"].endswith(" và 10 cơ quan khác")  # first few named


def test_the_site_agency_index_puts_the_worst_first(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("site", "--as-of", AS_OF, "-o", str(out), "--plans", str(plans)).code == 0
    html = (out / "co-quan" / "index.html").read_text(encoding="utf-8")
    overdue = [int(n) for n in re.findall(r"phần việc; quá hạn (\d+);", html)]
    assert overdue == sorted(overdue, reverse=True)
    assert overdue[0] > overdue[-1]


# --- a week replayed ------------------------------------------------------------------------------

MONDAY = "2024-04-01"  # the day after Sunday 31/03/2024, when the quarter's milestones fell due


def _overdue_sections(text: str) -> dict[str, set[str]]:
    """Each agency's message: the items (`id (plan number)`) of its overdue section."""
    found: dict[str, set[str]] = {}
    for message in text.split("\n" + "—" * 40 + "\n\n"):
        agency = message.splitlines()[0].removeprefix("Kính gửi: ")
        late = message.partition("Đã quá hạn, chưa báo cáo hoàn thành:\n")[2].split("\n\n")[0]
        found[agency] = {
            m.group(1) for m in re.finditer(r"^\d+\. (\S+ \(\S+\)) — ", late, re.MULTILINE)
        }
    return found


def test_a_week_replayed_reminders_thursday_overdue_monday_agree(
    run: Run, plans: Path, inbox: tuple[Inbox, int], tmp_path: Path
) -> None:
    box, port = inbox
    with_addresses(plans)
    with_server(plans, port)
    p = ("--plans", str(plans))
    thursday = run("remind", "--days", "7,3,1", "--as-of", THURSDAY, "--send", *p)
    assert thursday.code == 0, thursday.err
    told = box.to(_address("so-xay-dung")).get_content()
    assert "2.b — " in told
    assert "hạn 31/03/2024, còn 3 ngày" in told
    # Friday: Sở Xây dựng issues its plan for 2.b; Ba Tơ reports 1.e.
    for item, agency in (("2.b", "Sở Xây dựng"), ("1.e", "UBND huyện Ba Tơ")):
        r = run("done", item, "--milestone", "1", "-a", agency, "--on", "2024-03-29", "-e",
                "Kế hoạch số 10", *p)  # fmt: skip
        assert r.code == 0, r.err
    monday = run("remind", "--days", "7,3,1", "--overdue", "--as-of", MONDAY, *p)
    assert monday.code == 0, monday.err
    reminded = _overdue_sections(monday.out)
    assert "2.b (1879/QĐ-UBND)" not in reminded["Sở Xây dựng"]  # done on Friday: not reminded
    assert "2.b (1879/QĐ-UBND)" in reminded["Sở Tư pháp"]  # still owes its own share
    assert "1.e (1879/QĐ-UBND)" not in reminded["UBND huyện Ba Tơ"]
    # The overdue table of each agency's own shares lists what its message lists.
    for agency in ("Sở Xây dựng", "UBND huyện Ba Tơ", "Sở Tư pháp"):
        listed = run("overdue", "--as-of", MONDAY, "-a", agency, "--role", "lead", "-f", "json",
                     *p)  # fmt: skip
        plans_number = {"qd-1879-2024": "1879/QĐ-UBND", "tb-185-2018": "185/TB-UBND"}
        owed = {f"{i['id']} ({plans_number[i['plan']]})" for i in json.loads(listed.out)}
        assert owed == reminded[agency], agency
    # The site's Quá hạn page names as still waiting exactly the agencies reminded of the item.
    out = tmp_path / "site"
    assert run("site", "--as-of", MONDAY, "-o", str(out), *p).code == 0
    page = _read(out / "qua-han.html", "overdue")
    for qid in ("qd-1879-2024:2.b", "qd-1879-2024:1.e"):
        plan, _, item = qid.partition(":")
        label = f"{item} ({'1879/QĐ-UBND' if plan == 'qd-1879-2024' else '185/TB-UBND'})"
        who = {a for a, items in reminded.items() if label in items}
        said = page.waiting[qid].partition(": ")[2].split("; ")
        assert set(said) == who, qid
        assert "Sở Xây dựng" not in said if item == "2.b" else "UBND huyện Ba Tơ" not in said
    # Nothing Thursday sent is sent again on Thursday; Monday's overdue ones are new.
    again = run("remind", "--days", "7,3,1", "--as-of", THURSDAY, "--send", *p)
    assert again.code == 0
    assert len(box.messages) == 33
