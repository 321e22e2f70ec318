{#- Raking margins for each survey wave: population by age band x sex and by town, restricted to
    cells that have at least one weightable respondent (age band known, sex male/female, town
    found in the population file) and rescaled so that both margins add up to the wave's whole
    population (the residents in the survey's age range). A cell without respondents thus
    hands its residents to the other cells of its margin in proportion to their size. -#}
with cells as (
    select * from {{ ref('int_survey_population_cells') }}
),

respondents as (
    select * from {{ ref('stg_survey__respondents') }}
),

eligible as (
    select respondents.municipality_code, respondents.survey_name, respondents.age_band,
        respondents.sex, respondents.town_key
    from respondents
    where respondents.sex in ('male', 'female')
        and exists (
            select 1 from cells
            where cells.municipality_code = respondents.municipality_code
                and cells.survey_name = respondents.survey_name
                and cells.age_band = respondents.age_band
                and cells.sex = respondents.sex
        )
        and exists (
            select 1 from cells
            where cells.municipality_code = respondents.municipality_code
                and cells.survey_name = respondents.survey_name
                and cells.town_key = respondents.town_key
        )
),

waves as (
    select municipality_code, survey_name, population_date, sum(population) as wave_population
    from cells
    group by municipality_code, survey_name, population_date
),

age_sex as (
    select
        cells.municipality_code, cells.survey_name, 'age_sex' as margin, cells.age_band,
        cells.sex, cast(null as {{ dbt.type_string() }}) as town_key, sum(cells.population) as population
    from cells
    group by cells.municipality_code, cells.survey_name, cells.age_band, cells.sex
),

towns as (
    select
        cells.municipality_code, cells.survey_name, 'town' as margin,
        cast(null as {{ dbt.type_string() }}) as age_band, cast(null as {{ dbt.type_string() }}) as sex, cells.town_key,
        sum(cells.population) as population
    from cells
    group by cells.municipality_code, cells.survey_name, cells.town_key
),

counted as (
    select age_sex.*, (
        select count(*) from eligible
        where eligible.municipality_code = age_sex.municipality_code
            and eligible.survey_name = age_sex.survey_name
            and eligible.age_band = age_sex.age_band
            and eligible.sex = age_sex.sex
    ) as respondents
    from age_sex
    union all
    select towns.*, (
        select count(*) from eligible
        where eligible.municipality_code = towns.municipality_code
            and eligible.survey_name = towns.survey_name
            and eligible.town_key = towns.town_key
    ) as respondents
    from towns
)

select
    counted.municipality_code,
    counted.survey_name,
    waves.population_date,
    counted.margin,
    counted.age_band,
    counted.sex,
    counted.town_key,
    counted.respondents,
    counted.population,
    waves.wave_population,
    counted.population * waves.wave_population / sum(counted.population) over (
        partition by counted.municipality_code, counted.survey_name, counted.margin
    ) as target_population
from counted
inner join waves
    on waves.municipality_code = counted.municipality_code
    and waves.survey_name = counted.survey_name
where counted.respondents > 0
