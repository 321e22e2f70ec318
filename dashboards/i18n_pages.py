"""UI strings for the executive, channels and web pages (merged into dashboards.i18n through
dashboards.i18n_more; kept apart so each module stays small)."""

from __future__ import annotations

JA: dict[str, str] = {
    "nav.executive": "経営ダッシュボード",
    "nav.channels": "情報発信チャネル",
    "nav.web": "Webとアクセシビリティ",
    # executive
    "executive.title": "経営ダッシュボード",
    "executive.intro": (
        "市の重要指標 (KPI) を年度ごとに、目標と前年度の同じ月と並べて見るページです。"
        "年度と指標の選択は URL に残るので、そのまま共有できます。"
    ),
    "executive.fy": "{year}年度",
    "executive.kpi_choice": "グラフに表示する指標",
    "executive.cards": "最新月の指標と目標",
    "executive.cards.note": (
        "「✓ 目標達成」「✗ 目標未達」は、指標ごとに良い方向 (高いほど良い・低いほど良い) で"
        "判定しています。"
    ),
    "executive.card.detail": "{month}の値 / 目標 {target}",
    "executive.status.met": "✓ 目標達成",
    "executive.status.missed": "✗ 目標未達",
    "executive.status.none": "目標なし",
    "executive.table.title": "最新月の指標一覧",
    "executive.col.kpi": "指標",
    "executive.col.month": "月",
    "executive.col.value": "値",
    "executive.col.target": "目標",
    "executive.col.status": "達成状況",
    "executive.col.previous": "前年同月",
    "executive.col.this_fy": "今年度",
    "executive.col.previous_fy": "前年度",
    "executive.trend.title": "指標の月次推移と目標",
    "executive.compare.title": "今年度と前年度の比較",
    "executive.series.value": "実績",
    "executive.series.target": "目標",
    "executive.axis.month": "月",
    "executive.trend.summary": "「{kpi}」の{month}の値は {value} で、目標 {target} に対して {status} です。",
    "executive.compare.summary": (
        "「{kpi}」の{year}年度{month}の値は {value}、前年度の同じ月は {previous} です。"
    ),
    "executive.showing": "{year}年度の指標を表示しています。",
    # channels
    "channels.title": "情報発信チャネル",
    "channels.intro": (
        "Web、広告、SNS、メールマガジン、紙媒体などのチャネルを並べて見るページです。"
        "絞り込みは URL に残るので、そのまま共有できます。"
    ),
    "channels.family": "チャネルの種類",
    "channels.totals": "チャネル別の合計",
    "channels.basis_note": (
        "到達数はチャネルごとに数えているものが違います (セッション数、表示回数、配信数、"
        "発行部数など)。同じ人が何度も数えられるため、チャネルをまたいで足し合わせて"
        "「届いた人数」とすることはできません。"
    ),
    "channels.table.title": "チャネル別の到達・反応・費用",
    "channels.reach.title": "チャネル別の到達数 (数え方はチャネルごとに異なる)",
    "channels.per_yen.title": "費用 1 円あたりの到達数 (費用がわかるチャネル)",
    "channels.trend.title": "チャネル別の到達数の月次推移",
    "channels.channel_with_basis": "{channel} ({basis})",
    "channels.col.family": "種類",
    "channels.col.channel": "チャネル",
    "channels.col.basis": "到達の数え方",
    "channels.col.reach": "到達数",
    "channels.col.engagements": "反応数",
    "channels.col.cost": "費用",
    "channels.col.per_yen": "1 円あたり到達数",
    "channels.col.days": "日数",
    "channels.col.month": "月",
    "channels.axis.reach": "到達数 (チャネルの数え方による)",
    "channels.axis.per_yen": "1 円あたり到達数",
    "channels.reach.summary": (
        "{n} チャネルを比べています。到達数が最も大きいのは {top} で {value} です "
        "(数え方が違うため合計はしません)。"
    ),
    "channels.per_yen.summary": (
        "費用がわかる {n} チャネルのうち、1 円あたりの到達数が最も大きいのは {top} で {value} です。"
    ),
    "channels.per_yen.none": "期間中、費用がわかるチャネルはありません。",
    "channels.trend.summary": "{months} か月分、{channels} チャネルの到達数を月ごとに示しています。",
    "channels.family.web": "Web",
    "channels.family.ads": "広告",
    "channels.family.social": "SNS",
    "channels.family.newsletter": "メールマガジン",
    "channels.family.offline": "紙・放送など",
    "channels.channel.website": "市公式サイト",
    "channels.channel.google_ads": "Google 広告",
    "channels.channel.yahoo_ads": "Yahoo! 広告",
    "channels.channel.meta_ads": "Meta 広告",
    "channels.channel.x": "X",
    "channels.channel.facebook": "Facebook",
    "channels.channel.instagram": "Instagram",
    "channels.channel.youtube": "YouTube",
    "channels.channel.line": "LINE",
    "channels.channel.newsletter": "メールマガジン",
    "channels.basis.sessions": "セッション数",
    "channels.basis.impressions": "表示回数",
    "channels.basis.deliveries": "配信数",
    "channels.basis.copies": "発行部数",
    "channels.basis.listeners": "聴取者数",
    "channels.basis.viewers": "視聴者数",
    "channels.basis.households": "世帯数",
    "channels.basis.contacts": "接触数",
    "channels.basis.reach": "リーチ",
    # web
    "web.title": "Webとアクセシビリティ",
    "web.intro": (
        "市公式サイトの各ページについて、最新のアクセシビリティ検査結果、文章の読みやすさ "
        "(jReadability) と閲覧数を並べて見るページです。所属の選択は URL に残ります。"
    ),
    "web.dept.none": "(トップ・共通)",
    "web.yes": "あり",
    "web.no": "なし",
    "web.pages.heading": "ページ別の状況",
    "web.pages.title": "ページ別の最新検査結果",
    "web.depts.title": "所属別のまとめ",
    "web.jis.note": (
        "JIS X 8341-3:2016 (適合レベル A・AA の 38 達成基準) の判定です。「要確認」は自動検査"
        "では判定できず、人による確認が必要な基準です。"
    ),
    "web.col.path": "ページ",
    "web.col.department": "所属",
    "web.col.views": "閲覧数 (ページビュー)",
    "web.col.rules": "違反ルール数",
    "web.col.nodes": "違反箇所数",
    "web.col.failed": "不適合の達成基準",
    "web.col.jreadability": "jReadability (高いほど易しい)",
    "web.col.band": "難易度",
    "web.col.language": "言語",
    "web.col.easy": "やさしい日本語版",
    "web.col.pages": "ページ数",
    "web.col.pages_with_violations": "違反のあるページ数",
    "web.col.mean_jreadability": "jReadability 平均",
    "web.jis.conform": "適合",
    "web.jis.fail": "不適合",
    "web.jis.review": "要確認",
    "web.scatter.title": "閲覧数と読みやすさ (jReadability)",
    "web.jis.title": "所属別の JIS X 8341-3 達成基準の判定数",
    "web.axis.jreadability": "jReadability (高いほど易しい)",
    "web.axis.criteria": "達成基準の数 (ページの合計)",
    "web.overview": (
        "検査したページは {pages} ページで、そのうち {violations} ページに違反があります。"
        "jReadability の平均は {mean} です。"
    ),
    "web.scatter.summary": (
        "日本語の {pages} ページを示しています。最も閲覧数が多いのは {top} ({views} 回) で、"
        "jReadability は {score} です。"
    ),
    "web.jis.summary": (
        "{pages} ページの判定の合計は、適合 {conform}、不適合 {fail}、要確認 {review} です。"
    ),
    "web.showing.all": "すべての所属のページを表示しています。",
    "web.showing.dept": "所属「{dept}」のページを表示しています。",
}

