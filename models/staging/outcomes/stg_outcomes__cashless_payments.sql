with source as (
    select * from {{ source('outcomes', 'outcomes__cashless_payments') }}
)

select
    municipality_code,
    _load_id as load_id,
    cast(payment_date as date) as payment_date,
    payment_type_code,
    payment_type_name,
    cast(transactions as bigint) as transactions,
    cast(amount_jpy as decimal(18, 2)) as amount_jpy,
    coalesce(place_code, 'counter') as place,
    place_name
from source
