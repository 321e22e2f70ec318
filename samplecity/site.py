"""The city's web site: topics, pages (Japanese, やさしい日本語, English) and e-application pages."""

from __future__ import annotations

from dataclasses import dataclass

HOST = "www.city.midori.example.jp"
BASE_URL = f"https://{HOST}"
CITY_JA = "みどり市"
CITY_EN = "Midori City"

# Topic ids (department / theme of a page); order is the index used everywhere.
TOPICS: tuple[str, ...] = (
    "shisei",  # 市政・くらし (home, news, facilities)
    "kosodate",  # 子育て
    "gomi",  # ごみ・リサイクル
    "bosai",  # 防災
    "zei",  # 税
    "mynumber",  # マイナンバー
    "kanko",  # 観光
    "kenko",  # 健康・福祉/介護
    "todokede",  # 住民票・転入転出
)
TOPIC_NAMES_JA = {
    "shisei": "市政・くらし",
    "kosodate": "子育て",
    "gomi": "ごみ・リサイクル",
    "bosai": "防災",
    "zei": "税",
    "mynumber": "マイナンバー",
    "kanko": "観光",
    "kenko": "健康・福祉・介護",
    "todokede": "住民票・転入転出",
}
LANGS: tuple[str, ...] = ("ja", "easy", "en")


@dataclass(frozen=True)
class Procedure:
    procedure_id: str
    name: str
    topic: str


PROCEDURES: tuple[Procedure, ...] = (
    Procedure("P001", "住民票の写し等交付申請", "todokede"),
    Procedure("P002", "転出届（オンライン）", "todokede"),
    Procedure("P003", "転入届の来庁予約", "todokede"),
    Procedure("P004", "マイナンバーカード交付申請予約", "mynumber"),
    Procedure("P005", "児童手当 認定請求・現況届", "kosodate"),
    Procedure("P006", "保育所等入所申込", "kosodate"),
    Procedure("P007", "税証明書交付申請", "zei"),
    Procedure("P008", "粗大ごみ収集申込", "gomi"),
    Procedure("P009", "防災メール登録", "bosai"),
    Procedure("P010", "要介護認定申請", "kenko"),
)

