"""Exports: renderings of an organisation's indicator report (and, for the donor, of the grant
read model) in the formats stakeholders import: CSV, XLSX, IATI 2.03 XML, DHIS2 JSON."""
