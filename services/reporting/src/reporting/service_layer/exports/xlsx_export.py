"""XLSX: a summary sheet with every indicator's total, then one sheet per disaggregation; the
"as of" line heads each sheet."""

import io
from typing import TYPE_CHECKING

from ..indicator_report import IndicatorReport
from .long_table import HEADER, TOTAL, Row, as_of_line, rows_by_disaggregation

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SUMMARY = "summary"
SHEET_NAME_LIMIT = 31  # the file format's own limit


def xlsx_export(report: IndicatorReport) -> bytes:
    # Imported on the first export: openpyxl (and the numpy it loads) would otherwise cost every
    # reporting process about 35 MB for a file few requests ask for.
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    line = as_of_line(report)
    for index, (disaggregation, table) in enumerate(rows_by_disaggregation(report).items()):
        title = SUMMARY if disaggregation == TOTAL else disaggregation[:SHEET_NAME_LIMIT]
        sheet = book.active if index == 0 else book.create_sheet()
        assert isinstance(sheet, Worksheet)
        sheet.title = title
        _fill(sheet, line, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: "Worksheet", line: str, table: list[Row]) -> None:
    sheet.append(["as of", line])
    sheet.append(list(HEADER))
    for row in table:
        sheet.append(list(row.cells()))
