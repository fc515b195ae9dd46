from __future__ import annotations

import io
import re
import unicodedata

import pytest

from cadre.practices.publication import Selection, collection_build, collection_html, collection_pdf

pypdf = pytest.importorskip("pypdf")

from tests.support.fonts import require_noto_fonts  # noqa: E402

pytestmark = pytest.mark.django_db


def _letters(text: str) -> str:
    """Base letters only: PDF text extraction splits Thai combining vowels and tone marks off."""
    return "".join(c for c in text if unicodedata.category(c) == "Lo")


def _fonts(pdf: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9\-]+)", pdf)}


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_contains_selected_entries_only_and_is_deterministic(world, make_practice):
    require_noto_fonts(thai=True)
    # given published entries in four languages, one outside the selected theme, and a draft
    make_practice("a", "published", title="Microlearning for examiners", topics=("microlearning",))
    make_practice("a", "published", title="研修管理の改善", language="ja", topics=("training_cycle",))
    make_practice("b", "published", title="海关培训评估", language="zh", topics=("evaluation",))
    make_practice("b", "published", title="การฝึกอบรมศุลกากร", language="th", topics=("blended",))
    make_practice("b", "published", title="Budget outside the selection", topics=("budgeting",))
    make_practice("a", "draft", title="Unpublished draft", topics=("microlearning",))
    selection = Selection(
        title="Collection 2019", topics=("microlearning", "training_cycle", "evaluation", "blended")
    )
    # when
    collection = collection_build(user=world.coordinator, selection=selection)
    pdf = collection_pdf(collection=collection)
    # then
    text = _text(pdf)
    for title in ("Microlearning for examiners", "研修管理の改善", "海关培训评估", "Collection 2019"):
        assert title in text
    assert _letters("การฝึกอบรมศุลกากร") in _letters(text)
    assert {"NotoSansThai-Regular", "NotoSerifCJKjp-Regular"} <= _fonts(pdf)
    assert "Index of administrations" in text
    assert "Alpha Customs" in text
    assert "Budget outside" not in text
    assert "Unpublished draft" not in text
    assert collection_pdf(collection=collection_build(user=world.coordinator, selection=selection)) == pdf


def test_html_edition_lists_sections_and_escapes(world, make_practice):
    make_practice("a", "published", title="<script>x</script> Microlearning", topics=("microlearning",))
    html = collection_html(collection=collection_build(user=world.a.learner, selection=Selection(title="C")))
    assert "&lt;script&gt;" in html
    assert "<script>x" not in html
    assert 'id="theme-microlearning"' in html
    assert "Alpha Customs" in html
