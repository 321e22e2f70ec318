{#- Google Search Console per city and day. ctr is recomputed from clicks and impressions so
    that sums over days stay consistent; the file's own rounded CTR is kept beside it. -#}
select
    municipality_code,
    activity_date,
    clicks,
    impressions,
    case when impressions > 0 then clicks / impressions::double end as ctr,
    ctr_reported,
    average_position
from {{ ref('stg_search_console__dates') }}
