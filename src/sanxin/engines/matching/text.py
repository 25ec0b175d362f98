"""Tokenisation and sentence splitting for Chinese, Vietnamese and English.

- Chinese (Han script): jieba's search mode, so a compound yields its parts too
  (水电站 → 水电, 电站, 水电站) and "水电" in one text meets "水电站" in another.
- Vietnamese: one token per syllable (the language writes words as space-separated
  syllables), plus two second signals: adjacent-syllable bigrams (``thủy_điện``), which
  approximate Vietnamese words without a word segmenter, and diacritic-folded forms
  (``~thuy``), so text typed without tone marks still meets text typed with them.
- English (and any other Latin text): lower-cased words without stop words, lightly stemmed
  (plural and -ing/-ed endings), plus the folded form as for Vietnamese.

Features are strings with a weight (exact 1.0, folded 0.5, bigram 0.7); the keyword index
(:mod:`sanxin.engines.matching.keywords`) weighs them further by rarity.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from typing import Any

FOLDED_WEIGHT = 0.5
BIGRAM_WEIGHT = 0.7

EN_STOP = frozenset(
    (  # noqa: SIM905 - a word list reads best as words
        "a an the and or but of to in on at by for with from into onto over under as is are was "
        "were be been being it its this that these those we our us you your they their them he "
        "she his her i me my not no nor so than then too very can could will would shall should "
        "may might must do does did done have has had having which who whom whose what when "
        "where why how all any both each few more most other some such only own same also just "
        "about above after again against before below between during out off up down further "
        "once here there per via etc co ltd inc corp llc company limited group "
    ).split()
)
VI_STOP = frozenset(
    (  # noqa: SIM905 - a word list reads best as words
        "của và các cho với là có được trong những một này để tại từ theo về đã sẽ đang thì mà "
        "như khi cũng nên nhưng hay hoặc rất tới vào ra trên dưới ty "
    ).split()
)
ZH_STOP = frozenset(
    (  # noqa: SIM905 - a word list reads best as words
        "的 了 和 与 及 在 是 为 等 或 对 将 把 被 其 该 我们 我 你 他 它 这 那 有 也 就 都 而 "
        "并 以 于 从 向 个 之 中 上 下 公司 有限公司 有限 股份 "
    ).split()
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Letters that only Vietnamese uses among the three languages (after NFC, lower case).
_VI_LETTERS = frozenset("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])\s*|(?<=[.])\s+|\s*\n+\s*")

_jieba_lock = threading.Lock()
_jieba_module: Any = None


def _jieba() -> Any:
    """jieba, imported and initialised once; its import touches deprecated APIs and its
    dictionary load logs to stderr, neither of which is ours to show."""
    global _jieba_module  # noqa: PLW0603 - a process-wide lazy singleton
    if _jieba_module is None:
        with _jieba_lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jieba  # noqa: PLC0415 - heavy, loaded on first Chinese text only

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba_module = jieba
    return _jieba_module


def normalise(text: str) -> str:
    """NFC and case-folded; Vietnamese letters stay composed."""
    return unicodedata.normalize("NFC", text).casefold()


def fold(word: str) -> str:
    """Remove diacritics (Vietnamese tone and vowel marks; đ → d)."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def detect_language(text: str) -> str:
    """``zh``, ``vi`` or ``en`` by script: Han characters make Chinese, letters only
    Vietnamese uses make Vietnamese, anything else counts as English."""
    text = normalise(text)
    han = sum(len(m) for m in _HAN.findall(text))
    letters = sum(1 for c in text if c.isalpha())
    if letters and han / letters >= 0.3:
        return "zh"
    vi = sum(1 for c in text if c in _VI_LETTERS)
    if vi >= 2 or (letters and vi / letters >= 0.02 and vi):
        return "vi"
    return "en"


def stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed; never below three letters."""
    if len(word) <= 3 or not word.isascii():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("xes", "ches", "shes", "sses", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _latin_features(run: str, lang: str, out: Counter[str]) -> None:
    words = [w for w in _WORD.findall(run) if not w.isdigit()]
    if lang == "vi":
        kept = [w for w in words if w not in VI_STOP]
        for w in kept:
            out[w] += 1.0
            out["~" + fold(w)] += FOLDED_WEIGHT
        folded = [fold(w) for w in words]
        for a, b in pairwise(folded):
            if a not in VI_STOP or b not in VI_STOP:
                out[f"{a}_{b}"] += BIGRAM_WEIGHT
        return
    for w in words:
        if len(w) < 2 or w in EN_STOP:
            continue
        s = stem(w)
        out[s] += 1.0
        out["~" + fold(s)] += FOLDED_WEIGHT


def _han_features(run: str, out: Counter[str]) -> None:
    for piece in _jieba().cut_for_search(run):
        w = piece.strip()
        if w and w not in ZH_STOP and not w.isdigit():
            out[w] += 1.0


@lru_cache(maxsize=65536)
def _features_cached(text: str) -> tuple[tuple[str, float], ...]:
    text = normalise(text)
    lang = detect_language(text)
    out: Counter[str] = Counter()
    pos = 0
    for m in _HAN.finditer(text):
        if m.start() > pos:
            _latin_features(text[pos : m.start()], lang, out)
        _han_features(m.group(), out)
        pos = m.end()
    if pos < len(text):
        _latin_features(text[pos:], lang, out)
    if lang != "vi":
        # Phrase bigrams of folded words; unaccented Vietnamese ("thuy dien") reads as
        # English, and these meet the folded bigrams of the accented text ("thủy điện").
        words = [fold(w) for w in _WORD.findall(text) if w.isascii() and not w.isdigit()]
        for a, b in pairwise(words):
            # Skip a pair only when both are stop words: "may" is an English stop word and
            # half of "nha may" (factory).
            if a not in EN_STOP or b not in EN_STOP:
                out[f"{a}_{b}"] += BIGRAM_WEIGHT
    return tuple(sorted(out.items()))


def features(text: str) -> dict[str, float]:
    """Keyword features of a text with their weights (see the module docstring)."""
    return dict(_features_cached(text))


def tokens(text: str) -> list[str]:
    """The exact word tokens of a text (no folded forms, no bigrams), in order."""
    text = normalise(text)
    lang = detect_language(text)
    out: list[str] = []
    pos = 0

    def latin(run: str) -> None:
        for w in _WORD.findall(run):
            if w.isdigit():
                continue
            if lang == "vi":
                if w not in VI_STOP:
                    out.append(w)
            elif len(w) >= 2 and w not in EN_STOP:
                out.append(stem(w))

    for m in _HAN.finditer(text):
        latin(text[pos : m.start()])
        out.extend(w for w in _jieba().lcut(m.group()) if w.strip() and w not in ZH_STOP)
        pos = m.end()
    latin(text[pos:])
    return out


def sentences(text: str, *, max_chars: int = 400) -> list[str]:
    """Split a text into sentences (。！？；.!?; and line breaks); long ones are cut at
    ``max_chars`` so one passage never dominates."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    out: list[str] = []
    for part in parts:
        rest = part
        while len(rest) > max_chars:
            cut = rest.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            out.append(rest[:cut].strip())
            rest = rest[cut:].strip()
        if rest:
            out.append(rest)
    return out
