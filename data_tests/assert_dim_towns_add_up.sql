{#- dim_towns: the bands of a town add up to the town's total, and the towns to the city's. -#}
with towns as (
    select municipality_code, town_key, any_value(town_population) as town_population,
        sum(population) as bands, any_value(city_population) as city_population
    from {{ ref('dim_towns') }}
    group by municipality_code, town_key
)

select municipality_code, town_key, town_population, bands
from towns
where bands <> town_population
union all
select municipality_code, null, any_value(city_population), sum(town_population)
from towns
group by municipality_code
having sum(town_population) <> any_value(city_population)
