"""UI strings for login, roles, exports, the campaign page and the SQL page (merged into
dashboards.i18n; kept apart so each module stays small)."""

from __future__ import annotations

from dashboards import i18n_audience, i18n_pages

JA: dict[str, str] = {
    # login, logout, roles
    "login.title": "ログイン",
    "login.heading": "ログイン",
    "login.intro": "みどり市の職員用ダッシュボードです。ユーザー名とパスワードを入力してください。",
    "login.username": "ユーザー名",
    "login.password": "パスワード",
    "login.submit": "ログイン",
    "login.help": "アカウントがない場合は、管理者に作成を依頼してください。",
    "login.error.invalid": "ユーザー名またはパスワードが正しくありません。",
    "login.error.locked": (
        "ログインの失敗が続いたため、一時的にロックしています。{minutes} 分後にもう一度お試しください。"
    ),
    "login.error.expired": "画面の有効期限が切れました。もう一度入力してください。",
    "forbidden.heading": "表示する権限がありません",
    "forbidden.text": (
        "このページは分析担当 (analyst) と管理者 (admin) だけが使えます。必要な場合は管理者に"
        "依頼してください。"
    ),
    "forbidden.back": "概要に戻る",
    "header.user": "{name} ({role})",
    "header.logout": "ログアウト",
    "header.account": "アカウント",
    "role.executive": "幹部",
    "role.pr_staff": "広報担当",
    "role.analyst": "分析担当",
    "role.admin": "管理者",
    "nav.campaigns": "キャンペーン効果",
    "nav.sql": "SQL 分析",
    # exports and small cells
    "export.group": "{title} のダウンロード",
    "export.csv": "CSV",
    "export.xlsx": "Excel",
    "export.png": "PNG 画像",
    "export.notes": "注記",
    "export.note.period": "期間: {start} ～ {end}",
    "export.note.municipality": "自治体コード: {code}",
    "export.note.suppression": (
        "人数・件数が {n} 未満のセルは「<{n}」と表示しています (個人が特定されないように)。"
    ),
    "suppression.note": (
        "人数・件数が {n} 未満の値は「<{n}」と表示し、グラフでは表示していません "
        "(個人が特定されないように)。"
    ),
    # campaigns
    "campaigns.title": "キャンペーン効果",
    "campaigns.intro": (
        "広告媒体をまたいだ配信実績と、電子申請 (オンライン申請) の件数を並べて見るページです。"
        "絞り込みは URL に残るので、そのまま共有できます。"
    ),
    "campaigns.filters": "絞り込み",
    "campaigns.fiscal_year": "年度",
    "campaigns.platform": "広告媒体",
    "campaigns.campaign": "キャンペーン",
    "campaigns.theme": "テーマ",
    "campaigns.all": "すべて",
    "campaigns.fy_label": "{year}年度",
    "campaigns.fy_custom": "期間を指定",
    "campaigns.kpis": "主な数値",
    "campaigns.spend": "広告費",
    "campaigns.impressions": "表示回数",
    "campaigns.clicks": "クリック数",
    "campaigns.ctr": "クリック率 (CTR)",
    "campaigns.cpc": "クリック単価 (CPC)",
    "campaigns.cpm": "千回表示単価 (CPM)",
    "campaigns.conversions": "コンバージョン",
    "campaigns.cost_per_conversion": "コンバージョン単価",
    "campaigns.outcomes": "オンライン申請数",
    "campaigns.cost_per_outcome": "申請 1 件あたりの広告費",
    "campaigns.outcome_note_all": (
        "オンライン申請数はすべての手続の合計です。申請 1 件あたりの広告費は単純な割り算で、"
        "広告の効果を示すものではありません (効果は下の「効果の推定」を見てください)。"
    ),
    "campaigns.outcome_note_target": (
        "オンライン申請数は、選んだキャンペーンの対象手続 ({procedures}) の合計です。申請 1 件"
        "あたりの広告費は単純な割り算で、広告の効果を示すものではありません。"
    ),
    "campaigns.charts": "グラフと表",
    "chart.platform_spend.title": "広告媒体別の日別広告費",
    "chart.outcomes.title": "オンライン申請の日別件数",
    "campaigns.table.title": "キャンペーン別の配信実績",
    "campaigns.table.platform": "広告媒体",
    "campaigns.table.type": "種類",
    "summary.platform_spend": (
        "期間中の広告費は合計 {total} です。最も多い媒体は「{top}」で {top_value} です。"
    ),
    "summary.outcomes": "期間中のオンライン申請は合計 {total} 件です。最も多い日は {day} の {top} 件です。",
    "campaigns.lift.heading": "効果の推定 (リフト分析)",
    "campaigns.lift.missing": (
        "効果の推定はまだ計算されていません。分析のモデル (marts.ml_campaign_lift) が公開されると"
        "ここに表示されます。"
    ),
    "campaigns.lift.empty": "選んだ条件に当てはまる推定結果はありません。",
    "campaigns.lift.caption": "キャンペーンごとの効果の推定値と 95% 信頼区間",
    "campaigns.lift.estimate": "推定値",
    "campaigns.lift.ci_low": "信頼区間 (下限)",
    "campaigns.lift.ci_high": "信頼区間 (上限)",
    "campaigns.lift.verdict": "判定",
    "platform.google_ads": "Google 広告",
    "platform.yahoo_ads": "Yahoo! 広告",
    "platform.meta_ads": "Meta 広告",
    "platform.line_ads": "LINE 広告",
    "platform.x_ads": "X 広告",
    # SQL page
    "sql.title": "SQL 分析",
    "sql.intro": (
        "公開データ (スナップショット) に対して、読み取り専用の SELECT 文を 1 つだけ実行できます。"
        "結果は最大 {rows} 行、実行時間は {seconds} 秒までです。実行した SQL は監査ログに"
        "記録されます。"
    ),
    "sql.schema": "テーブルと列",
    "sql.schema_hint": "テーブル名を選ぶと列の一覧が開きます。",
    "sql.schema_empty": "公開データにテーブルがありません。",
    "sql.columns_caption": "{table} の列",
    "sql.column": "列",
    "sql.type": "型",
    "sql.description": "説明",
    "sql.editor": "クエリ",
    "sql.label": "SQL (SELECT 文 1 つ)",
    "sql.run": "実行",
    "sql.results": "結果",
    "sql.results_table": "結果の表",
    "sql.status.idle": "SQL を入力して「実行」を押してください。",
    "sql.status.done": "{rows} 行を取得しました ({seconds} 秒)。",
    "sql.status.truncated": "最初の {rows} 行だけを表示しています (上限に達しました)。",
    "sql.error.prefix": "クエリを実行できませんでした: {message}",
    "sql.error.empty": "SQL を入力してください。",
}

