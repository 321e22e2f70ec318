"""Readability of a page's main text: jReadability (Lee & Hasebe) and やさしい日本語 indicators.

Tokens are UniDic short units from fugashi + unidic-lite; 語種 (word origin) comes from
``token.feature.goshu`` (和 / 漢 / 外 / 混 / 固 / 記号). As jreadability.net counts them (and the
jreadability package since it was aligned with that site): the percentages are of all tokens,
punctuation included, sentence length is tokens per sentence, verbs leave out 非自立可能 verbs
(the い of ている, the ください of てください) and the last term is particles (助詞). Words for
the loanword ratio leave punctuation out.

Sentences: each block of the main text is split after 。！？!? . Headings and labels (h1–h6,
caption, legend, label, button, th, dt) and segments without a predicate ("受付時間：午前9時～
午後5時") are not prose, so the sentence measures (jReadability, mean length, です/ます share) use
the other segments that contain a verb, adjective or auxiliary verb; a page with no such segment
falls back to all segments. Kanji ratio and ruby
coverage are measured on all of the main text, as a reader sees it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ingest.accessibility.extract import KANJI, MainText, extract_main_text, japanese_share

# jReadability = 11.724 − 0.056·(words per sentence) − 0.126·(漢語 %) − 0.042·(和語 %)
#                − 0.145·(動詞 %) − 0.044·(助詞 %); higher is easier. Percentages are of words.
INTERCEPT = 11.724
WEIGHTS = {
    "words_per_sentence": 0.056,
    "kango": 0.126,
    "wago": 0.042,
    "verb": 0.145,
    "particle": 0.044,
}

# (lower bound inclusive, band): the published bands are 0.5–1.4 上級後半 … 5.5–6.4 初級前半;
# scores below 0.5 fall in the hardest band and scores above 6.4 in the easiest.
BANDS: tuple[tuple[float, str], ...] = (
    (5.5, "初級前半"),
    (4.5, "初級後半"),
    (3.5, "中級前半"),
    (2.5, "中級後半"),
    (1.5, "上級前半"),
    (float("-inf"), "上級後半"),
)
BAND_EN = {
    "初級前半": "lower elementary",
    "初級後半": "upper elementary",
    "中級前半": "lower intermediate",
    "中級後半": "upper intermediate",
    "上級前半": "lower advanced",
    "上級後半": "upper advanced",
}
MIN_JAPANESE_SHARE = 0.3  # below this share of kana/kanji the page is not scored as Japanese

_NOT_WORDS = {"補助記号", "空白"}
_NOT_TOKENS = {"空白"}
_PREDICATES = {"動詞", "形容詞", "助動詞"}
_POLITE_LEMMAS = {"です", "ます", "下さる"}  # です/ます/でした/ません/ましょう/ください
_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[」』）)]*)?|[。！？!?]+")


@dataclass(frozen=True)
class Readability:
    is_japanese: bool
    text_chars: int
    sentences: int  # sentences the sentence measures were computed on
    words: int
    jreadability: float | None
    band: str | None
    mean_sentence_length: float | None  # characters per sentence (no spaces)
    mean_tokens_per_sentence: float | None  # the formula's sentence length
    kanji_ratio: float | None  # kanji among letters and digits
    desu_masu_ratio: float | None  # sentences ending in です/ます forms (incl. ください)
    ruby_coverage: float | None  # kanji inside <ruby> among all kanji (None: no kanji)
    katakana_loanword_ratio: float | None  # 外来語 (goshu 外) among words
    kango_pct: float | None  # the formula's terms: % of tokens
    wago_pct: float | None
    verb_pct: float | None
    particle_pct: float | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def band_of(score: float) -> str:
    return next(name for lower, name in BANDS if score >= lower)


def jreadability(
    words_per_sentence: float, kango: float, wago: float, verb: float, particle: float
) -> float:
    return (
        INTERCEPT
        - WEIGHTS["words_per_sentence"] * words_per_sentence
        - WEIGHTS["kango"] * kango
        - WEIGHTS["wago"] * wago
        - WEIGHTS["verb"] * verb
        - WEIGHTS["particle"] * particle
    )


@cache
def _tagger() -> Any:
    import fugashi  # imported on first use: the reader registry must stay light

    return fugashi.Tagger()


@dataclass(frozen=True)
class _Token:
    surface: str
    pos1: str
    pos2: str
    goshu: str
    lemma: str


def tokenize(text: str) -> list[_Token]:
    out = []
    for word in _tagger()(text):
        feature = word.feature
        out.append(
            _Token(
                word.surface,
                feature.pos1 or "",
                feature.pos2 or "",
                feature.goshu or "",
                feature.lemma or "",
            )
        )
    return out


def split_sentences(block: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(block) if s.strip()]


def _is_polite(tokens: Sequence[_Token]) -> bool:
    """です/ます style: one of the last three words (after dropping punctuation and sentence-final
    particles like か・ね・よ) is です, ます or ください (でした, ません, ましょう included)."""
    tail = [t for t in tokens if t.pos1 not in _NOT_WORDS and t.pos2 != "終助詞"][-3:]
    return any(t.lemma in _POLITE_LEMMAS for t in tail)


def score_text(main: MainText) -> Readability:
    text = main.text
    letters = sum(ch.isalnum() for ch in text)
    is_japanese = japanese_share(text) >= MIN_JAPANESE_SHARE
    ruby = main.kanji_in_ruby / main.kanji_total if main.kanji_total else None
    if not is_japanese:
        return Readability(
            False, len(text), 0, 0, None, None, None, None, None, None, ruby, None,
            None, None, None, None,
        )  # fmt: skip
    segments = [(s, tokenize(s), b.is_label) for b in main.blocks for s in split_sentences(b.text)]
    prose = [
        (s, t) for s, t, label in segments if not label and any(x.pos1 in _PREDICATES for x in t)
    ]
    used = prose or [(s, t) for s, t, _ in segments]
    tokens = [t for _, found in used for t in found if t.pos1 not in _NOT_TOKENS]
    words = [t for t in tokens if t.pos1 not in _NOT_WORDS]
    n_tokens, n_words, n_sentences = len(tokens), len(words), len(used)
    kanji = len(KANJI.findall(text))

    def pct(count: int) -> float:
        return 100.0 * count / n_tokens if n_tokens else 0.0

    kango = pct(sum(t.goshu == "漢" for t in tokens))
    wago = pct(sum(t.goshu == "和" for t in tokens))
    verb = pct(sum(t.pos1 == "動詞" and t.pos2 != "非自立可能" for t in tokens))
    particle = pct(sum(t.pos1 == "助詞" for t in tokens))
    wps = n_tokens / n_sentences if n_sentences else 0.0
    score = jreadability(wps, kango, wago, verb, particle) if n_words else None
    lengths = [len(re.sub(r"\s", "", s)) for s, _ in used]
    return Readability(
        is_japanese=True,
        text_chars=len(text),
        sentences=n_sentences,
        words=n_words,
        jreadability=round(score, 4) if score is not None else None,
        band=band_of(score) if score is not None else None,
        mean_sentence_length=sum(lengths) / n_sentences if n_sentences else None,
        mean_tokens_per_sentence=wps if n_sentences else None,
        kanji_ratio=kanji / letters if letters else None,
        desu_masu_ratio=(
            sum(_is_polite(t) for _, t in used) / n_sentences if n_sentences else None
        ),
        ruby_coverage=ruby,
        katakana_loanword_ratio=sum(w.goshu == "外" for w in words) / n_words if n_words else None,
        kango_pct=kango if n_words else None,
        wago_pct=wago if n_words else None,
        verb_pct=verb if n_words else None,
        particle_pct=particle if n_words else None,
    )


def score_html(html: str) -> Readability:
    return score_text(extract_main_text(html))
