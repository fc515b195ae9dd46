import xml.etree.ElementTree as ET

from cadre.core.charts import BLUE, VERMILLION, GapBar, gap_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - the chart under test, not untrusted input


def _chart(bars, **kwargs):
    return gap_chart_svg(bars=bars, max_level=4, title="Gaps", description="Current vs required", **kwargs)


def test_chart_is_well_formed_accessible_svg():
    # given two competencies, one assessed and one not
    svg = _chart([GapBar("Valuation", 1, 3), GapBar("Origin of Goods", None, 2)])

    # when it is parsed as XML
    root = _parse(svg)

    # then it is an image with a title and description for assistive technology
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Gaps"
    assert root.find(f"{SVG}title").text == "Gaps"
    assert root.find(f"{SVG}desc").text == "Current vs required"


def test_chart_shows_values_as_text_and_unknown_distinct_from_zero():
    # given one officer at level 0 and one never assessed
    svg = _chart([GapBar("Valuation", 0, 3), GapBar("Risk Analysis", None, 2)])

    # then both values are written out, and "not yet assessed" is not "0"
    assert "0 / 3" in svg
    assert "not yet assessed / 2" in svg


def test_chart_uses_okabe_ito_colours_and_no_script():
    svg = _chart([GapBar("Valuation", 2, 3)])

    assert BLUE in svg
    assert VERMILLION in svg
    assert "<script" not in svg


def test_labels_are_escaped():
    # given a label trying to inject markup
    svg = gap_chart_svg(
        bars=[GapBar('<script>alert("x")</script> & co', 1, 2)],
        max_level=4,
        title="<b>t</b>",
        description="d",
    )

    # then the markup is text, and the document still parses
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    _parse(svg)


def test_labels_in_any_script_and_long_labels_are_shortened_with_full_title():
    long = "関税分類" * 20
    svg = _chart([GapBar(long, 1, 2), GapBar("การประเมินราคา", 2, 2)])

    root = _parse(svg)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert long in titles
    assert "การประเมินราคา" in svg
    assert "…" in svg


def test_translated_words_and_empty_chart():
    svg = _chart([], labels={"current": "現在", "required": "必要"})

    _parse(svg)
    assert "現在" in svg
    assert "必要" in svg
