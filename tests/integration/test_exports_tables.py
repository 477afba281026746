"""CSV and XLSX exports: the long table and the workbook hold exactly the figures the test
computes itself from the hand-made history (`indicator_stream.py`), small cells hidden where
the view hides them, and the "as of" line on top of the file and of every sheet."""

import csv
import io

from openpyxl import load_workbook

from reporting.service_layer.exports.choice import ExportFormat
from reporting.service_layer.exports.long_table import Row, inert
from reporting.service_layer.indicator_report import organisation_indicators
from reporting.service_layer.periods import parse_period

from .exports_support import exported, history_database

# Known answers for MINAFFET from the history: P1 (F, BE) 10 days at IPRC-KGL completed, P2
# (M, FR) running at IPRC-HYE, P3 (F, DE) 5 days at CHUK completed, P4's mission cancelled.
MINAFFET_EXPECTED = {
    ("professionals-deployed", "total", "total"): "3",
    ("professionals-deployed", "sex", "female"): "2",
    ("professionals-deployed", "sex", "male"): "1",
    ("professionals-deployed", "country", "BE"): "<5",
    ("professionals-deployed", "country", "FR"): "<5",
    ("professionals-deployed", "track", "TVET"): "2",
    ("professionals-deployed", "track", "HEALTH"): "1",
    ("person-days", "total", "total"): "15",
    ("person-days", "sex", "female"): "15",
    ("women-share-deployed", "total", "total"): "66.67",
}


def cells(row: tuple[object, ...]) -> list[str]:
    """A sheet's row as CSV would write it, without the padding of a read-only sheet."""
    text = ["" if cell is None else str(cell) for cell in row]
    while text and text[-1] == "":
        text.pop()
    return text


def numbers(row: list[str]) -> list[str | float]:
    """A spreadsheet keeps 50.0 as the number 50 and no empty cell at the end of a row:
    compare figures as numbers and rows without trailing blanks."""
    kept = cells(tuple(row))
    return [float(cell) if cell.replace(".", "", 1).isdigit() else cell for cell in kept]


def csv_rows(body: bytes) -> tuple[list[str], list[str], list[list[str]]]:
    lines = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    return lines[0], lines[1], lines[2:]


async def test_csv_is_the_long_table_of_the_view(database_url: str) -> None:
    async with history_database(database_url) as database:
        rendered = await exported(database, ExportFormat.CSV, "MINAFFET")
        async with database.session() as session:
            report = await organisation_indicators(session, "MINAFFET")
    as_of, header, rows = csv_rows(rendered.body)
    assert as_of[0] == "as of" and "organisation MINAFFET" in as_of[1]
    assert "period all time" in as_of[1]
    assert header == ["indicator", "name", "unit", "disaggregation", "group", "value"]
    figures = {(r[0], r[3], r[4]): r[5] for r in rows}
    assert len(figures) == len(rows)  # one row per indicator, disaggregation and group
    assert {k: figures[k] for k in MINAFFET_EXPECTED} == MINAFFET_EXPECTED
    assert {r[0] for r in rows} == {v.id for v in report.indicators}
    assert rendered.media_type.startswith("text/csv")
    assert rendered.file_name == "MINAFFET-indicators-all-time.csv"


async def test_csv_of_a_period_counts_only_its_missions(database_url: str) -> None:
    async with history_database(database_url) as database:
        rendered = await exported(database, ExportFormat.CSV, "IOM-RW", parse_period("2026-03"))
    as_of, _, rows = csv_rows(rendered.body)
    figures = {(r[0], r[3], r[4]): r[5] for r in rows}
    assert "period 2026-03-01/2026-03-31" in as_of[1]
    # Only P1's mission starts in March: ten days, two sessions at IPRC-KGL.
    assert figures[("person-days", "total", "total")] == "10"
    assert figures[("tot-sessions", "institution", "IPRC-KGL")] == "2"
    assert figures[("person-days", "country", "BE")] == "10"  # IOM sees small cells
    assert rendered.file_name == "IOM-RW-indicators-2026-03-01_2026-03-31.csv"


async def test_xlsx_has_a_summary_and_a_sheet_per_disaggregation(database_url: str) -> None:
    async with history_database(database_url) as database:
        workbook_bytes = (await exported(database, ExportFormat.XLSX, "MINEDUC")).body
        table = (await exported(database, ExportFormat.CSV, "MINEDUC")).body
    book = load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    as_of, header, rows = csv_rows(table)
    by_sheet: dict[str, list[list[str]]] = {}
    for row in rows:
        by_sheet.setdefault("summary" if row[3] == "total" else row[3], []).append(row)
    assert book.sheetnames[0] == "summary"
    assert set(book.sheetnames) == set(by_sheet)
    for name in book.sheetnames:
        lines = [cells(row) for row in book[name].iter_rows(values_only=True)]
        assert lines[0] == as_of, name
        assert lines[1] == header
        assert [numbers(r) for r in lines[2:]] == [numbers(r) for r in by_sheet[name]], name
    institutions = {(r[0], r[4]): r[5] for r in by_sheet["institution"]}
    # Trainers at IPRC-HYE: two men in one session, a small cell for the ministry.
    assert institutions[("trainers-trained", "IPRC-HYE")] == "<5"
    assert institutions[("students-trained", "IPRC-KGL")] == "11"


def test_text_a_spreadsheet_would_run_is_quoted() -> None:
    row = Row("tot-sessions", "ToT sessions", "sessions", "course", "=HYPERLINK(1)", 2)
    assert row.cells()[4] == "'=HYPERLINK(1)"
    assert row.cells()[5] == 2
    for start in ("+", "-", "@"):
        assert inert(f"{start}x") == f"'{start}x"
    assert inert("<5") == "<5" and inert(-1) == -1