# (slug, title, has_file) in order of popularity; the first entry is the topic's index page.
_JA_PAGES: dict[str, list[tuple[str, str, bool]]] = {
    "shisei": [
        ("shisei/oshirase/index.html", "新着情報", False),
        ("shisei/shisetsu/kaichou.html", "開庁時間・休日窓口", False),
        ("shisei/shisetsu/index.html", "施設案内", False),
        ("shisei/koho/index.html", "広報みどり", True),
        ("shisei/soshiki.html", "組織・電話番号", False),
        ("shisei/shisetsu/shiyakusho.html", "市役所へのアクセス", False),
        ("shisei/saiyo/index.html", "職員採用", True),
        ("shisei/nyusatsu/index.html", "入札・契約情報", True),
        ("shisei/shicho/index.html", "市長の部屋", False),
        ("shisei/index.html", "市政情報", False),
        ("shisei/senkyo/index.html", "選挙", False),
        ("shisei/toukei/index.html", "統計みどり", True),
        ("shisei/yosan.html", "予算・決算", True),
        ("shisei/kouchou.html", "市民の声（広聴）", False),
        ("shisei/opendata.html", "オープンデータ", True),
        ("shisei/sitemap.html", "サイトマップ", False),
    ],
    "kosodate": [
        ("kosodate/index.html", "子育て・教育", False),
        ("kosodate/jidouteate.html", "児童手当", True),
        ("kosodate/hoikusho.html", "保育所等の入所申込", True),
        ("kosodate/kodomo_iryo.html", "子ども医療費助成", False),
        ("kosodate/hoikusho_akijokyo.html", "保育所等の空き状況", True),
        ("kosodate/kenshin.html", "乳幼児健診", False),
        ("kosodate/yobosesshu.html", "子どもの予防接種", False),
        ("kosodate/gakudo.html", "放課後児童クラブ", True),
        ("kosodate/ninshin.html", "妊娠・出産", False),
        ("kosodate/boshitecho.html", "母子健康手帳の交付", False),
        ("kosodate/app.html", "子育て応援アプリ「みどりっこ」", False),
        ("kosodate/shussan_kyufu.html", "出産・子育て応援給付金", True),
        ("kosodate/shien_center.html", "子育て支援センター", False),
        ("kosodate/byouji_hoiku.html", "病児保育", False),
        ("kosodate/shugaku_enjo.html", "就学援助", True),
        ("kosodate/nyugaku.html", "小・中学校の入学", False),
        ("kosodate/hitorioya.html", "ひとり親家庭への支援", False),
        ("kosodate/jidou_fuyou.html", "児童扶養手当", True),
        ("kosodate/youchien.html", "幼稚園", False),
        ("kosodate/kodomo_shokudo.html", "子ども食堂", False),
    ],
    "gomi": [
        ("gomi/index.html", "ごみ・リサイクル", False),
        ("gomi/calendar.html", "ごみ収集カレンダー", True),
        ("gomi/bunbetsu.html", "ごみの分け方・出し方", True),
        ("gomi/sodai.html", "粗大ごみの申込", False),
        ("gomi/seisou_center.html", "清掃センターへの持ち込み", False),
        ("gomi/shigen.html", "資源物の回収", False),
        ("gomi/kaden.html", "家電リサイクル", False),
        ("gomi/nenmatsu.html", "年末年始のごみ収集", False),
        ("gomi/hikkoshi.html", "引っ越しのごみ", False),
        ("gomi/app.html", "ごみ分別アプリ", False),
        ("gomi/kandenchi.html", "乾電池・蛍光管の出し方", False),
        ("gomi/spray.html", "スプレー缶の出し方", False),
        ("gomi/compost.html", "生ごみ処理機の購入補助", True),
        ("gomi/jigyokei.html", "事業系ごみ", True),
        ("gomi/fuhou_toki.html", "不法投棄", False),
        ("gomi/pet.html", "ペットボトルの出し方", False),
    ],
    "bosai": [
        ("bosai/index.html", "防災・安全", False),
        ("bosai/hinanjo.html", "避難所一覧", True),
        ("bosai/hazard_map.html", "ハザードマップ", True),
        ("bosai/kinkyu.html", "緊急情報", False),
        ("bosai/keikai.html", "警戒レベルと避難情報", False),
        ("bosai/taifu.html", "台風への備え", False),
        ("bosai/mail.html", "防災メール登録", False),
        ("bosai/teiden.html", "停電・断水情報", False),
        ("bosai/jishin.html", "地震への備え", False),
        ("bosai/bichiku.html", "備蓄品リスト", True),
        ("bosai/dosha.html", "土砂災害警戒区域", True),
        ("bosai/suigai.html", "水害への備え", False),
        ("bosai/kunren.html", "総合防災訓練", False),
        ("bosai/shobo.html", "消防・救急", False),
        ("bosai/musen.html", "防災行政無線", False),
        ("bosai/youshien.html", "避難行動要支援者名簿", True),
    ],
    "zei": [
        ("zei/index.html", "税金", False),
        ("zei/kakutei_shinkoku.html", "確定申告・住民税申告", True),
        ("zei/juminzei.html", "個人住民税", False),
        ("zei/shinkoku_kaijo.html", "申告相談会場のご案内", True),
        ("zei/shoumei.html", "税証明書の交付", True),
        ("zei/koteishisan.html", "固定資産税", False),
        ("zei/nouzei.html", "納税方法（口座振替・スマホ決済）", False),
        ("zei/keijidosha.html", "軽自動車税", True),
        ("zei/kazei_shoumei.html", "課税（所得）証明書", False),
        ("zei/tokubetsu_choshu.html", "特別徴収（事業者の方へ）", True),
        ("zei/kyuyo_shiharai.html", "給与支払報告書の提出", True),
        ("zei/houjin.html", "法人市民税", True),
        ("zei/nouzei_shoumei.html", "納税証明書", False),
        ("zei/hikazei.html", "住民税の非課税", False),
        ("zei/genmen.html", "市税の減免", True),
        ("zei/entai.html", "延滞金", False),
        ("zei/kaoku_hyoka.html", "家屋の評価", False),
        ("zei/furusato.html", "ふるさと納税", False),
    ],
    "mynumber": [
        ("mynumber/index.html", "マイナンバー", False),
        ("mynumber/card_shinsei.html", "マイナンバーカードの申請", True),
        ("mynumber/card_koufu.html", "マイナンバーカードの受け取り（交付予約）", False),
        ("mynumber/convenience.html", "コンビニ交付", False),
        ("mynumber/hokensho.html", "マイナ保険証", False),
        ("mynumber/kigen.html", "電子証明書の更新", False),
        ("mynumber/kyujitsu.html", "休日交付窓口", False),
        ("mynumber/mynaportal.html", "マイナポータル", False),
        ("mynumber/jusho_henko.html", "マイナンバーカードの住所変更", False),
        ("mynumber/funshitsu.html", "マイナンバーカードを紛失したとき", False),
        ("mynumber/shien.html", "申請サポート出張窓口", False),
        ("mynumber/tsuchisho.html", "個人番号通知書", False),
    ],
    "kanko": [
        ("kanko/index.html", "観光", False),
        ("kanko/spots.html", "観光スポット", True),
        ("kanko/event.html", "イベントカレンダー", False),
        ("kanko/sakura.html", "桜の名所", False),
        ("kanko/matsuri.html", "みどり夏まつり", False),
        ("kanko/hanabi.html", "花火大会", False),
        ("kanko/momiji.html", "紅葉の見どころ", False),
        ("kanko/onsen.html", "温泉", False),
        ("kanko/gourmet.html", "グルメ", False),
        ("kanko/access.html", "アクセス", True),
        ("kanko/stay.html", "宿泊", False),
        ("kanko/model_course.html", "モデルコース", True),
        ("kanko/movie.html", "観光PR動画", False),
        ("kanko/camp.html", "キャンプ場", False),
        ("kanko/souvenir.html", "お土産", False),
        ("kanko/rental_cycle.html", "レンタサイクル", False),
        ("kanko/annaijo.html", "観光案内所", False),
        ("kanko/furusato_henreihin.html", "ふるさと納税返礼品", False),
    ],
    "kenko": [
        ("kenko/index.html", "健康・福祉", False),
        ("kenko/kokuho.html", "国民健康保険", True),
        ("kenko/yobosesshu.html", "高齢者インフルエンザ予防接種", False),
        ("kenko/kenshin.html", "特定健診", False),
        ("kenko/gan_kenshin.html", "がん検診", True),
        ("kenko/kaigo_nintei.html", "要介護認定の申請", True),
        ("kenko/kaigo_hoken.html", "介護保険料", False),
        ("kenko/kaigo_service.html", "介護サービス", False),
        ("kenko/kouki.html", "後期高齢者医療", False),
        ("kenko/houkatsu.html", "地域包括支援センター", False),
        ("kenko/touban.html", "休日当番医", False),
        ("kenko/nenkin.html", "国民年金", False),
        ("kenko/netchusho.html", "熱中症予防", False),
        ("kenko/shogai.html", "障害福祉", True),
        ("kenko/seikatsu_hogo.html", "生活保護", False),
        ("kenko/ninchisho.html", "認知症相談", False),
        ("kenko/taxi.html", "高齢者タクシー利用助成", True),
        ("kenko/covid.html", "新型コロナウイルス感染症", False),
    ],
    "todokede": [
        ("todokede/index.html", "届出・証明", False),
        ("todokede/juminhyo.html", "住民票の写し", True),
        ("todokede/tennyu.html", "転入届", False),
        ("todokede/tenshutsu.html", "転出届", False),
        ("todokede/hikkoshi.html", "引っ越しの手続きチェックリスト", True),
        ("todokede/online_tenshutsu.html", "オンライン転出届（引越しワンストップ）", False),
        ("todokede/konzatsu.html", "窓口混雑状況", False),
        ("todokede/tenkyo.html", "転居届", False),
        ("todokede/inkan.html", "印鑑登録", False),
        ("todokede/koseki.html", "戸籍", True),
        ("todokede/yoyaku.html", "窓口予約", False),
        ("todokede/shussei.html", "出生届", False),
        ("todokede/konin.html", "婚姻届", False),
        ("todokede/okuyami.html", "おくやみ手続き", True),
        ("todokede/gaikokujin.html", "外国人住民の届出", False),
        ("shinsei/index.html", "電子申請・届出サービス", False),
    ],
}

