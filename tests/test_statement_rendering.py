"""Statement PDFs at meeting size: archival and tagged, fonts embedded, text extractable, shared renderer parts."""
import io
import sys
from pathlib import Path

from pypdf import PdfReader

from ce_plugin import pdf
from ce_plugin.statements import render_pdf
from tests.helpers import pdf_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def statement_of(sessions):
    from statement_sample import snapshot  # the benchmark's statement, of a real meeting's shape
    return snapshot(sessions)


def test_a_150_session_statement_keeps_pdf_a_tags_fonts_and_every_line(db):
    data = render_pdf(statement_of(150))
    reader = PdfReader(io.BytesIO(data))
    part = reader.xmp_metadata.get_element("", "http://www.aiim.org/pdfa/ns/id/", "part")
    assert [x.value for x in part] == ["2"]
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    fonts = {font["/BaseFont"]: font for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values() for font in [font.get_object()]}
    # subsets (a six-letter tag before the name) of the packaged fonts, embedded
    assert fonts and all(len(name.split("+", 1)[0]) == 7 and name.split("+", 1)[1].startswith("CE-Sans")
                         for name in fonts)
    assert all("/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts.values())
    text = pdf_text(data)
    assert all(f"Session {n}: Advances" in text for n in range(150))
    assert "Total claimed 150.00" in text and text.count("Total claimed") == 1
    assert "K7QM-2XRD-9PWA" in text


def test_the_packaged_stylesheet_is_applied_without_a_link_in_the_document(db):
    from ce_plugin.statements import render_html
    html = render_html(statement_of(1))
    assert "statement.css" not in html.split("<body", 1)[0].replace("statement.css is applied", "")
    reader = PdfReader(io.BytesIO(render_pdf(statement_of(1))))
    assert reader.pages[0].mediabox.width == 612  # Letter, from statement.css's @page


def test_one_fetcher_and_one_parsed_stylesheet_serve_every_render(db):
    render_pdf(statement_of(1))
    fetcher, fonts, sheets = pdf.url_fetcher(), *pdf._styles(("ce_plugin/css/statement.css",))
    render_pdf(statement_of(2))
    assert pdf.url_fetcher() is fetcher
    again_fonts, again_sheets = pdf._styles(("ce_plugin/css/statement.css",))
    assert again_fonts is fonts and again_sheets[0] is sheets[0]


def test_the_shared_fetcher_still_refuses_anything_but_packaged_files(db):
    import pytest
    for url in ("file:///etc/passwd", "https://example.org/x.css", "ce-static:../../setup.py"):
        with pytest.raises(pdf.BlockedURL):
            pdf.packaged_file(url)
    with pytest.raises(pdf.BlockedURL):
        pdf.html_to_pdf('<link rel="stylesheet" href="file:///etc/passwd"><p>x</p>')


def test_the_longest_dates_and_times_fit_their_columns(db):
    data = statement_of(1)
    data["sessions"][0].update(date="2026-09-30", starts_at="2026-09-30T06:00:00-04:00",
                               ends_at="2026-09-30T07:50:00-04:00")
    text = pdf_text(render_pdf(data))
    assert "30 September 2026 06:00–07:50 EDT Session 0" in text  # each cell whole, none running into the next
