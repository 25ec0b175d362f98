import pytest

from sanxin.engines.matching.text import (
    detect_language,
    features,
    fold,
    sentences,
    stem,
    tokens,
)

pytestmark = pytest.mark.unit


def test_chinese_is_segmented_with_jieba_search_mode():
    assert tokens("风电齿轮箱制造商，寻求越南合作伙伴") == [
        "风电",
        "齿轮箱",
        "制造商",
        "寻求",
        "越南",
        "合作伙伴",
    ]
    found = features("金沙江阿海水电站")
    # search mode gives the parts of a compound too, so 水电 meets 水电站
    assert {"水电站", "水电", "电站", "金沙江"} <= set(found)


def test_chinese_stop_words_are_dropped():
    assert "的" not in features("我们的风电项目")
    assert "有限公司" not in tokens("南京高精齿轮有限公司")


def test_vietnamese_syllables_bigrams_and_folding():
    found = features("Nhà máy thủy điện Bản Chát")
    assert {"nhà", "máy", "thủy", "điện", "bản", "chát"} <= set(found)
    assert found["thuy_dien"] == 0.7
    assert found["~thuy"] == 0.5
    assert found["~dien"] == 0.5
    assert detect_language("Nhà máy thủy điện Bản Chát") == "vi"


def test_vietnamese_typed_without_marks_meets_the_marked_text():
    marked = features("nhà máy thủy điện")
    bare = features("nha may thuy dien")
    shared = set(marked) & set(bare)
    assert {"~thuy", "~dien", "thuy_dien", "nha_may"} <= shared


def test_vietnamese_stop_words_are_dropped():
    assert tokens("Dự án của tỉnh và các nhà đầu tư") == ["dự", "án", "tỉnh", "nhà", "đầu", "tư"]


def test_english_stop_words_and_light_stemming():
    assert tokens("We are seeking suppliers of gearboxes and bearings for the wind farms") == [
        "seek",
        "supplier",
        "gearbox",
        "bear",
        "wind",
        "farm",
    ]
    assert [stem(w) for w in ("batteries", "switches", "glass", "bus", "lending")] == [
        "battery",
        "switch",
        "glass",
        "bus",
        "lend",
    ]


def test_fold_removes_vietnamese_marks():
    assert fold("Đắk Lắk thủy điện") == "Dak Lak thuy dien"


def test_detect_language():
    assert detect_language("风电齿轮箱") == "zh"
    assert detect_language("Điện gió ngoài khơi") == "vi"
    assert detect_language("Offshore wind") == "en"
    assert detect_language("华能辛店电厂 Huaneng") == "zh"


def test_sentences_split_in_three_languages_and_keep_decimals():
    text = "风电齿轮箱制造商。寻求合作！We make 2.5 MW gearboxes. Next\nTỉnh hỗ trợ nhà đầu tư."
    assert sentences(text) == [
        "风电齿轮箱制造商。",
        "寻求合作！",
        "We make 2.5 MW gearboxes.",
        "Next",
        "Tỉnh hỗ trợ nhà đầu tư.",
    ]


def test_long_sentences_are_cut():
    parts = sentences("word " * 300, max_chars=100)
    assert all(len(p) <= 100 for p in parts)
    assert " ".join(parts).split() == ["word"] * 300
