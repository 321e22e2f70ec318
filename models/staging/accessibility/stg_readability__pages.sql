{#- Readability of each audited page's main text. -#}
with source as (
    select * from {{ source('readability', 'readability__pages') }}
)

select
    municipality_code,
    _load_id as load_id,
    page_url,
    page_key,
    audit_date,
    analysed_at,
    is_japanese,
    text_chars,
    sentences,
    words,
    jreadability,
    band as readability_band,
    case band
        when '上級後半' then 1
        when '上級前半' then 2
        when '中級後半' then 3
        when '中級前半' then 4
        when '初級後半' then 5
        when '初級前半' then 6
    end as band_level,
    mean_sentence_length,
    mean_tokens_per_sentence,
    kanji_ratio,
    desu_masu_ratio,
    ruby_coverage,
    katakana_loanword_ratio,
    kango_pct,
    wago_pct,
    verb_pct,
    particle_pct
from source
