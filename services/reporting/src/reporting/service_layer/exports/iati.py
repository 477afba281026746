"""IATI 2.03 activity XML of the programme for IOM Belgium's donor reporting: organisations,
status and dates, DAC sectors and SDG goals, targets and indicators, one commitment per grant
award and one disbursement per tranche paid, the tranche conditions, and every indicator as a
result with baseline, target and actual, the actual also by sex. Codes come from IATI's
codelists."""

from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

from diaspora_shared.contracts.reference import ORGANISATIONS

from ..indicator_evaluator import IndicatorValue, Value
from ..indicator_report import IndicatorReport
from .grant_transactions import Transaction
from .long_table import as_of_line

IOM = "XM-DAC-47066"
ACTIVITY_ID = f"{IOM}-RW-DIASPORA-TVET-HEALTH"
PROGRAMME_START = date(2026, 1, 1)
IMPLEMENTATION = "2"  # ActivityStatus
PLANNED_START, ACTUAL_START = "1", "2"  # ActivityDateType
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"  # OrganisationRole
MULTILATERAL, GOVERNMENT = "40", "10"  # OrganisationType
DAC_5_DIGIT, SDG_GOAL, SDG_TARGET, SDG_INDICATOR = "1", "7", "8", "9"  # SectorVocabulary
OUTPUT, OUTCOME = "1", "2"  # ResultType
UNIT, PERCENTAGE = "1", "2"  # IndicatorMeasure
PERFORMANCE_CONDITION = "2"  # ConditionType
OUTCOME_ITEMS = frozenset({4, 8, 9})
GOVERNMENT_PARTNERS = ("MINAFFET", "MINEDUC", "RP", "MOH")
NAMES = {organisation.code: organisation.name for organisation in ORGANISATIONS}
TITLE = "Rwandan diaspora professionals for TVET and health in Rwanda"
CONDITION = (
    "Each grant tranche is paid only after its conditions are met with evidence and a second "
    "officer approves its release."
)


def iati_activity_xml(
    report: IndicatorReport, transactions: list[Transaction], generated_at: datetime
) -> bytes:
    root = ET.Element(
        "iati-activities",
        {"version": "2.03", "generated-datetime": _datetime(generated_at)},
    )
    updated = report.as_of.newest_event_at or generated_at
    activity = _el(root, "iati-activity", {"last-updated-datetime": _datetime(updated)})
    _el(activity, "iati-identifier", text=ACTIVITY_ID)
    _organisation(activity, "reporting-org", {"ref": IOM, "type": MULTILATERAL}, "IOM-BE")
    _narrative(_el(activity, "title"), TITLE)
    _narrative(_el(activity, "description", {"type": "1"}), TITLE)
    _narrative(_el(activity, "description", {"type": "4"}), as_of_line(report))
    _participants(activity)
    _el(activity, "activity-status", {"code": IMPLEMENTATION})
    _dates(activity, transactions)
    _el(activity, "recipient-country", {"code": "RW"})
    _sectors(activity, report.indicators)
    for transaction in transactions:
        _transaction(activity, transaction)
    conditions = _el(activity, "conditions", {"attached": "1"})
    _narrative(_el(conditions, "condition", {"type": PERFORMANCE_CONDITION}), CONDITION)
    for value in report.indicators:
        if isinstance(value.value, int | float):
            _result(activity, value, _period(report, updated))
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _participants(activity: ET.Element) -> None:
    iom = {"ref": IOM, "type": MULTILATERAL}
    _organisation(activity, "participating-org", iom | {"role": FUNDING}, "IOM-BE")
    _organisation(activity, "participating-org", iom | {"role": ACCOUNTABLE}, "IOM-BE")
    _organisation(activity, "participating-org", iom | {"role": IMPLEMENTING}, "IOM-RW")
    for code in GOVERNMENT_PARTNERS:
        partner = {"type": GOVERNMENT, "role": IMPLEMENTING}
        _organisation(activity, "participating-org", partner, code)


