"""Saved pages of みどり市's web site, for `civicpulse audit` (accessibility + readability).

About twenty pages at the same paths GA4 records (so the page marts join): ordinary Japanese
pages written in official style, やさしい日本語 pages (short sentences, です/ます, furigana
with <ruby>), and one English page. Violations are planted per page from the seed: an image
without alt (axe rule image-alt), low-contrast text (color-contrast), an unlabelled form field
(label) and a missing <html lang> (html-has-lang); every kind appears at least once, and pages
without a planted violation pass axe's WCAG 2.0/2.1 A/AA rules.

HTML is not an export format `civicpulse run` ingests, so the pages go BESIDE the output folder
(out.parent / "site_html", like ground_truth.json); `civicpulse demo` audits that folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from samplecity.channels.context import ChannelOutput, SampleContext
from samplecity.site import BASE_URL, CITY_JA, TOPIC_NAMES_JA

FOLDER = "site_html"
KINDS = ("image-alt", "color-contrast", "label", "html-has-lang")
EXTRA_RATE = 0.15  # chance of each further violation kind on each page


@dataclass(frozen=True)
class SitePage:
    path: str
    title: str
    topic: str
    lang: str  # ja | easy | en
    text: tuple[str, ...]  # paragraphs; easy pages carry <ruby> markup


_JA = "ja"
_EASY = "easy"
PAGES: tuple[SitePage, ...] = (
    SitePage("/", "トップページ", "shisei", _JA, (
        "みどり市公式ホームページへようこそ。本市では、市民の皆様の利便性向上を図るため、各種手続のオンライン化を推進しております。",
        "新着情報、防災情報及び各種申請に関する情報を掲載していますので、ご活用ください。",
    )),
    SitePage("/kosodate/jidouteate.html", "児童手当", "kosodate", _JA, (
        "児童手当は、家庭等における生活の安定に寄与するとともに、次代の社会を担う児童の健やかな成長に資することを目的として支給される手当です。",
        "受給資格者が公務員である場合には、勤務先から支給されるため、市への申請は不要となります。"
        "転入や出生により新たに受給資格が生じた場合は、事由発生日の翌日から起算して15日以内に認定請求書を提出してください。",
    )),
    SitePage("/kosodate/hoikusho.html", "保育所等の入所申込", "kosodate", _JA, (
        "保育所等の利用を希望される方は、保育の必要性の認定を受けた上で、所定の期日までに入所申込書を提出する必要があります。",
        "選考に当たっては、保護者の就労状況、世帯の状況等を指数化し、指数の高い方から順に利用調整を行います。"
        "申込状況により、希望する施設に入所できない場合がありますので、あらかじめご了承ください。",
    )),
    SitePage("/gomi/bunbetsu.html", "ごみの分け方・出し方", "gomi", _JA, (
        "家庭から排出されるごみは、可燃ごみ、不燃ごみ、資源物及び粗大ごみに分別の上、指定の収集日の午前8時30分までに所定の集積所へ排出してください。",
        "分別が不十分なごみについては、警告シールを貼付の上、収集を見合わせる場合があります。事業活動に伴って生じた廃棄物は、事業者の責任において適正に処理しなければなりません。",
    )),
    SitePage("/gomi/sodai.html", "粗大ごみの申込", "gomi", _JA, (
        "一辺の長さが50センチメートルを超える家庭ごみは、粗大ごみとして事前申込制による戸別収集の対象となります。",
        "申込受付後、収集日及び手数料の金額を通知しますので、粗大ごみ処理券を購入の上、品目ごとに貼付してください。",
    )),
    SitePage("/bosai/hinanjo.html", "避難所一覧", "bosai", _JA, (
        "災害発生時又は発生のおそれがある場合には、市が指定する避難所を開設し、避難者の受入れを行います。",
        "避難所の開設状況については、防災行政無線、防災メール及び本ホームページにより周知します。",
    )),
    SitePage("/bosai/taifu.html", "台風への備え", "bosai", _JA, (
        "台風の接近に伴い、暴風、大雨及び高潮による被害が予想される場合には、早期の避難行動が重要です。",
        "気象庁が発表する警報等の防災気象情報に留意するとともに、非常用持出品の点検、側溝の清掃等の事前準備を行ってください。",
    )),
    SitePage("/zei/juminzei.html", "個人住民税", "zei", _JA, (
        "個人住民税は、前年中の所得を基礎として課税される市民税及び県民税の総称であり、均等割額と所得割額の合計額により算定されます。",
        "給与所得者の場合は、原則として特別徴収の方法により、毎月の給与から差し引かれます。",
    )),
    SitePage("/mynumber/card_shinsei.html", "マイナンバーカードの申請", "mynumber", _JA, (
        "マイナンバーカードは、本人確認書類として利用できるほか、住民票の写し等のコンビニ交付、健康保険証としての利用等、多様な行政手続に活用できるカードです。",
        "交付申請は、郵便、パソコン、スマートフォン又は証明用写真機から行うことができます。",
    )),
    SitePage("/kenko/kokuho.html", "国民健康保険", "kenko", _JA, (
        "国民健康保険は、職場の健康保険等に加入している方及び生活保護を受けている方を除き、市内に住所を有する全ての方が加入しなければならない医療保険制度です。",
        "加入及び脱退の届出は、事由発生日から14日以内に行う必要があります。",
    )),
    SitePage("/todokede/tennyu.html", "転入届", "todokede", _JA, (
        "他の市区町村から本市に住所を移された方は、新住所に居住を開始した日から14日以内に転入届を提出しなければなりません。",
        "届出に当たっては、前住所地の市区町村が発行する転出証明書及び本人確認書類を持参してください。",
    )),
    SitePage("/todokede/juminhyo.html", "住民票の写し", "todokede", _JA, (
        "住民票の写しは、本人又は同一世帯の方が請求する場合、窓口において本人確認書類を提示の上、交付申請書を提出することにより取得できます。",
        "代理人が請求する場合には、委任状が必要となります。",
    )),
    SitePage("/kanko/spots.html", "観光スポット", "kanko", _JA, (
        "みどり市は、豊かな自然と歴史的な街並みが調和した観光地として、四季折々の魅力を有しています。",
        "春には約千本の桜が咲き誇るみどり公園、秋には紅葉が美しいみどり渓谷等、多彩な観光資源を満喫できます。",
    )),
    SitePage("/easy/index.html", "やさしい にほんご", "shisei", _EASY, (
        "みどりしの ホームページです。やさしい にほんごで かいて います。",
        "わからない ことが あります か。<ruby>市役所<rt>しやくしょ</rt></ruby>に きいて ください。",
    )),
    SitePage("/easy/gomi.html", "ごみの だしかた", "gomi", _EASY, (
        "ごみは あさ 8じ30ぷんまでに だして ください。もえる ごみは かようびと きんようびです。",
        "びんと かんは すいようびです。わからない ときは <ruby>清掃<rt>せいそう</rt></ruby>センターに でんわして ください。",
    )),
    SitePage("/easy/bosai.html", "じしん・たいふうの とき", "bosai", _EASY, (
        "じしんの ときは つくえの したに はいって ください。たいふうが くる ときは そとに でないで ください。",
        "あぶない ときは <ruby>避難所<rt>ひなんじょ</rt></ruby>に いきます。",
    )),
    SitePage("/easy/hikkoshi.html", "ひっこしの てつづき", "todokede", _EASY, (
        "みどりしに ひっこしました か。14にちの あいだに <ruby>市役所<rt>しやくしょ</rt></ruby>に きて ください。",
        "<ruby>在留<rt>ざいりゅう</rt></ruby>カードを もって きて ください。",
    )),
    SitePage("/easy/juminhyo.html", "じゅうみんひょう", "todokede", _EASY, (
        "じゅうみんひょうは <ruby>市役所<rt>しやくしょ</rt></ruby>の まどぐちで もらえます。",
        "マイナンバーカードが あれば コンビニでも もらえます。おかねは 300えんです。",
    )),
    SitePage("/easy/kodomo.html", "こどもの おかね（じどう てあて）", "kosodate", _EASY, (
        "こどもが いる <ruby>人<rt>ひと</rt></ruby>は おかねを もらう ことが できます。",
        "こどもが うまれました か。15にちの あいだに <ruby>市役所<rt>しやくしょ</rt></ruby>に きて ください。",
    )),
    SitePage("/easy/kokuho.html", "こくみん けんこう ほけん", "kenko", _EASY, (
        "びょうきの とき びょういんで はらう おかねが すくなく なります。",
        "みどりしに すんで いる <ruby>人<rt>ひと</rt></ruby>は はいる ことが できます。",
    )),
    SitePage("/en/index.html", "Midori City Official Website", "shisei", "en", (
        "Welcome to the official website of Midori City.",
        "Information for foreign residents about moving in, garbage, taxes and disasters.",
    )),
)  # fmt: skip

_CSS = (
    "body{font-family:sans-serif;color:#222;background:#fff;margin:0 auto;max-width:60em}"
    "header,footer{padding:1em;background:#f4f7f4}a{color:#0b5394}"
    ".note{border:1px solid #ccc;padding:.5em}.low{color:#b3b3b3}"
    "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em}"
)
_NAV = ("kosodate", "gomi", "bosai", "zei", "mynumber", "kenko", "todokede")
# The contact note and the feedback box in each page's language (やさしい日本語 pages keep them easy).
_NOTE = {
    "ja": "お問い合わせ：みどり市役所 代表 0000-00-0000（平日8時30分～17時15分）",
    "easy": "わからない ときは でんわして ください。<ruby>市役所<rt>しやくしょ</rt></ruby> 0000-00-0000",
    "en": "Contact: Midori City Hall, 0000-00-0000",
}
_FEEDBACK = {
    "ja": ("このページの情報は役に立ちましたか", "はい", "いいえ", "ご意見", "送信"),
    "easy": ("この ページは わかりやすい ですか", "はい", "いいえ", "いけん", "おくる"),
    "en": ("Was this page helpful?", "Yes", "No", "Comments", "Send"),
}


def _html_lang(page: SitePage) -> str:
    return "en" if page.lang == "en" else "ja"


def render(page: SitePage, planted: frozenset[str]) -> str:
    """One page; each planted kind swaps the accessible markup for its broken twin."""
    english = page.lang == "en"
    lang = "" if "html-has-lang" in planted else f' lang="{_html_lang(page)}"'
    url = BASE_URL + page.path
    city = "Midori City" if english else CITY_JA
    nav = "".join(
        f'<li><a href="/{t}/index.html">{escape(TOPIC_NAMES_JA[t])}</a></li>' for t in _NAV
    )
    alt = "" if "image-alt" in planted else f' alt="{escape(page.title)}の写真"'
    note_class = "note low" if "color-contrast" in planted else "note"
    note = _NOTE[page.lang]
    paragraphs = "".join(f"<p>{text}</p>" for text in page.text)
    return (
        f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(page.title)} | {city}</title>\n"
        f'<link rel="canonical" href="{url}">\n<style>{_CSS}</style>\n</head>\n<body>\n'
        f'<header><p><a href="/">{city}</a></p>'
        f'<nav aria-label="{"Main menu" if english else "メインメニュー"}"><ul>{nav}</ul></nav></header>\n'
        f'<main id="main">\n<h1>{escape(page.title)}</h1>\n{paragraphs}\n'
        f'<img src="/images/{page.topic}.png" width="320" height="180"{alt}>\n'
        f"{_extra(page)}"
        f'<p class="{note_class}">{note}</p>\n'
        f"{_feedback(page.lang, 'label' in planted)}"
        "</main>\n<footer><p>みどり市役所 〒999-0019 みどり市中央1丁目1番1号</p>"
        "<p><small>Copyright © Midori City</small></p></footer>\n</body>\n</html>\n"
    )


def _extra(page: SitePage) -> str:
    if page.path == "/bosai/hinanjo.html":
        rows = (("中央小学校", "中央2丁目", "450"), ("みどり公民館", "緑町1丁目", "120"))
        body = "".join(
            f"<tr><th scope='row'>{a}</th><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows
        )
        return (
            "<table><caption>指定避難所</caption><tr><th scope='col'>名称</th>"
            f"<th scope='col'>所在地</th><th scope='col'>収容人数</th></tr>{body}</table>\n"
        )
    return ""


def _feedback(lang: str, unlabeled: bool) -> str:
    """The 'was this page helpful?' box Japanese city pages end with; planted: the comment
    field loses its label."""
    question, yes, no, comment, send = _FEEDBACK[lang]
    label = "" if unlabeled else f'<label for="fb-comment">{comment}</label>'
    return (
        f'<form action="/feedback" method="post"><fieldset><legend>{question}</legend>'
        '<input type="radio" id="fb-yes" name="useful" value="yes">'
        f'<label for="fb-yes">{yes}</label>'
        f'<input type="radio" id="fb-no" name="useful" value="no"><label for="fb-no">{no}</label>'
        f"</fieldset>{label}"
        '<textarea id="fb-comment" name="comment" rows="3" cols="40"></textarea>'
        f'<button type="submit">{send}</button></form>\n'
    )


def plant(ctx: SampleContext) -> dict[str, frozenset[str]]:
    """Which violations each page gets: every kind on at least one page, more at random."""
    rng = ctx.rng("site_html")
    chosen: dict[str, set[str]] = {p.path: set() for p in PAGES}
    order = rng.permutation(len(PAGES))
    for kind, index in zip(KINDS, order, strict=False):
        chosen[PAGES[int(index)].path].add(kind)
    for page in PAGES:
        for kind in KINDS:
            if rng.random() < EXTRA_RATE:
                chosen[page.path].add(kind)
    return {path: frozenset(kinds) for path, kinds in chosen.items()}


def file_of(page: SitePage) -> str:
    return "index.html" if page.path == "/" else page.path.lstrip("/")


def write(ctx: SampleContext) -> ChannelOutput:
    folder = ctx.out.parent / FOLDER
    planted = plant(ctx)
    files: dict[str, int] = {}
    truth_pages = []
    for page in PAGES:
        target = folder / file_of(page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(page, planted[page.path]), encoding="utf-8")
        files[f"../{FOLDER}/{file_of(page)}"] = 1
        truth_pages.append(
            {
                "url": BASE_URL + page.path,
                "file": file_of(page),
                "topic": page.topic,
                "lang": page.lang,
                "easy_japanese": page.lang == _EASY,
                "has_ruby": any("<ruby>" in t for t in page.text),
                "planted_violations": sorted(planted[page.path]),
                "accessible": not planted[page.path],
            }
        )
    return ChannelOutput(
        files=files,
        truth={
            "folder": f"{FOLDER} (beside the output folder, not ingested by `civicpulse run`)",
            "audit": "civicpulse audit <out.parent>/site_html",
            "kinds": list(KINDS),
            "pages": truth_pages,
            "pages_with_violations": sum(bool(v) for v in planted.values()),
        },
    )
