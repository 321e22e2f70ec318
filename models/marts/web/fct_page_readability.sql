{#-
    One row per page and audit day (grain: municipality_code, page_key, audit_date): jReadability,
    its band and the やさしい日本語 indicators, with the page's GA4 traffic (so easy and hard pages
    can be compared by how residents use them).
-#}
with readability as (
    select * from {{ ref('stg_readability__pages') }}
),

pages as (
    select municipality_code, page_key, audit_date, page_path, department, page_title, html_lang
    from {{ ref('stg_accessibility__pages') }}
    where tool = 'axe-core' and is_audited
),

ga4_pages as (
    select * from {{ ref('int_page_traffic') }}
)

select
    r.municipality_code,
    r.page_key,
    r.page_url,
    p.page_path,
    p.department,
    p.page_title,
    p.html_lang,
    r.audit_date,
    r.analysed_at,
    r.is_japanese,
    r.text_chars,
    r.sentences,
    r.words,
    r.jreadability,
    r.readability_band,
    r.band_level,
    r.mean_sentence_length,
    r.mean_tokens_per_sentence,
    r.kanji_ratio,
    r.desu_masu_ratio,
    r.ruby_coverage,
    r.katakana_loanword_ratio,
    r.kango_pct,
    r.wago_pct,
    r.verb_pct,
    r.particle_pct,
    row_number() over (
        partition by r.municipality_code, r.page_key order by r.analysed_at desc
    ) = 1 as is_latest_analysis,
    coalesce(g.page_views, 0) as page_views,
    coalesce(g.users, 0) as users,
    coalesce(g.engagement_time_msec, 0) as engagement_time_msec,
    case
        when g.page_views > 0 then g.engagement_time_msec / 1000.0 / g.page_views
    end as avg_engagement_sec_per_view,
    coalesce(g.form_submits, 0) as form_submits
from readability as r
left join pages as p
    on p.municipality_code = r.municipality_code
    and p.page_key = r.page_key
    and p.audit_date = r.audit_date
left join ga4_pages as g
    on g.municipality_code = r.municipality_code
    and g.page_key = r.page_key