def _dates(activity: ET.Element, transactions: list[Transaction]) -> None:
    _el(activity, "activity-date", {"type": PLANNED_START, "iso-date": PROGRAMME_START.isoformat()})
    if transactions:
        first = min(t.on for t in transactions)
        _el(activity, "activity-date", {"type": ACTUAL_START, "iso-date": first.isoformat()})


def _sectors(activity: ET.Element, values: list[IndicatorValue]) -> None:
    dac = sorted({str(v.dac_sector) for v in values if v.dac_sector is not None})
    targets = sorted({target for v in values for target in v.sdg_targets})
    goals = sorted({target.split(".")[0] for target in targets}, key=int)
    indicators = sorted({code for v in values for code in v.sdg_indicators})
    for vocabulary, codes in (
        (DAC_5_DIGIT, dac),
        (SDG_GOAL, goals),
        (SDG_TARGET, targets),
        (SDG_INDICATOR, indicators),
    ):
        for code, share in zip(codes, _shares(len(codes)), strict=True):
            _el(activity, "sector", {"vocabulary": vocabulary, "code": code, "percentage": share})


def _shares(count: int) -> list[str]:
    """Equal percentages adding up to exactly 100, the remainder on the first."""
    if count == 0:
        return []
    each = round(100 / count, 2)
    return [f"{100 - each * (count - 1):.2f}"] + [f"{each:.2f}"] * (count - 1)


def _transaction(activity: ET.Element, transaction: Transaction) -> None:
    element = _el(activity, "transaction")
    _el(element, "transaction-type", {"code": transaction.kind})
    _el(element, "transaction-date", {"iso-date": transaction.on.isoformat()})
    money = {"currency": transaction.currency, "value-date": transaction.on.isoformat()}
    _el(element, "value", money, text=str(transaction.amount))
    what = "Grant award" if transaction.tranche is None else f"Tranche {transaction.tranche}"
    _narrative(_el(element, "description"), f"{what}, pilot project {transaction.project}")
    _organisation(element, "provider-org", {"ref": IOM}, "IOM-RW")
    _organisation(element, "receiver-org", {}, transaction.project)


def _result(activity: ET.Element, value: IndicatorValue, period: tuple[date, date]) -> None:
    result_type = OUTCOME if value.domain_item in OUTCOME_ITEMS else OUTPUT
    result = _el(activity, "result", {"type": result_type, "aggregation-status": "1"})
    _narrative(_el(result, "title"), value.name["en"])
    measure = PERCENTAGE if value.unit == "percent" else UNIT
    indicator = _el(result, "indicator", {"measure": measure, "ascending": "1"})
    _narrative(_el(indicator, "title"), f"{value.name['en']} ({value.unit})")
    if value.baseline is not None:
        baseline = {"year": str(PROGRAMME_START.year), "value": _text(value.baseline)}
        _el(indicator, "baseline", baseline)
    element = _el(indicator, "period")
    _el(element, "period-start", {"iso-date": period[0].isoformat()})
    _el(element, "period-end", {"iso-date": period[1].isoformat()})
    if value.target is not None:
        _el(element, "target", {"value": _text(value.target)})
    _el(element, "actual", {"value": _text(value.value)})
    for sex, figure in value.by.get("sex", {}).items():
        actual = _el(element, "actual", {"value": _text(figure)})
        _el(actual, "dimension", {"name": "sex", "value": sex})


def _period(report: IndicatorReport, updated: datetime) -> tuple[date, date]:
    if report.period is not None:
        start, end = report.period.split("/")
        return date.fromisoformat(start), date.fromisoformat(end)
    return PROGRAMME_START, max(PROGRAMME_START, updated.date())


def _organisation(parent: ET.Element, tag: str, attributes: dict[str, str], code: str) -> None:
    _narrative(_el(parent, tag, attributes), NAMES.get(code, code))


def _narrative(parent: ET.Element, text: str) -> None:
    _el(parent, "narrative", text=text)


def _el(
    parent: ET.Element, tag: str, attributes: dict[str, str] | None = None, text: str | None = None
) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes or {})
    element.text = text
    return element


def _text(value: Value | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
