{#- One row per citizen-survey respondent with post-stratification weights (raking to the
    population by age band x sex and by town; see int_survey_respondents_weighted). Channels
    used for city information become one boolean per channel. No raw respondent ids (only the
    keyed hash made at ingest) and no free text (comments may name people). -#}
{%- set channels = [
    'line', 'koho_shi', 'website', 'community_fm', 'cable_tv', 'x', 'facebook', 'instagram',
    'youtube', 'kairanban', 'bosai_musen', 'email', 'mass_media', 'word_of_mouth', 'other'
] %}
with respondents as (
    select * from {{ ref('stg_survey__respondents') }}
),

weights as (
    select * from {{ ref('int_survey_respondents_weighted') }}
),

waves as (
    select distinct municipality_code, survey_name, population_date
    from {{ ref('int_survey_weighting_targets') }}
)

select
    respondents.municipality_code,
    respondents.survey_name,
    respondents.respondent_key,
    respondents.response_date,
    respondents.age_band,
    respondents.age_lower,
    respondents.age_upper,
    respondents.sex,
    respondents.town_name,
    respondents.town_key,
    respondents.household_type,
    respondents.channels,
    respondents.topics,
    respondents.channels is not null as has_channel_answer,
    {%- for channel in channels %}
    ('|' || coalesce(respondents.channels, '') || '|') like '%|{{ channel }}|%'
        as uses_{{ channel }},
    {%- endfor %}
    weights.weight is not null as is_weighted,
    weights.weight,
    waves.population_date as weighting_population_date,
    'raking: age band x sex, town' as weighting_method
from respondents
left join weights
    on weights.municipality_code = respondents.municipality_code
    and weights.survey_name = respondents.survey_name
    and weights.respondent_key = respondents.respondent_key
left join waves
    on waves.municipality_code = respondents.municipality_code
    and waves.survey_name = respondents.survey_name
