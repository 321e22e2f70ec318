{#- Survey weights are positive and add up to the population: per town exactly (the last raking
    step), per age band x sex within 0.5 % (raking convergence), per wave exactly. -#}
with weighted as (
    select * from {{ ref('fct_survey_respondents') }} where is_weighted
),

targets as (
    select * from {{ ref('int_survey_weighting_targets') }}
),

sums as (
    select municipality_code, survey_name, 'age_sex' as margin, age_band, sex,
        cast(null as varchar) as town_key, sum(weight) as weight
    from weighted group by municipality_code, survey_name, age_band, sex
    union all
    select municipality_code, survey_name, 'town', null, null, town_key, sum(weight)
    from weighted group by municipality_code, survey_name, town_key
)

select 'weight not positive' as problem, municipality_code, survey_name, respondent_key as cell,
    weight, null as target
from weighted where weight is null or weight <= 0
union all
select 'cell off its population', targets.municipality_code, targets.survey_name,
    coalesce(targets.town_key, targets.age_band || ' ' || targets.sex), sums.weight,
    targets.target_population
from targets
left join sums
    on sums.municipality_code = targets.municipality_code
    and sums.survey_name = targets.survey_name
    and sums.margin = targets.margin
    and sums.age_band is not distinct from targets.age_band
    and sums.sex is not distinct from targets.sex
    and sums.town_key is not distinct from targets.town_key
where abs(coalesce(sums.weight, 0) - targets.target_population)
    > case when targets.margin = 'town' then 1e-6 else 0.005 end * targets.target_population
union all
select 'wave off its population', waves.municipality_code, waves.survey_name, null,
    sum(weighted.weight), any_value(waves.wave_population)
from (select distinct municipality_code, survey_name, wave_population from targets) as waves
left join weighted
    on weighted.municipality_code = waves.municipality_code
    and weighted.survey_name = waves.survey_name
group by waves.municipality_code, waves.survey_name
having abs(coalesce(sum(weighted.weight), 0) - any_value(waves.wave_population))
    > 1e-6 * any_value(waves.wave_population)
