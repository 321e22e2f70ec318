{#- Civic outcomes beyond 電子申請 in exactly fct_civic_outcomes_daily's columns, so the mart can
    union them: マイナンバーカード applications and issuance, キャッシュレス決済 per payment type.
    online_count / counter_count split what was done online from everything else (counter,
    mail, photo booths). -#}
with my_number as (
    select * from {{ ref('stg_outcomes__my_number_cards') }}
),

cashless as (
    select * from {{ ref('stg_outcomes__cashless_payments') }}
),

applications as (
    select
        municipality_code,
        activity_date,
        'my_number_application' as outcome_type,
        'my_number_card' as procedure_id,
        'マイナンバーカード交付申請' as procedure_name,
        cast(sum(coalesce(online_applications, 0)) as bigint) as online_count,
        cast(sum(applications - coalesce(online_applications, 0)) as bigint) as counter_count,
        cast(sum(applications) as bigint) as total_count
    from my_number
    group by municipality_code, activity_date
),

issuance as (
    select
        municipality_code,
        activity_date,
        'my_number_issuance' as outcome_type,
        'my_number_card' as procedure_id,
        'マイナンバーカード交付' as procedure_name,
        cast(0 as bigint) as online_count,
        cast(sum(issued) as bigint) as counter_count,
        cast(sum(issued) as bigint) as total_count
    from my_number
    group by municipality_code, activity_date
),

payments as (
    select
        municipality_code,
        payment_date as activity_date,
        'cashless_payment' as outcome_type,
        'cashless_' || payment_type_code as procedure_id,
        case payment_type_code
            when 'credit_card' then 'キャッシュレス決済（クレジットカード）'
            when 'e_money' then 'キャッシュレス決済（電子マネー）'
            when 'transit_ic' then 'キャッシュレス決済（交通系IC）'
            when 'qr_code' then 'キャッシュレス決済（QRコード）'
            when 'debit_card' then 'キャッシュレス決済（デビットカード）'
            else 'キャッシュレス決済（その他）'
        end as procedure_name,
        cast(coalesce(sum(transactions) filter (where place = 'online'), 0) as bigint)
            as online_count,
        cast(coalesce(sum(transactions) filter (where place <> 'online'), 0) as bigint)
            as counter_count,
        cast(sum(transactions) as bigint) as total_count
    from cashless
    group by municipality_code, payment_date, payment_type_code
)

select * from applications
union all
select * from issuance
union all
select * from payments
