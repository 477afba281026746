"""The certificate of service rendered as PDF with fpdf2. It names the professional by their
programme reference: names stay in recruitment, which serves them to those entitled."""

from fpdf import FPDF

from ..domain.certificate import ServiceCertificate

TITLE = "Certificate of service"
PROGRAMME = "IOM diaspora engagement programme with Rwanda"


def certificate_pdf(certificate: ServiceCertificate) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author("IOM Rwanda")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 14, TITLE, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 8, PROGRAMME, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(8)
    for label, value in _lines(certificate):
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(70, 8, label)
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _lines(certificate: ServiceCertificate) -> list[tuple[str, str]]:
    return [
        ("Professional reference", certificate.professional_reference),
        ("Host institution", certificate.institution_name),
        ("Course or specialty", certificate.course_or_specialty),
        ("Dates", f"{certificate.starts_on} to {certificate.ends_on} ({certificate.days} days)"),
        ("Training sessions", f"{certificate.training_sessions}"),
        ("Training hours", f"{certificate.training_hours:g}"),
        ("Health services", f"{certificate.health_services}"),
        ("Local staff trained", f"{certificate.staff_trained}"),
        ("Mission reference", certificate.mission_reference),
    ]
