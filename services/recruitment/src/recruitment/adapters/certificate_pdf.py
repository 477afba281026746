"""The certificate of service as a PDF, drawn with fpdf2 from what the certificate states.

fpdf2's built-in fonts cover Latin-1 only; a name written in other letters keeps every letter
Latin-1 has and is spelt with base letters otherwise (Ł as L), rather than failing the request."""

import unicodedata

from ..domain.certificate import ServiceCertificate

TITLE = "Certificate of service"
PROGRAMME = "IOM diaspora engagement programme with Rwanda"


def certificate_pdf(certificate: ServiceCertificate) -> bytes:
    # Imported on the first certificate: fpdf2 and the imaging libraries it loads would
    # otherwise cost every recruitment process about 35 MB.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author("IOM Rwanda")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 14, TITLE, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 8, PROGRAMME, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 8, latin_1(_statement(certificate)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in _facts(certificate):
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(60, 8, label)
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 8, latin_1(value), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def latin_1(text: str) -> str:
    return "".join(_latin_1_letter(letter) for letter in text)


def _latin_1_letter(letter: str) -> str:
    if ord(letter) < 256:
        return letter
    base = "".join(c for c in unicodedata.normalize("NFKD", letter) if ord(c) < 128)
    return base or "?"


def _statement(certificate: ServiceCertificate) -> str:
    return (
        f"This certifies that {certificate.professional_name} served as a diaspora professional "
        f"at {certificate.institution_name}."
    )


def _facts(certificate: ServiceCertificate) -> list[tuple[str, str]]:
    return [
        ("Host institution", certificate.institution_name),
        ("Course or specialty", certificate.course_or_specialty),
        ("Dates", f"{certificate.starts_on} to {certificate.ends_on} ({certificate.days} days)"),
        ("Sessions delivered", str(certificate.sessions)),
        ("Hours delivered", f"{certificate.hours:g}"),
        ("Mission reference", certificate.mission_reference),
    ]
