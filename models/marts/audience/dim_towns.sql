{#- Resident population by town x 5-year age band x sex from each city's latest 住民基本台帳
    snapshot, with the town's and the city's totals beside every row. -#}
with latest as (
    select municipality_code, max(survey_date) as survey_date
    from {{ ref('stg_population__towns') }}
    group by municipality_code
),

towns as (
    select towns.*
    from {{ ref('stg_population__towns') }} as towns
    inner join latest
        on latest.municipality_code = towns.municipality_code
        and latest.survey_date = towns.survey_date
),

ages as (
    select ages.*
    from {{ ref('stg_population__town_ages') }} as ages
    inner join latest
        on latest.municipality_code = ages.municipality_code
        and latest.survey_date = ages.survey_date
)

select
    ages.municipality_code,
    ages.survey_date as as_of_date,
    ages.town_key,
    ages.town_code,
    ages.town_name,
    ages.age_band,
    ages.age_lower,
    ages.age_upper,
    ages.sex,
    ages.population,
    towns.total_population as town_population,
    towns.households as town_households,
    towns.latitude,
    towns.longitude,
    sum(ages.population) over (
        partition by ages.municipality_code, ages.age_band, ages.sex
    ) as city_population_age_sex,
    sum(ages.population) over (partition by ages.municipality_code) as city_population
from ages
inner join towns
    on towns.municipality_code = ages.municipality_code
    and towns.town_key = ages.town_key