EN: dict[str, str] = {
    "login.title": "Log in",
    "login.heading": "Log in",
    "login.intro": "Dashboards for Midori City staff. Enter your user name and password.",
    "login.username": "User name",
    "login.password": "Password",
    "login.submit": "Log in",
    "login.help": "If you have no account, ask an administrator to create one.",
    "login.error.invalid": "The user name or password is not correct.",
    "login.error.locked": (
        "Too many failed attempts: logging in is locked for now. Try again in {minutes} minutes."
    ),
    "login.error.expired": "The form has expired. Please enter your details again.",
    "forbidden.heading": "You do not have access to this page",
    "forbidden.text": (
        "This page is for analysts and administrators only. Ask an administrator if you need it."
    ),
    "forbidden.back": "Back to the overview",
    "header.user": "{name} ({role})",
    "header.logout": "Log out",
    "header.account": "Account",
    "role.executive": "Executive",
    "role.pr_staff": "PR staff",
    "role.analyst": "Analyst",
    "role.admin": "Administrator",
    "nav.campaigns": "Campaigns",
    "nav.sql": "SQL",
    "export.group": "Download {title}",
    "export.csv": "CSV",
    "export.xlsx": "Excel",
    "export.png": "PNG image",
    "export.notes": "Notes",
    "export.note.period": "Period: {start} to {end}",
    "export.note.municipality": "Municipality code: {code}",
    "export.note.suppression": (
        'Counts of people below {n} are shown as "<{n}" (so that no one can be identified).'
    ),
    "suppression.note": (
        'Counts of people below {n} are shown as "<{n}" and left out of the charts '
        "(so that no one can be identified)."
    ),
    "campaigns.title": "Campaigns",
    "campaigns.intro": (
        "Ad delivery across platforms next to the number of online applications. The filters "
        "are kept in the URL, so the address can be shared."
    ),
    "campaigns.filters": "Filters",
    "campaigns.fiscal_year": "Fiscal year",
    "campaigns.platform": "Ad platform",
    "campaigns.campaign": "Campaign",
    "campaigns.theme": "Theme",
    "campaigns.all": "All",
    "campaigns.fy_label": "FY{year}",
    "campaigns.fy_custom": "Custom dates",
    "campaigns.kpis": "Key figures",
    "campaigns.spend": "Ad spend",
    "campaigns.impressions": "Impressions",
    "campaigns.clicks": "Clicks",
    "campaigns.ctr": "Click-through rate (CTR)",
    "campaigns.cpc": "Cost per click (CPC)",
    "campaigns.cpm": "Cost per 1,000 impressions (CPM)",
    "campaigns.conversions": "Conversions",
    "campaigns.cost_per_conversion": "Cost per conversion",
    "campaigns.outcomes": "Online applications",
    "campaigns.cost_per_outcome": "Ad spend per online application",
    "campaigns.outcome_note_all": (
        "Online applications count every procedure. Ad spend per application is a plain ratio, "
        "not the effect of the ads (see the lift estimates below)."
    ),
    "campaigns.outcome_note_target": (
        "Online applications count the selected campaigns' target procedures ({procedures}). "
        "Ad spend per application is a plain ratio, not the effect of the ads."
    ),
    "campaigns.charts": "Charts and tables",
    "chart.platform_spend.title": "Daily ad spend by platform",
    "chart.outcomes.title": "Online applications per day",
    "campaigns.table.title": "Delivery by campaign",
    "campaigns.table.platform": "Platform",
    "campaigns.table.type": "Type",
    "summary.platform_spend": (
        "{total} spent on ads in the period. The largest platform is {top} with {top_value}."
    ),
    "summary.outcomes": "{total} online applications in the period; the busiest day was {day} with {top}.",
    "campaigns.lift.heading": "Estimated effect (lift)",
    "campaigns.lift.missing": (
        "The effect has not been estimated yet. It appears here once the model "
        "(marts.ml_campaign_lift) is published."
    ),
    "campaigns.lift.empty": "No estimates match the filters.",
    "campaigns.lift.caption": "Estimated effect per campaign with its 95% confidence interval",
    "campaigns.lift.estimate": "Estimate",
    "campaigns.lift.ci_low": "CI low",
    "campaigns.lift.ci_high": "CI high",
    "campaigns.lift.verdict": "Verdict",
    "platform.google_ads": "Google Ads",
    "platform.yahoo_ads": "Yahoo! JAPAN Ads",
    "platform.meta_ads": "Meta Ads",
    "platform.line_ads": "LINE Ads",
    "platform.x_ads": "X Ads",
    "sql.title": "SQL",
    "sql.intro": (
        "Run one read-only SELECT statement on the published snapshot. At most {rows} rows and "
        "{seconds} seconds. Every query is recorded in the audit log."
    ),
    "sql.schema": "Tables and columns",
    "sql.schema_hint": "Open a table to see its columns.",
    "sql.schema_empty": "The published snapshot has no tables.",
    "sql.columns_caption": "Columns of {table}",
    "sql.column": "Column",
    "sql.type": "Type",
    "sql.description": "Description",
    "sql.editor": "Query",
    "sql.label": "SQL (one SELECT statement)",
    "sql.run": "Run",
    "sql.results": "Results",
    "sql.results_table": "Results table",
    "sql.status.idle": "Enter SQL and press Run.",
    "sql.status.done": "{rows} rows in {seconds} s.",
    "sql.status.truncated": "Showing the first {rows} rows only (the limit was reached).",
    "sql.error.prefix": "The query could not be run: {message}",
    "sql.error.empty": "Enter an SQL statement.",
}

# The executive, channels and web pages keep their strings in their own module.
JA.update(i18n_pages.JA)
EN.update(i18n_pages.EN)
# The audience page keeps its strings in its own module too.
JA.update(i18n_audience.JA)
EN.update(i18n_audience.EN)
