"""Contact extraction for the Web Image OCR endpoint (``extract_type: ["contact_info"]``).

``extract_contact(lines)`` turns recognised text blocks (reading order) into a
``ContactInfo`` with the API's six string fields.  No HTTP here; see README.md
in this package for the conventions.
"""

from .extract import ContactInfo, extract_contact

__all__ = ["ContactInfo", "extract_contact"]
