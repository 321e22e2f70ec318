{#- One row per fitted model and city: what data, features, parameters, metrics and code
    versions produced the ML tables (the cards each Python model writes beside its output). -#}
with cards as (
    select distinct model_card_json from {{ ref('ml_segment_profiles') }}
    union
    select distinct model_card_json from {{ ref('ml_survey_segments') }}
    union
    select distinct model_card_json from {{ ref('ml_campaign_lift') }}
)

select
    json_extract_string(model_card_json, '$.municipality_code') as municipality_code,
    json_extract_string(model_card_json, '$.model_name') as model_name,
    json_extract_string(model_card_json, '$.model_version') as model_version,
    json_extract_string(model_card_json, '$.method') as method,
    cast(json_extract_string(model_card_json, '$.data_window_start') as date) as data_window_start,
    cast(json_extract_string(model_card_json, '$.data_window_end') as date) as data_window_end,
    cast(json_extract(model_card_json, '$.n_training_rows') as bigint) as n_training_rows,
    cast(json_extract(model_card_json, '$.random_seed') as bigint) as random_seed,
    cast(json_extract(model_card_json, '$.features') as varchar) as features_json,
    cast(json_extract(model_card_json, '$.parameters') as varchar) as parameters_json,
    cast(json_extract(model_card_json, '$.metrics') as varchar) as metrics_json,
    cast(json_extract(model_card_json, '$.versions') as varchar) as versions_json,
    json_extract_string(model_card_json, '$.notes') as notes,
    model_card_json
from cards
where model_card_json is not null
