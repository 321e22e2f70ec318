"""UI strings for the audience page (オーディエンスとチャネル計画), merged into dashboards.i18n
through dashboards.i18n_more; kept apart so each module stays small."""

from __future__ import annotations

from ml.channel_catalogue import DEFAULT_CHANNELS

_CHANNELS_JA = {
    "line": "LINE",
    "koho_shi": "広報紙",
    "website": "市ウェブサイト",
    "community_fm": "コミュニティFM",
    "cable_tv": "ケーブルテレビ",
    "x": "X（旧Twitter）",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "kairanban": "回覧板",
    "bosai_musen": "防災無線",
    "email": "メール",
    "mass_media": "新聞・テレビ",
    "word_of_mouth": "口コミ",
    "other": "その他",
    "search": "自然検索",
    "search_ads": "検索広告",
    "direct": "直接（ブックマーク等）",
    "smartnews": "SmartNews",
}
_CHANNELS_EN = {
    "line": "LINE",
    "koho_shi": "City newsletter (広報紙)",
    "website": "City website",
    "community_fm": "Community FM",
    "cable_tv": "Cable TV",
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "kairanban": "Neighbourhood circular (回覧板)",
    "bosai_musen": "Disaster radio",
    "email": "E-mail",
    "mass_media": "Newspaper / TV",
    "word_of_mouth": "Word of mouth",
    "other": "Other",
    "search": "Organic search",
    "search_ads": "Search ads",
    "direct": "Direct (bookmarks)",
    "smartnews": "SmartNews",
}
_PLAN_CHANNELS_EN = {
    "line": "LINE official account",
    "email": "E-mail delivery",
    "koho_shi": "City newsletter (広報紙)",
    "kairanban": "Circular flyer (回覧板)",
    "community_fm": "Community FM",
    "cable_tv": "Cable TV",
    "website": "City website",
    "x": "X (Twitter) ads",
    "instagram": "Instagram ads",
    "facebook": "Facebook ads",
    "youtube": "YouTube ads",
    "search_ads": "Search ads",
    "mass_media": "Newspaper ads",
}
_UNITS_EN = {
    "line": "1 send",
    "email": "1 send",
    "koho_shi": "1 page in 1 issue",
    "kairanban": "1 circulation",
    "community_fm": "1 × 20-second spot",
    "cable_tv": "1 × 15-second spot",
    "website": "1 week on the home page",
    "x": "1,000 impressions",
    "instagram": "1,000 impressions",
    "facebook": "1,000 impressions",
    "youtube": "1,000 views",
    "search_ads": "1 click",
    "mass_media": "1 local edition",
}
_WEEKDAYS_JA = ("月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

JA: dict[str, str] = {
    "nav.audience": "オーディエンスとチャネル計画",
    "audience.title": "オーディエンスとチャネル計画",
    "audience.intro": (
        "ウェブ利用者と市民 (市民意識調査) のセグメント、セグメントごとに届くチャネル、よく見られる"
        "曜日・時間帯を確認し、対象・予算・期間からチャネルの組み合わせを計画するページです。"
        "絞り込みと計画の条件は URL に残るので、そのまま共有できます。"
    ),
    "audience.source.label": "チャネル到達のセグメント",
    "audience.source.web": "ウェブのセグメント",
    "audience.source.survey": "市民のセグメント",
    "audience.seg.label": "時間帯を見るウェブのセグメント",
    "audience.all_users": "ウェブ利用者全体",
    "audience.showing": "時間帯は「{segment}」について表示しています。",
    "audience.segments.heading": "セグメントとプロファイル",
    "audience.segments.note": (
        "セグメント名とプロファイルは、分析モデルが日本語で自動生成したものです。"
        "ウェブのセグメントは利用者数、市民のセグメントは回答者の重み付けによる推定人口です。"
    ),
    "audience.web.title": "ウェブのセグメント",
    "audience.survey.title": "市民のセグメント (市民意識調査)",
    "audience.cards.title": "モデルカード",
    "audience.cards.none": "モデルカードはまだ公開されていません。",
    "audience.cards.window": "{start} ～ {end} のデータ",
    "audience.cards.no_window": "調査データ (期間なし)",
    "audience.cards.part": "{model}: {window}、セグメント数 k = {k}、バージョン {version}",
    "audience.model.web_segments": "ウェブのセグメント",
    "audience.model.survey_segments": "市民のセグメント",
    "audience.model.campaign_lift": "キャンペーン効果",
    "audience.not_published": "この表のデータはまだ公開されていません。",
    "audience.list_sep": "。",
    "audience.slot_sep": " ／ ",
    "audience.list_end": "。",
    "audience.col.id": "番号",
    "audience.col.name": "セグメント名",
    "audience.col.users": "利用者数",
    "audience.col.user_share": "利用者の割合",
    "audience.col.confidence": "所属の確からしさ (平均)",
    "audience.col.profile": "プロファイル",
    "audience.col.respondents": "回答者数",
    "audience.col.residents": "推定人口",
    "audience.col.population_share": "人口の割合",
    "audience.col.mean_age": "平均年齢 (年代の下限)",
    "audience.col.model": "モデル",
    "audience.col.version": "バージョン",
    "audience.col.k": "セグメント数 (k)",
    "audience.col.window_start": "データの開始日",
    "audience.col.window_end": "データの終了日",
    "audience.col.training_rows": "学習データの行数",
    "audience.col.method": "手法",
    "audience.col.source": "種類",
    "audience.col.segment": "セグメント",
    "audience.col.channel": "チャネル",
    "audience.col.base": "セグメントの人数",
    "audience.col.reached": "到達した人数",
    "audience.col.reach_share": "到達率",
    "audience.col.residents_reached": "到達する推定人口",
    "audience.col.weekday": "曜日",
    "audience.col.hour": "時間帯",
    "audience.col.sessions": "セッション数",
    "audience.col.engaged": "エンゲージしたセッション数",
    "audience.col.engagement_rate": "エンゲージメント率",
    "audience.col.rank": "順位",
    "audience.col.reachable_share": "到達可能率",
    "audience.col.reachable": "到達可能な人数",
    "audience.col.per_1000": "1,000円あたりの到達人数",
    "audience.col.unit": "単位",
    "audience.col.unit_cost": "単価",
    "audience.col.units": "推奨する単位数",
    "audience.col.spend": "費用",
    "audience.col.expected": "見込み到達人数",
    "audience.reach.title": "セグメント別のチャネル到達率",
    "audience.reach.summary": "{source}ごとに最もよく届くチャネル: ",
    "audience.reach.part": "{segment} は {channel} ({share})",
    "audience.axis.reach_pct": "到達率",
    "audience.axis.hour": "時 (日本時間)",
    "audience.timing.title": "曜日・時間帯別のエンゲージしたセッション数",
    "audience.timing.summary": "「{segment}」が最もよく見る時間帯は、{slots}です。",
    "audience.slot": "{day} {hour}時台（エンゲージしたセッション {engaged}件、率 {rate}）",
    "audience.hour": "{hour}時台",
    "audience.plan.heading": "チャネル計画",
    "audience.plan.intro": (
        "対象・予算・期間を入れて「計画を作成」を押すと、1円あたりの到達人数でチャネルを並べ、"
        "組み合わせと配信のタイミングを提案します (civicpulse ml plan と同じ計算です)。"
    ),
    "audience.target.label": "対象",
    "audience.target.all": "市全体 (調査の全回答者)",
    "audience.target.cells": "年代 × 地区で指定",
    "audience.ages.label": "年代 (「年代 × 地区で指定」のとき)",
    "audience.areas.label": "地区 (「年代 × 地区で指定」のとき)",
    "audience.cells.hint": "年代と地区は複数選べます。選ばない方は「すべて」として扱います。",
    "audience.budget.label": "予算 (円)",
    "audience.budget.hint": "（半角・全角の数字。例: 300,000）",
    "audience.pstart.label": "配信の開始日",
    "audience.pend.label": "配信の終了日",
    "audience.plan.run": "計画を作成",
    "audience.plan.idle": "条件を入れて「計画を作成」を押してください。",
    "audience.plan.done": "予算 {budget}、{start} ～ {end} の計画を作成しました。",
    "audience.plan.result": "計画の結果",
    "audience.plan.target_label": "対象: ",
    "audience.kpi.size": "対象の推定人数",
    "audience.kpi.reach": "見込み到達人数 (重複を除く)",
    "audience.kpi.share": "対象に占める割合",
    "audience.kpi.spend": "使う費用",
    "audience.plan.chart.title": "推奨するチャネルの組み合わせ (見込み到達人数)",
    "audience.plan.ranking.title": "チャネルのランキングと推奨配分",
    "audience.plan.bar": "{reach}人 ({spend})",
    "audience.plan.summary": (
        "対象の推定 {size}人のうち、{reach}人 ({share}) に届く見込みです。費用は予算 {budget} の"
        "うち {spend} で、{n} チャネルを使います。最も多く届くのは「{top}」です。"
    ),
    "audience.plan.summary.none": (
        "対象の推定 {size}人に対し、予算 {budget} では使えるチャネルがありません。"
    ),
    "audience.plan.timing": "おすすめの曜日・時間帯",
    "audience.plan.no_timing": "この対象の閲覧履歴がないため、時間帯は提案できません。",
    "audience.plan.assumptions": "計画の前提",
    "audience.plan.note.target": "対象: {target}",
    "audience.plan.note.period": "期間: {start} ～ {end}",
    "audience.plan.note.timing": "おすすめの時間帯: {slot}",
    "audience.plan.error.cells_empty": "年代か地区を1つ以上選んでください。",
    "audience.plan.error.target": "対象を選んでください。",
    "audience.plan.error.budget_missing": "予算を円で入力してください (例: 300,000)。",
    "audience.plan.error.budget_nan": (
        "予算「{value}」は数値として読めません。数字だけで入力してください (例: 300,000)。"
    ),
    "audience.plan.error.budget_positive": "予算は 0 より大きい金額にしてください。",
    "audience.plan.error.dates": "配信の開始日と終了日を YYYY-MM-DD の形で入力してください。",
    "audience.plan.error.order": "配信の終了日は開始日と同じか、それより後の日付にしてください。",
    "audience.plan.error.too_small": (
        "対象に当てはまる回答者が {threshold} 人未満のため、計画を作れません "
        "(個人が特定されないように)。年代や地区を広げてください。"
    ),
    "audience.plan.error.no_segment": (
        "このセグメントは公開されていないか、人数が少ないため計画に使えません。"
    ),
    "audience.plan.error.other": "この条件では計画を作れません: {reason}",
}

EN: dict[str, str] = {
    "nav.audience": "Audience & channel planning",
    "audience.title": "Audience & channel planning",
    "audience.intro": (
        "Web and citizen (survey) segments, the channels that reach each segment and when "
        "segments visit, and a planner that turns a target, budget and period into a channel "
        "mix. Filters and plan inputs stay in the URL, so a link shows the same view."
    ),
    "audience.source.label": "Segments for channel reach",
    "audience.source.web": "Web segments",
    "audience.source.survey": "Citizen segments",
    "audience.seg.label": "Web segment for timing",
    "audience.all_users": "All web users",
    "audience.showing": "Timing is shown for “{segment}”.",
    "audience.segments.heading": "Segments and profiles",
    "audience.segments.note": (
        "Segment names and profiles are generated in Japanese by the models and are shown as "
        "they are. Web segments count users; citizen segments estimate residents from the "
        "weighted survey respondents."
    ),
    "audience.web.title": "Web segments",
    "audience.survey.title": "Citizen segments (citizen survey)",
    "audience.cards.title": "Model cards",
    "audience.cards.none": "No model cards have been published yet.",
    "audience.cards.window": "data from {start} to {end}",
    "audience.cards.no_window": "survey data (no date window)",
    "audience.cards.part": "{model}: {window}, k = {k} segments, version {version}",
    "audience.model.web_segments": "Web segments",
    "audience.model.survey_segments": "Citizen segments",
    "audience.model.campaign_lift": "Campaign lift",
    "audience.not_published": "The data for this table has not been published yet.",
    "audience.list_sep": ". ",
    "audience.slot_sep": "; ",
    "audience.list_end": ".",
    "audience.col.id": "No.",
    "audience.col.name": "Segment name",
    "audience.col.users": "Users",
    "audience.col.user_share": "Share of users",
    "audience.col.confidence": "Mean assignment probability",
    "audience.col.profile": "Profile",
    "audience.col.respondents": "Respondents",
    "audience.col.residents": "Estimated residents",
    "audience.col.population_share": "Share of population",
    "audience.col.mean_age": "Mean age (band lower bound)",
    "audience.col.model": "Model",
    "audience.col.version": "Version",
    "audience.col.k": "Segments (k)",
    "audience.col.window_start": "Data from",
    "audience.col.window_end": "Data to",
    "audience.col.training_rows": "Training rows",
    "audience.col.method": "Method",
    "audience.col.source": "Kind",
    "audience.col.segment": "Segment",
    "audience.col.channel": "Channel",
    "audience.col.base": "People in segment",
    "audience.col.reached": "People reached",
    "audience.col.reach_share": "Reach",
    "audience.col.residents_reached": "Estimated residents reached",
    "audience.col.weekday": "Day",
    "audience.col.hour": "Hour",
    "audience.col.sessions": "Sessions",
    "audience.col.engaged": "Engaged sessions",
    "audience.col.engagement_rate": "Engagement rate",
    "audience.col.rank": "Rank",
    "audience.col.reachable_share": "Reachable share",
    "audience.col.reachable": "Reachable people",
    "audience.col.per_1000": "People per ¥1,000",
    "audience.col.unit": "Unit",
    "audience.col.unit_cost": "Unit cost",
    "audience.col.units": "Recommended units",
    "audience.col.spend": "Cost",
    "audience.col.expected": "Expected people reached",
    "audience.reach.title": "Channel reach by segment",
    "audience.reach.summary": "The channel reaching most of each {source}: ",
    "audience.reach.part": "{segment}: {channel} ({share})",
    "audience.axis.reach_pct": "Reach",
    "audience.axis.hour": "Hour (Japan time)",
    "audience.timing.title": "Engaged sessions by weekday and hour",
    "audience.timing.summary": "“{segment}” engages most on {slots}.",
    "audience.slot": "{day} {hour}:00 ({engaged} engaged sessions, rate {rate})",
    "audience.hour": "{hour}:00",
    "audience.plan.heading": "Channel planner",
    "audience.plan.intro": (
        "Enter a target, budget and period and press “Make plan”: channels are ranked by "
        "people reached per yen, with a recommended mix and timing (the same computation as "
        "civicpulse ml plan)."
    ),
    "audience.target.label": "Target",
    "audience.target.all": "Whole city (all survey respondents)",
    "audience.target.cells": "By age band × area",
    "audience.ages.label": "Age bands (for “By age band × area”)",
    "audience.areas.label": "Areas (for “By age band × area”)",
    "audience.cells.hint": "Choose one or more; leaving one side empty means all of it.",
    "audience.budget.label": "Budget (JPY)",
    "audience.budget.hint": " (digits, e.g. 300,000)",
    "audience.pstart.label": "First day",
    "audience.pend.label": "Last day",
    "audience.plan.run": "Make plan",
    "audience.plan.idle": "Enter the inputs and press “Make plan”.",
    "audience.plan.done": "Plan made for a budget of {budget}, {start} to {end}.",
    "audience.plan.result": "Plan",
    "audience.plan.target_label": "Target: ",
    "audience.kpi.size": "Estimated target size",
    "audience.kpi.reach": "Expected people reached (deduplicated)",
    "audience.kpi.share": "Share of the target",
    "audience.kpi.spend": "Cost",
    "audience.plan.chart.title": "Recommended channel mix (expected people reached)",
    "audience.plan.ranking.title": "Channel ranking and recommended mix",
    "audience.plan.bar": "{reach} people ({spend})",
    "audience.plan.summary": (
        "Of an estimated {size} people in the target, {reach} ({share}) are expected to be "
        "reached, for {spend} of the {budget} budget, using {n} channels. “{top}” reaches most."
    ),
    "audience.plan.summary.none": (
        "For an estimated {size} people, no channel fits a budget of {budget}."
    ),
    "audience.plan.timing": "Recommended weekdays and hours",
    "audience.plan.no_timing": "No web history for this target: no timing can be suggested.",
    "audience.plan.assumptions": "Assumptions (written by the planner in Japanese)",
    "audience.plan.note.target": "Target: {target}",
    "audience.plan.note.period": "Period: {start} to {end}",
    "audience.plan.note.timing": "Recommended slot: {slot}",
    "audience.plan.error.cells_empty": "Choose at least one age band or area.",
    "audience.plan.error.target": "Choose a target.",
    "audience.plan.error.budget_missing": "Enter a budget in yen (e.g. 300,000).",
    "audience.plan.error.budget_nan": (
        "The budget “{value}” is not a number. Enter digits only (e.g. 300,000)."
    ),
    "audience.plan.error.budget_positive": "The budget must be more than 0 yen.",
    "audience.plan.error.dates": "Enter the first and last day as YYYY-MM-DD.",
    "audience.plan.error.order": "The last day must be on or after the first day.",
    "audience.plan.error.too_small": (
        "Fewer than {threshold} respondents match this target: no plan is made, so that no "
        "one can be identified. Widen the age bands or areas."
    ),
    "audience.plan.error.no_segment": ("This segment is not published or too small to plan for."),
    "audience.plan.error.other": "No plan can be made for these inputs: {reason}",
}

for _code, _name in _CHANNELS_JA.items():
    JA[f"audience.channel.{_code}"] = _name
    EN[f"audience.channel.{_code}"] = _CHANNELS_EN[_code]
for _spec in DEFAULT_CHANNELS:
    JA[f"audience.plan_channel.{_spec.code}"] = _spec.name_ja
    JA[f"audience.unit.{_spec.code}"] = _spec.unit_ja
    EN[f"audience.plan_channel.{_spec.code}"] = _PLAN_CHANNELS_EN[_spec.code]
    EN[f"audience.unit.{_spec.code}"] = _UNITS_EN[_spec.code]
for _day in range(1, 8):
    JA[f"audience.weekday.{_day}"] = _WEEKDAYS_JA[_day - 1]
    EN[f"audience.weekday.{_day}"] = _WEEKDAYS_EN[_day - 1]
