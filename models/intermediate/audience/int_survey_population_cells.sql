{#- The population behind each survey wave, cut into the wave's own age bands, by sex and town.
    Each wave uses the population snapshot of its municipality taken on or before its last
    response date (the earliest snapshot when all are later). Five-year bands are split
    uniformly over the ages they share with a survey band (15-19 gives 2/5 of its residents to
    18-29; 85+ counts as 85-120). Only male/female exist in the resident register. -#}
with respondents as (
    select * from {{ ref('stg_survey__respondents') }}
),

population as (
    select * from {{ ref('stg_population__town_ages') }}
),

waves as (
    select municipality_code, survey_name, max(response_date) as reference_date
    from respondents
    group by municipality_code, survey_name
),

snapshots as (
    select
        waves.municipality_code,
        waves.survey_name,
        coalesce(
            max(dates.survey_date) filter (
                where dates.survey_date <= coalesce(waves.reference_date, date '9999-12-31')
            ),
            min(dates.survey_date)
        ) as population_date
    from waves
    inner join (select distinct municipality_code, survey_date from population) as dates
        on dates.municipality_code = waves.municipality_code
    group by waves.municipality_code, waves.survey_name
),

age_bands as (
    select distinct municipality_code, survey_name, age_band, age_lower, age_upper
    from respondents
    where age_band is not null
),

shares as (
    select
        bands.municipality_code,
        bands.survey_name,
        snapshots.population_date,
        bands.age_band,
        population.sex,
        population.town_key,
        population.population
        * greatest(
            0,
            least(coalesce(population.age_upper, 120), coalesce(bands.age_upper, 120))
            - greatest(population.age_lower, bands.age_lower) + 1
        )
        / (coalesce(population.age_upper, 120) - population.age_lower + 1.0) as population
    from age_bands as bands
    inner join snapshots
        on snapshots.municipality_code = bands.municipality_code
        and snapshots.survey_name = bands.survey_name
    inner join population
        on population.municipality_code = bands.municipality_code
        and population.survey_date = snapshots.population_date
)

select
    municipality_code,
    survey_name,
    population_date,
    age_band,
    sex,
    town_key,
    sum(population) as population
from shares
group by municipality_code, survey_name, population_date, age_band, sex, town_key
having sum(population) > 0
