"""Attachment lines of a pasted publication page ("PDF, 120KB, 8 pages") are page chrome, not figures."""

from parsers import parse_text
from parsers.quantities import find_quantities

PAGE = """Guidance

Short breaks capital grants 2025 to 2026

Local authority funding for new short breaks settings for disabled children.

Short breaks capital grants: allocations

MS Excel Spreadsheet, 41.2KB

Short breaks capital grants: conditions of grant

Ref: ISBN 978-1-83870-999-1, DFE-00099-2025

PDF, 180KB, 12 pages

This file may not be suitable for users of assistive technology.

Request an accessible format.

Short breaks capital grants: easy read summary

HTML

Short breaks capital grants: data return

ODS, 25KB

The department will allocate £45 million to 150 local authorities to build short breaks settings.
"""


def test_attachment_lines_are_not_figures():
    record = parse_text(PAGE)
    quantities = sorted((f.value, f.unit) for f in record.figures if f.kind == "quantity")
    assert quantities == [(150.0, "local authorities")]
    assert [f.value for f in record.figures if f.kind == "money"] == [45_000_000]


def test_attachment_lines_name_the_attachments_and_leave_the_body():
    record = parse_text(PAGE)
    assert [a.title for a in record.attachments] == [
        "Short breaks capital grants: allocations", "Short breaks capital grants: conditions of grant",
        "Short breaks capital grants: easy read summary", "Short breaks capital grants: data return"]
    body = " ".join(item.text for s in record.sections for item in s.items)
    assert "KB" not in body and "conditions of grant" not in body and "ISBN" not in body
    assert "assistive technology" not in body
    assert "Local authority funding for new short breaks settings" in body


def test_up_to_a_count_of_two_kinds_of_school_keeps_the_noun():
    [q] = find_quantities("as well as up to 45 new special and AP free schools.")
    assert (q.value, q.unit) == (45, "new special and AP free schools")
    [q] = find_quantities("including 12 new special and alternative provision free schools")
    assert q.unit.endswith("free schools")
