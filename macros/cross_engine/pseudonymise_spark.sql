{#- Spark implementation of `pseudonymise` (macros/pseudonymise.sql dispatches to it once it
    uses adapter.dispatch): HMAC-SHA256(key, id) as 64 lowercase hex digits, written with Spark
    SQL functions only (sha2, unhex, concat on binary), so it runs on any Spark — local session,
    thrift or Spark Connect — without a UDF:

        HMAC(K, m) = SHA256((K ⊕ opad) ‖ SHA256((K ⊕ ipad) ‖ m)),  ipad = 0x36…, opad = 0x5c…

    K ⊕ ipad and K ⊕ opad are computed here at compile time from CIVICPULSE_PSEUDONYM_KEY (the
    key never reaches Spark in clear; the padded keys do, as hex literals). Keys up to 64 ASCII
    characters (the per-home key is 64 hex digits). The same digest as Python's
    hmac.new(key.encode(), id.encode(), 'sha256').hexdigest() — tests/spark checks it. -#}
{% macro spark__pseudonymise(column) -%}
    {%- set key = env_var("CIVICPULSE_PSEUDONYM_KEY", "") -%}
    {%- set ipad = civicpulse.hmac_padded_key_hex(key, 54) -%}
    {%- set opad = civicpulse.hmac_padded_key_hex(key, 92) -%}
    sha2(concat(unhex('{{ opad }}'), unhex(sha2(concat(unhex('{{ ipad }}'),
        encode(cast({{ column }} as string), 'UTF-8')), 256))), 256)
{%- endmacro %}

{#- hex(K' ⊕ pad) for HMAC-SHA256: K' = the key's ASCII bytes padded with zeros to 64 bytes. -#}
{% macro hmac_padded_key_hex(key, pad) -%}
    {%- set printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~" -%}
    {%- if key | length > 64 -%}
        {{ exceptions.raise_compiler_error("spark pseudonymise: keys longer than 64 characters are not supported") }}
    {%- endif -%}
    {%- set out = [] -%}
    {%- for i in range(64) -%}
        {%- if i < key | length -%}
            {%- set position = printable.find(key[i]) -%}
            {%- if position < 0 -%}
                {{ exceptions.raise_compiler_error("spark pseudonymise: the key must be printable ASCII") }}
            {%- endif -%}
            {%- set byte = 32 + position -%}
        {%- else -%}
            {%- set byte = 0 -%}
        {%- endif -%}
        {%- set ns = namespace(value=0) -%}
        {%- for bit in range(8) -%}
            {%- set weight = 2 ** bit -%}
            {%- if ((byte // weight) % 2) != ((pad // weight) % 2) -%}
                {%- set ns.value = ns.value + weight -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do out.append('%02x' % ns.value) -%}
    {%- endfor -%}
    {{ return(out | join('')) }}
{%- endmacro %}