EN: dict[str, str] = {
    "nav.executive": "Executive",
    "nav.channels": "Channels",
    "nav.web": "Web & accessibility",
    # executive
    "executive.title": "Executive dashboard",
    "executive.intro": (
        "The city's key performance indicators by fiscal year, next to their targets and the "
        "same month a year earlier. The chosen year and KPI stay in the URL, so you can share it."
    ),
    "executive.fy": "FY{year}",
    "executive.kpi_choice": "KPI shown in the charts",
    "executive.cards": "Latest month against target",
    "executive.cards.note": (
        "“✓ On target” and “✗ Below target” follow each KPI's better direction (higher or lower "
        "is better)."
    ),
    "executive.card.detail": "{month} value / target {target}",
    "executive.status.met": "✓ On target",
    "executive.status.missed": "✗ Below target",
    "executive.status.none": "No target",
    "executive.table.title": "KPIs in the latest month",
    "executive.col.kpi": "KPI",
    "executive.col.month": "Month",
    "executive.col.value": "Value",
    "executive.col.target": "Target",
    "executive.col.status": "Status",
    "executive.col.previous": "Same month last year",
    "executive.col.this_fy": "This fiscal year",
    "executive.col.previous_fy": "Previous fiscal year",
    "executive.trend.title": "KPI by month with its target",
    "executive.compare.title": "This fiscal year against the previous one",
    "executive.series.value": "Actual",
    "executive.series.target": "Target",
    "executive.axis.month": "Month",
    "executive.trend.summary": "{kpi} in {month}: {value} against a target of {target} ({status}).",
    "executive.compare.summary": (
        "{kpi} in {month} of FY{year}: {value}; the same month a year earlier: {previous}."
    ),
    "executive.showing": "Showing the KPIs of FY{year}.",
    # channels
    "channels.title": "Channels",
    "channels.intro": (
        "Every information channel side by side: web, ads, social media, the newsletter and "
        "print or broadcast media. The filters stay in the URL, so you can share it."
    ),
    "channels.family": "Channel type",
    "channels.totals": "Totals by channel",
    "channels.basis_note": (
        "Each channel counts reach differently (sessions, impressions, deliveries, printed "
        "copies …) and the same person is counted many times, so reach must never be added "
        "across channels as “people reached”."
    ),
    "channels.table.title": "Reach, engagement and cost by channel",
    "channels.reach.title": "Reach by channel (each channel counts differently)",
    "channels.per_yen.title": "Reach per yen (channels with a known cost)",
    "channels.trend.title": "Monthly reach by channel",
    "channels.channel_with_basis": "{channel} ({basis})",
    "channels.col.family": "Type",
    "channels.col.channel": "Channel",
    "channels.col.basis": "Reach counts",
    "channels.col.reach": "Reach or contacts",
    "channels.col.engagements": "Engagements",
    "channels.col.cost": "Cost",
    "channels.col.per_yen": "Reach per yen",
    "channels.col.days": "Days",
    "channels.col.month": "Month",
    "channels.axis.reach": "Reach (as the channel counts it)",
    "channels.axis.per_yen": "Reach per yen",
    "channels.reach.summary": (
        "{n} channels compared. The largest reach is {top} with {value} (not added up: the "
        "channels count differently)."
    ),
    "channels.per_yen.summary": (
        "Of {n} channels with a known cost, {top} reaches the most per yen: {value}."
    ),
    "channels.per_yen.none": "No channel reports a cost in the period.",
    "channels.trend.summary": "Monthly reach of {channels} channels over {months} months.",
    "channels.family.web": "Web",
    "channels.family.ads": "Ads",
    "channels.family.social": "Social media",
    "channels.family.newsletter": "Newsletter",
    "channels.family.offline": "Print and broadcast",
    "channels.channel.website": "City website",
    "channels.channel.google_ads": "Google Ads",
    "channels.channel.yahoo_ads": "Yahoo! Ads",
    "channels.channel.meta_ads": "Meta ads",
    "channels.channel.x": "X",
    "channels.channel.facebook": "Facebook",
    "channels.channel.instagram": "Instagram",
    "channels.channel.youtube": "YouTube",
    "channels.channel.line": "LINE",
    "channels.channel.newsletter": "Newsletter",
    "channels.basis.sessions": "sessions",
    "channels.basis.impressions": "impressions",
    "channels.basis.deliveries": "deliveries",
    "channels.basis.copies": "copies",
    "channels.basis.listeners": "listeners",
    "channels.basis.viewers": "viewers",
    "channels.basis.households": "households",
    "channels.basis.contacts": "contacts",
    "channels.basis.reach": "reach",
    # web
    "web.title": "Web & accessibility",
    "web.intro": (
        "Each page of the city website with its latest accessibility audit, the readability of "
        "its text (jReadability) and its page views. The chosen department stays in the URL."
    ),
    "web.dept.none": "(top level)",
    "web.yes": "yes",
    "web.no": "no",
    "web.pages.heading": "Pages",
    "web.pages.title": "Latest audit by page",
    "web.depts.title": "Summary by department",
    "web.jis.note": (
        "Status against JIS X 8341-3:2016 (the 38 level A and AA success criteria). "
        "“Needs review” criteria cannot be settled by automated checks; a person must test them."
    ),
    "web.col.path": "Page",
    "web.col.department": "Department",
    "web.col.views": "Page views",
    "web.col.rules": "Rules violated",
    "web.col.nodes": "Violations (elements)",
    "web.col.failed": "Criteria not met",
    "web.col.jreadability": "jReadability (higher is easier)",
    "web.col.band": "Level",
    "web.col.language": "Language",
    "web.col.easy": "Easy Japanese version",
    "web.col.pages": "Pages",
    "web.col.pages_with_violations": "Pages with violations",
    "web.col.mean_jreadability": "Mean jReadability",
    "web.jis.conform": "Conforms",
    "web.jis.fail": "Does not conform",
    "web.jis.review": "Needs review",
    "web.scatter.title": "Page views and readability (jReadability)",
    "web.jis.title": "JIS X 8341-3 criteria status by department",
    "web.axis.jreadability": "jReadability (higher is easier)",
    "web.axis.criteria": "Criteria (summed over pages)",
    "web.overview": (
        "{pages} pages audited; {violations} of them have violations. Mean jReadability: {mean}."
    ),
    "web.scatter.summary": (
        "{pages} Japanese pages shown. The most viewed is {top} ({views} views), with a "
        "jReadability of {score}."
    ),
    "web.jis.summary": (
        "Over {pages} pages: {conform} conform, {fail} do not conform, {review} need review."
    ),
    "web.showing.all": "Showing the pages of every department.",
    "web.showing.dept": "Showing the pages of {dept}.",
}