_EASY_PAGES: list[tuple[str, str, str]] = [
    ("shisei", "easy/index.html", "やさしい にほんご"),
    ("gomi", "easy/gomi.html", "ごみの だしかた"),
    ("bosai", "easy/bosai.html", "じしん・たいふうの とき"),
    ("bosai", "easy/hinanjo.html", "ひなんじょ"),
    ("todokede", "easy/hikkoshi.html", "ひっこしの てつづき"),
    ("todokede", "easy/juminhyo.html", "じゅうみんひょう"),
    ("mynumber", "easy/mynumber.html", "マイナンバーカード"),
    ("zei", "easy/zei.html", "ぜいきん"),
    ("kenko", "easy/kokuho.html", "こくみん けんこう ほけん"),
    ("kenko", "easy/byoin.html", "びょういん"),
    ("kosodate", "easy/kodomo.html", "こどもの おかね（じどう てあて）"),
    ("kosodate", "easy/hoikusho.html", "ほいくしょ"),
    ("kosodate", "easy/gakko.html", "がっこう"),
    ("shisei", "easy/soudan.html", "がいこくじん そうだん まどぐち"),
    ("shisei", "easy/nihongo.html", "にほんご きょうしつ"),
]

_EN_PAGES: list[tuple[str, str, str]] = [
    ("shisei", "en/index.html", "Midori City Official Website"),
    ("gomi", "en/living/garbage.html", "Garbage and Recycling"),
    ("todokede", "en/procedures/moving_in.html", "Moving In and Out"),
    ("bosai", "en/disaster/index.html", "Disaster Preparedness"),
    ("kanko", "en/tourism/index.html", "Visit Midori"),
    ("kanko", "en/tourism/spots.html", "Sightseeing Spots"),
    ("mynumber", "en/mynumber.html", "My Number Card"),
    ("bosai", "en/disaster/shelters.html", "Evacuation Shelters"),
    ("todokede", "en/procedures/residence_certificate.html", "Certificate of Residence"),
    ("zei", "en/tax.html", "Resident Tax"),
    ("kenko", "en/health/insurance.html", "National Health Insurance"),
    ("kosodate", "en/childcare/allowance.html", "Child Allowance"),
    ("kosodate", "en/childcare/nursery.html", "Nursery Schools"),
    ("kenko", "en/health/clinics.html", "Hospitals and Clinics"),
    ("shisei", "en/consultation.html", "Consultation for Foreign Residents"),
    ("kanko", "en/tourism/access.html", "Access"),
    ("kanko", "en/tourism/events.html", "Events"),
    ("kanko", "en/tourism/sakura.html", "Cherry Blossoms"),
]


