"""Main-text extraction, jReadability and the やさしい日本語 indicators."""

from __future__ import annotations

import pytest

from ingest.accessibility.extract import extract_main_text, japanese_share
from ingest.accessibility.readability import (
    band_of,
    jreadability,
    score_html,
    score_text,
    split_sentences,
)

# The same notice twice: as a city office writes it, and rewritten in やさしい日本語.
NORMAL = """<html lang="ja"><body>
<nav>ホーム 子育て 防災 サイトマップ 文字サイズ変更</nav>
<main><h1>国民健康保険への加入手続</h1>
<p>国民健康保険は、職場の健康保険等に加入している方及び生活保護を受給している方を除き、市内に住所を有する全ての方が加入しなければならない医療保険制度です。</p>
<p>転入、退職等により加入資格を取得した場合は、資格取得日から起算して14日以内に届出を行う必要がありますので、本人確認書類及び関係書類を持参の上、市民課窓口において手続を行ってください。</p>
<p>届出が遅延した場合、保険税は資格取得日まで遡及して賦課されますので、ご留意ください。</p>
</main><footer>みどり市役所 〒999-0019 代表電話 0000-00-0000 著作権表示</footer></body></html>"""

EASY = """<html lang="ja"><body>
<nav>ホーム 子育て 防災 サイトマップ 文字サイズ変更</nav>
<main><h1>こくみん けんこう ほけん</h1>
<p>みどりしに すんで いる <ruby>人<rt>ひと</rt></ruby>は、こくみん けんこう ほけんに はいります。</p>
<p>かいしゃを やめた ときは、14にちの あいだに <ruby>市役所<rt>しやくしょ</rt></ruby>に きて ください。</p>
<p><ruby>在留<rt>ざいりゅう</rt></ruby>カードを もって きて ください。</p>
<p>おそく なると、おかねを たくさん はらう ことに なります。</p>
</main><footer>みどり市役所 〒999-0019 代表電話 0000-00-0000 著作権表示</footer></body></html>"""


def test_the_easy_version_scores_easier_on_every_indicator() -> None:
    normal, easy = score_html(NORMAL), score_html(EASY)
    assert normal.jreadability is not None and easy.jreadability is not None
    assert easy.jreadability > normal.jreadability + 2
    assert normal.band in ("上級後半", "上級前半")
    assert easy.band in ("初級前半", "初級後半", "中級前半")
    assert easy.mean_sentence_length < normal.mean_sentence_length
    assert easy.kanji_ratio < normal.kanji_ratio
    assert easy.ruby_coverage == pytest.approx(1.0)
    assert normal.ruby_coverage == 0.0
    assert easy.kango_pct < normal.kango_pct
    assert easy.desu_masu_ratio == pytest.approx(1.0)


def test_formula_matches_the_published_coefficients() -> None:
    # 11.724 − 0.056·10 − 0.126·20 − 0.042·50 − 0.145·10 − 0.044·30
    assert jreadability(10, 20, 50, 10, 30) == pytest.approx(3.774)


def test_a_known_text_scores_as_the_jreadability_package_does() -> None:
    # The jreadability package (aligned with jreadability.net) gives 6.438 for this sentence.
    score = score_html("<p>おはようございます！今日は天気がいいですね。</p>")
    assert score.jreadability == pytest.approx(6.438, abs=1e-3)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (-1.0, "上級後半"),
        (0.5, "上級後半"),
        (1.49, "上級後半"),
        (1.5, "上級前半"),
        (2.49, "上級前半"),
        (2.5, "中級後半"),
        (3.5, "中級前半"),
        (4.49, "中級前半"),
        (4.5, "初級後半"),
        (5.49, "初級後半"),
        (5.5, "初級前半"),
        (6.4, "初級前半"),
        (7.2, "初級前半"),
    ],
)
def test_band_boundaries(score: float, band: str) -> None:
    assert band_of(score) == band


def test_main_text_skips_navigation_header_footer_and_aside() -> None:
    html = """<html lang="ja"><head><title>t</title><style>p{}</style></head><body>
    <header>ヘッダー文</header><nav>ナビ文</nav>
    <main><p>本文です。</p><aside>関連リンク</aside><div role="navigation">パンくず</div>
    <script>var x = "スクリプト";</script><p hidden>隠し</p></main>
    <footer>フッター文</footer></body></html>"""
    main = extract_main_text(html)
    assert main.text == "本文です。"
    assert main.lang == "ja" and main.title == "t"


def test_main_container_fallbacks() -> None:
    role = extract_main_text('<body><div>外</div><div role="main"><p>内</p></div></body>')
    article = extract_main_text("<body><div>外</div><article><p>記事</p></article></body>")
    body = extract_main_text("<body><nav>ナビ</nav><p>本文</p><footer>足</footer></body>")
    assert (role.text, article.text, body.text) == ("内", "記事", "本文")


def test_ruby_coverage_counts_annotated_kanji_and_not_the_furigana() -> None:
    main = extract_main_text(
        "<main><p><ruby>市役所<rt>しやくしょ</rt></ruby>に<ruby>行<rp>(</rp><rt>い</rt>"
        "<rp>)</rp></ruby>きます。住所を書きます。</p></main>"
    )
    assert main.text == "市役所に行きます。住所を書きます。"
    assert (main.kanji_total, main.kanji_in_ruby, main.ruby_elements) == (7, 4, 2)
    assert score_text(main).ruby_coverage == pytest.approx(4 / 7)


def test_unclosed_paragraphs_and_list_items_still_split_into_blocks() -> None:
    main = extract_main_text("<main><p>一つ目です<p>二つ目です<ul><li>項目A<li>項目B</ul></main>")
    assert [b.text for b in main.blocks] == ["一つ目です", "二つ目です", "項目A", "項目B"]


def test_headings_and_labels_are_not_prose() -> None:
    score = score_html(
        "<main><h1>申請について</h1><p>窓口で申請します。</p><button>送る</button>"
        "<p>受付時間：午前9時～午後5時</p></main>"
    )
    assert score.sentences == 1  # the heading, the button and the verbless line are left out
    assert score.desu_masu_ratio == 1.0


def test_desu_masu_share_and_loanwords() -> None:
    score = score_html(
        "<main><p>カードを申請します。</p><p>写真が必要だ。</p><p>窓口へ来てください。</p>"
        "<p>手数料はかかりませんか。</p></main>"
    )
    assert score.desu_masu_ratio == pytest.approx(3 / 4)
    assert score.katakana_loanword_ratio is not None and score.katakana_loanword_ratio > 0


def test_sentence_splitting_keeps_closing_brackets() -> None:
    text = "「申請してください。」と言われました。本当ですか？はい"
    assert split_sentences(text) == [
        "「申請してください。」",
        "と言われました。",
        "本当ですか？",
        "はい",
    ]


def test_a_page_not_in_japanese_gets_no_score() -> None:
    score = score_html('<html lang="en"><main><p>Welcome to Midori City.</p></main></html>')
    assert not score.is_japanese
    assert score.jreadability is None and score.band is None
    assert japanese_share("Midori 市") == pytest.approx(1 / 7)
