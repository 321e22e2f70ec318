with source as (
    select * from {{ source('population', 'population__town_ages') }}
)

select
    municipality_code,
    _load_id as load_id,
    cast(survey_date as date) as survey_date,
    town_key,
    town_code,
    town_name,
    age_band,
    cast(age_lower as integer) as age_lower,
    cast(age_upper as integer) as age_upper,
    sex,
    cast(population as bigint) as population
from source
