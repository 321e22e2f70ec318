{#- Spark implementation of `pseudonymise` (macros/pseudonymise.sql dispatches to it):
    HMAC-SHA256(key, id) as 64 lowercase hex digits, written with Spark SQL functions only
    (sha2, unhex, concat on binary), so it runs on any Spark — local session, thrift or Spark
    Connect — without a UDF:

        HMAC(K, m) = SHA256((K ⊕ opad) ‖ SHA256((K ⊕ ipad) ‖ m)),  ipad = 0x36…, opad = 0x5c…

    The key never appears in the compiled SQL (dbt/target, dbt.log, Spark's query history):
    the SQL names it as `${env:CIVICPULSE_PSEUDONYM_KEY}`, which Spark's variable substitution
    replaces from the driver's environment when it runs the statement, and K ⊕ pad is computed
    by Spark. On a cluster the Spark driver (thrift server, Connect server) must have the
    variable (README, "Apache Spark"). The key is read here only to check it at compile time:
    up to 64 characters from a safe set (the per-home key is 64 hex digits). The digest equals
    Python's hmac.new(key.encode(), id.encode(), 'sha256').hexdigest(): tests/spark checks it. -#}
{% macro spark__pseudonymise(column) -%}
    {%- if execute -%}
        {%- do civicpulse.spark_check_pseudonym_key(env_var("CIVICPULSE_PSEUDONYM_KEY", "")) -%}
    {%- endif -%}
    sha2(concat({{ civicpulse.spark_hmac_padded_key(92) }}, unhex(sha2(concat(
        {{ civicpulse.spark_hmac_padded_key(54) }},
        encode(cast({{ column }} as string), 'UTF-8')), 256))), 256)
{%- endmacro %}

{#- K' ⊕ pad as binary, computed by Spark: K' = the key's bytes padded with zeros to 64. -#}
{% macro spark_hmac_padded_key(pad) -%}
    unhex(aggregate(transform(sequence(1, 64), i -> lpad(hex(ascii(substr(
        rpad({{ civicpulse.spark_pseudonym_key() }}, 64, chr(0)), i, 1)) ^ {{ pad }}), 2, '0')),
        '', (acc, x) -> concat(acc, x)))
{%- endmacro %}

{#- The key from the driver's environment. Spark leaves an unset ${env:…} as the literal text,
    which would silently become a publicly known key: fail instead (no valid key starts with
    "$", chr(36)). -#}
{% macro spark_pseudonym_key() -%}
    if(substr('${env:CIVICPULSE_PSEUDONYM_KEY}', 1, 1) = chr(36),
        raise_error('CIVICPULSE_PSEUDONYM_KEY is not set in the Spark driver environment'),
        '${env:CIVICPULSE_PSEUDONYM_KEY}')
{%- endmacro %}

{#- HMAC pads a key of up to 64 bytes as above (longer keys would be hashed first), and the
    key sits inside a SQL string literal: only letters, digits and -_.+/=~ are accepted. -#}
{% macro spark_check_pseudonym_key(key) -%}
    {%- set allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=~" -%}
    {%- if key | length == 0 or key | length > 64 -%}
        {{ exceptions.raise_compiler_error("spark pseudonymise: CIVICPULSE_PSEUDONYM_KEY must have 1 to 64 characters") }}
    {%- endif -%}
    {%- for character in key -%}
        {%- if character not in allowed -%}
            {{ exceptions.raise_compiler_error("spark pseudonymise: CIVICPULSE_PSEUDONYM_KEY may only hold letters, digits and -_.+/=~") }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