@dataclass(frozen=True)
class Page:
    path: str  # begins with "/"
    title: str  # as the <title> reads, e.g. "児童手当 | みどり市"
    topic: str
    lang: str  # ja | easy | en
    weight: float  # relative popularity within (topic, lang)
    file_name: str | None  # a PDF linked from the page (file_download)
    form_id: str | None  # the e-application procedure on this page

    @property
    def url(self) -> str:
        return BASE_URL + self.path


def _popularity(rank: int) -> float:
    return 1.0 / (rank + 1) ** 0.9


def build_pages() -> list[Page]:
    """All pages; index 0 is the home page. Order is stable (it is the page index)."""
    pages = [Page("/", f"トップページ | {CITY_JA}", "shisei", "ja", 3.0, None, None)]
    for topic in TOPICS:
        for rank, (slug, title, has_file) in enumerate(_JA_PAGES[topic]):
            stem = slug.rsplit("/", 1)[-1].removesuffix(".html")
            file_name = f"/files/{topic}/{stem}.pdf" if has_file else None
            pages.append(
                Page(
                    f"/{slug}",
                    f"{title} | {CITY_JA}",
                    topic,
                    "ja",
                    _popularity(rank),
                    file_name,
                    None,
                )
            )
    for i, proc in enumerate(PROCEDURES):
        pages.append(
            Page(
                f"/shinsei/{proc.procedure_id}.html",
                f"{proc.name}（電子申請） | {CITY_JA}",
                proc.topic,
                "ja",
                0.18 + 0.01 * (i % 3),
                None,
                proc.procedure_id,
            )
        )
    for rank, (topic, slug, title) in enumerate(_EASY_PAGES):
        weight = 2.0 if rank == 0 else _popularity(rank)
        pages.append(Page(f"/{slug}", f"{title} | {CITY_JA}", topic, "easy", weight, None, None))
    for rank, (topic, slug, title) in enumerate(_EN_PAGES):
        weight = 2.0 if rank == 0 else _popularity(rank)
        pages.append(Page(f"/{slug}", f"{title} | {CITY_EN}", topic, "en", weight, None, None))
    return pages


PAGES: tuple[Page, ...] = tuple(build_pages())
HOME_PAGE_BY_LANG = {
    "ja": 0,
    "easy": next(i for i, p in enumerate(PAGES) if p.path == "/easy/index.html"),
    "en": next(i for i, p in enumerate(PAGES) if p.path == "/en/index.html"),
}
FORM_PAGE = {p.form_id: i for i, p in enumerate(PAGES) if p.form_id}
