"""The officer picker: names in any script, employee numbers, units, namesakes and tenancy."""

import pytest

from cadre.core.pickers import PICKER_LIMIT, search_fold
from cadre.people.models import Officer
from cadre.people.search import officer_search_key, officers_search
from tests.support import factories as f


def _labels(result):
    return [o.label for o in result.options]


def _pks(result):
    return {o.pk for o in result.options}


@pytest.fixture
def yamada(world):
    a = world.a
    return f.OfficerFactory(
        administration=a.administration,
        org_unit=a.house,
        position=a.position,
        employee_number="JP204518",
        family_name="山田",
        given_name="太郎",
        family_name_reading="やまだ",
        given_name_reading="たろう",
    )


def test_search_key_is_filled_on_save_and_folds_every_script(yamada):
    # given an officer saved through the ORM
    # then the key holds both orders, the reading and the employee number, folded
    key = Officer.objects.get(pk=yamada.pk).search_key
    assert "山田 太郎" in key
    assert "山田太郎" in key
    assert "やまだ たろう" in key
    assert "jp204518" in key


@pytest.mark.parametrize(
    "query",
    [
        "山田",
        "山田太郎",
        "太郎 山田",
        "やまだ",
        "ヤマダ",
        "ﾔﾏﾀﾞ",
        "たろう",
        "JP2045",
        "jp204518",
        "ＪＰ２０４５",
    ],
)
def test_a_kanji_name_is_found_by_kanji_kana_half_width_and_employee_number(world, yamada, query):
    assert yamada.pk in _pks(officers_search(user=world.a.tm, query=query, limit=PICKER_LIMIT))


def test_latin_names_match_without_diacritics_and_in_any_case(world):
    a = world.a
    muller = f.OfficerFactory(
        administration=a.administration, org_unit=a.house, given_name="Jürgen", family_name="Müller"
    )
    for query in ("muller", "MÜLLER", "jurgen mul", "Ｍｕｌｌｅｒ"):
        assert muller.pk in _pks(officers_search(user=a.tm, query=query, limit=PICKER_LIMIT)), query


def test_a_unit_name_finds_its_officers(world):
    a = world.a
    result = officers_search(user=a.tm, query="airport", limit=PICKER_LIMIT)
    assert _pks(result) == {a.officers[3].pk}


def test_two_officers_of_the_same_name_are_told_apart(world):
    # given two officers called Hanako Sato in different units
    a = world.a
    one = f.OfficerFactory(
        administration=a.administration,
        org_unit=a.house,
        given_name="Hanako",
        family_name="Sato",
        employee_number="S1",
    )
    two = f.OfficerFactory(
        administration=a.administration,
        org_unit=a.other_house,
        given_name="Hanako",
        family_name="Sato",
        employee_number="S2",
        position=a.position,
    )
    # when searching the name
    options = {o.pk: o for o in officers_search(user=a.tm, query="hanako sato", limit=PICKER_LIMIT).options}
    # then both are shown, with their employee number, unit and position
    assert options[one.pk].label == options[two.pk].label
    assert options[one.pk].details == ("S1", "Port Customs House")
    assert options[two.pk].details == ("S2", "Airport Customs House", "Customs examiner")


def test_a_foreign_administrations_officer_is_never_returned(world):
    # given an officer of Beta with exactly the name and number searched
    b = world.b
    f.OfficerFactory(
        administration=b.administration,
        org_unit=b.house,
        given_name="Only",
        family_name="Beta",
        employee_number="BETA1",
    )
    # then Alpha's training manager and supervisor find nothing, by name, number or unit
    for user in (world.a.tm, world.a.sup, world.a.learner):
        for query in ("only beta", "BETA1", "Beta Customs HQ"):
            assert officers_search(user=user, query=query, limit=PICKER_LIMIT).options == []
    # while Beta's training manager does
    assert _labels(officers_search(user=b.tm, query="BETA1", limit=PICKER_LIMIT)) == ["Only Beta"]


def test_a_supervisor_finds_only_the_supervised_subtree(world):
    a = world.a
    assert _pks(officers_search(user=a.sup, query="family", limit=PICKER_LIMIT)) == {
        o.pk for o in a.officers[:3]
    }


def test_results_are_limited_and_say_more_matched(world):
    a = world.a
    Officer.objects.bulk_create(
        [
            Officer(
                administration=a.administration,
                org_unit=a.house,
                employee_number=f"M{i:03d}",
                given_name="Many",
                family_name=f"Name{i:03d}",
                search_key=f"name{i:03d} many|m{i:03d}",
            )
            for i in range(25)
        ]
    )
    result = officers_search(user=a.tm, query="many", limit=20)
    assert len(result.options) == 20
    assert result.more
    assert not officers_search(user=a.tm, query="name001", limit=20).more


def test_an_empty_query_finds_nothing(world):
    assert officers_search(user=world.a.tm, query="   ", limit=PICKER_LIMIT).options == []


def test_search_key_function_matches_fold(yamada):
    assert officer_search_key(yamada) == Officer.objects.get(pk=yamada.pk).search_key
    assert search_fold("ｶﾞｯｺｳ") == "がっこう"


def test_an_import_stores_readings_and_the_picker_finds_them(world):
    # given an HR file with kana readings in their own columns
    from cadre.people.imports import officer_import_apply
    from tests.people.imports_support import csv_bytes

    rows = [
        ["職員番号", "姓", "名", "姓（カナ）", "名（カナ）", "所属"],
        ["K-1", "鈴木", "一郎", "スズキ", "イチロウ", "a-HQ"],
    ]
    officer_import_apply(
        actor=world.a.tm, administration=world.a.administration, filename="hr.csv", content=csv_bytes(rows)
    )
    officer = Officer.objects.get(employee_number="K-1")
    assert (officer.family_name_reading, officer.given_name_reading) == ("スズキ", "イチロウ")
    # then kana finds the kanji name, from the start of the reading or inside it
    for query in ("すずき", "ｽｽﾞｷ", "いちろう", "K-1", "鈴木一郎"):
        assert officer.pk in _pks(officers_search(user=world.a.tm, query=query, limit=PICKER_LIMIT)), query
