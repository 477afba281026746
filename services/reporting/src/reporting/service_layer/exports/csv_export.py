"""CSV: the "as of" line first, then the long table (indicator, disaggregation, group, value)."""

import csv
import io

from ..indicator_report import IndicatorReport
from .long_table import HEADER, as_of_line, rows


def csv_export(report: IndicatorReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["as of", as_of_line(report)])
    writer.writerow(HEADER)
    for row in rows(report):
        writer.writerow(["" if cell is None else cell for cell in row.cells()])
    return out.getvalue()
