import pytest

from sanxin.engines.matching import Taxonomy, TaxonomyError
from sanxin.engines.matching.taxonomy import BROADER, EXACT, RELATED

pytestmark = pytest.mark.unit


def test_match_kinds(taxonomy):
    assert taxonomy.match("wind-gearboxes", ["wind-gearboxes"]).kind == "exact"
    narrower = taxonomy.match("wind", ["wind-gearboxes"])
    assert (narrower.kind, narrower.score) == ("narrower", EXACT)
    broader = taxonomy.match("wind-gearboxes", ["wind"])
    assert (broader.kind, broader.score) == ("broader", BROADER)
    related = taxonomy.match("wind-gearboxes", ["wind-bearings"])
    assert (related.kind, related.score) == ("related", RELATED)
    assert taxonomy.match("wind-gearboxes", ["pv-modules"]) is None


def test_best_capability_wins(taxonomy):
    found = taxonomy.match("wind-gearboxes", ["wind-bearings", "wind", "wind-gearboxes"])
    assert (found.capability, found.kind) == ("wind-gearboxes", "exact")


def test_fit_is_the_mean_over_needs(taxonomy):
    assert taxonomy.fit(["wind-gearboxes", "finance-lending"], ["wind-gearboxes"]) == 0.5
    assert taxonomy.fit([], ["wind"]) == 0.0


def test_roots_are_not_related_to_each_other(taxonomy):
    assert taxonomy.match("wind", ["pv"]) is None


def test_unknown_codes_only_meet_themselves(taxonomy):
    assert taxonomy.match("made-up", ["made-up"]).kind == "exact"
    assert taxonomy.match("made-up", ["wind"]) is None


def test_labels_in_three_languages(taxonomy):
    assert taxonomy.label("wind-gearboxes", "zh") == "齿轮箱"
    assert taxonomy.label("wind-gearboxes", "vi") == "Hộp số"
    assert taxonomy.label("nothing") == "nothing"


def test_malformed_taxonomies_are_refused():
    with pytest.raises(TaxonomyError, match="unknown parent 'b'"):
        Taxonomy(parents={"a": "b"})
    with pytest.raises(TaxonomyError, match="cycle"):
        Taxonomy(parents={"a": "b", "b": "a"})
