{#- Post-stratification weights by raking (iterative proportional fitting): starting from 1,
    weights are scaled in turn to the age band x sex margin and to the town margin of
    int_survey_weighting_targets, {{ var('survey_raking_iterations', 25) }} times. The last step
    fits the towns exactly; the age x sex cells converge (checked by a data test to 0.5 %).
    Only weightable respondents appear here (age band, sex male/female, known town). -#}
{%- set iterations = var('survey_raking_iterations', 25) %}
with targets as (
    select * from {{ ref('int_survey_weighting_targets') }}
),

age_sex_targets as (
    select municipality_code, survey_name, age_band, sex, target_population
    from targets
    where margin = 'age_sex'
),

town_targets as (
    select municipality_code, survey_name, town_key, target_population
    from targets
    where margin = 'town'
),

w0 as (
    select
        respondents.municipality_code,
        respondents.survey_name,
        respondents.respondent_key,
        respondents.age_band,
        respondents.sex,
        respondents.town_key,
        cast(1.0 as double) as weight
    from {{ ref('stg_survey__respondents') }} as respondents
    inner join age_sex_targets as cells
        on cells.municipality_code = respondents.municipality_code
        and cells.survey_name = respondents.survey_name
        and cells.age_band = respondents.age_band
        and cells.sex = respondents.sex
    inner join town_targets as towns
        on towns.municipality_code = respondents.municipality_code
        and towns.survey_name = respondents.survey_name
        and towns.town_key = respondents.town_key
),
{% for i in range(iterations) %}
a{{ i }} as (
    select
        w.municipality_code, w.survey_name, w.respondent_key, w.age_band, w.sex, w.town_key,
        w.weight * t.target_population / sum(w.weight) over (
            partition by w.municipality_code, w.survey_name, w.age_band, w.sex
        ) as weight
    from w{{ i }} as w
    inner join age_sex_targets as t
        on t.municipality_code = w.municipality_code
        and t.survey_name = w.survey_name
        and t.age_band = w.age_band
        and t.sex = w.sex
),

w{{ i + 1 }} as (
    select
        a.municipality_code, a.survey_name, a.respondent_key, a.age_band, a.sex, a.town_key,
        a.weight * t.target_population / sum(a.weight) over (
            partition by a.municipality_code, a.survey_name, a.town_key
        ) as weight
    from a{{ i }} as a
    inner join town_targets as t
        on t.municipality_code = a.municipality_code
        and t.survey_name = a.survey_name
        and t.town_key = a.town_key
){% if not loop.last %},{% endif %}
{% endfor %}

select municipality_code, survey_name, respondent_key, weight
from w{{ iterations }}
