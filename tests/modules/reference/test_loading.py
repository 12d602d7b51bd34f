"""The shipped classifications every country gets: complete, with their trees, reloaded only when changed."""

import pytest
from django.db.models import Count
from django_tenants.utils import tenant_context

from modules.reference.loading import reference_load
from modules.reference.models import Classification, Code


def _levels(key: str) -> dict[int, int]:
    rows = Code.objects.filter(classification__key=key).values("level").annotate(n=Count("id"))
    return {row["level"]: row["n"] for row in rows}


def test_every_country_has_the_three_classifications_in_full(kn):
    with tenant_context(kn):
        tables = {table.key: table for table in Classification.objects.all()}
        assert {key: tables[key].codes.count() for key in ("isco08", "isic4", "iso3166")} == {
            "isco08": 619,
            "isic4": 766,
            "iso3166": 249,
        }
        assert all(tables[key].kind == Classification.Kind.INTERNATIONAL for key in ("isco08", "isic4"))
        assert _levels("isco08") == {1: 10, 2: 43, 3: 130, 4: 436}
        assert _levels("isic4") == {1: 21, 2: 88, 3: 238, 4: 419}
        assert _levels("iso3166") == {1: 249}


def test_another_country_has_its_own_copy(lc):
    with tenant_context(lc):
        assert Code.objects.filter(classification__key="isic4").count() == 766


def test_an_isic_class_knows_its_section_and_its_parents(kn):
    with tenant_context(kn):
        food = Code.objects.get(classification__key="isic4", code="1071")
        assert food.top == "C"
        assert food.path == "C/10/107/1071"
        chain = [food.code]
        while food.parent is not None:
            food = food.parent
            chain.append(food.code)
        assert chain == ["1071", "107", "10", "C"]


def test_an_isco_unit_group_knows_its_major_group(kn):
    with tenant_context(kn):
        nurse = Code.objects.select_related("parent__parent__parent").get(
            classification__key="isco08", code="2221"
        )
        assert [nurse.parent.code, nurse.parent.parent.code, nurse.parent.parent.parent.code] == [
            "222",
            "22",
            "2",
        ]
        assert nurse.parent.parent.parent.parent is None
        assert nurse.top == "2" and nurse.level == 4
        assert "nurse" in nurse.search_text


def test_the_countries_of_iso3166_carry_their_alpha3_code(kn):
    with tenant_context(kn):
        assert Code.objects.get(classification__key="iso3166", code="KN").harmonised_code == "KNA"


def test_reloading_an_unchanged_file_writes_nothing_and_force_repairs(kn):
    with tenant_context(kn):
        assert reference_load() == {"isco08": 0, "isic4": 0, "iso3166": 0}
        damaged = Code.objects.get(classification__key="isco08", code="2221")
        original = damaged.title
        damaged.title = "Something else"
        damaged.save()
        # The file has not changed, so a plain load does not even look at the codes.
        assert reference_load()["isco08"] == 0
        assert Code.objects.get(pk=damaged.pk).title == "Something else"
        assert reference_load(force=True) == {"isco08": 1, "isic4": 0, "iso3166": 0}
        assert Code.objects.get(pk=damaged.pk).title == original
        assert Code.objects.filter(classification__key="isco08").count() == 619


@pytest.mark.parametrize("key", ["isco08", "isic4"])
def test_every_code_below_the_top_has_a_parent_one_level_up(kn, key):
    with tenant_context(kn):
        codes = Code.objects.filter(classification__key=key).select_related("parent")
        for code in codes:
            if code.level == 1:
                assert code.parent is None, code
            else:
                assert code.parent.level == code.level - 1, code
                assert code.path == f"{code.parent.path}/{code.code}", code
