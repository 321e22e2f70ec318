with source as (
    select * from {{ source('population', 'population__towns') }}
)

select
    municipality_code,
    _load_id as load_id,
    cast(survey_date as date) as survey_date,
    town_key,
    town_code,
    town_name,
    city_name,
    cast(total_population as bigint) as total_population,
    cast(male as bigint) as male_population,
    cast(female as bigint) as female_population,
    cast(households as bigint) as households,
    latitude,
    longitude,
    note
from source
