"""axe-core rule metadata: rule id → its WCAG tags and status tags (wcag*, best-practice,
experimental, deprecated), generated from the bundled axe.min.js with `axe.getRules()`; a browser
test checks that it still matches the bundle. Tags of other standards (section508, EN 301 549,
Trusted Tester, RGAA) are left out to keep the table readable.

Used where no browser runs: Lighthouse reports name axe rules by id without always carrying
their tags, and the JIS mapping needs to know which criteria any automated rule covers.
"""

from __future__ import annotations

AXE_VERSION = "4.12.1"

KEPT_TAG = r"wcag\w+|best-practice|experimental|deprecated"  # which tags the table keeps

_TABLE = """
accesskeys best-practice
area-alt wcag2a wcag244 wcag412
aria-allowed-attr wcag2a wcag412
aria-allowed-role best-practice
aria-braille-equivalent wcag2a wcag412
aria-command-name wcag2a wcag412
aria-conditional-attr wcag2a wcag412
aria-deprecated-role wcag2a wcag412
aria-dialog-name best-practice
aria-hidden-body wcag2a wcag131 wcag412
aria-hidden-focus wcag2a wcag412
aria-input-field-name wcag2a wcag412
aria-meter-name wcag2a wcag111
aria-progressbar-name wcag2a wcag111
aria-prohibited-attr wcag2a wcag412
aria-required-attr wcag2a wcag412
aria-required-children wcag2a wcag131
aria-required-parent wcag2a wcag131
aria-roledescription wcag2a wcag412 deprecated
aria-roles wcag2a wcag412
aria-tab-name wcag2a wcag412
aria-text best-practice
aria-toggle-field-name wcag2a wcag412
aria-tooltip-name wcag2a wcag412
aria-treeitem-name best-practice
aria-valid-attr wcag2a wcag412
aria-valid-attr-value wcag2a wcag412
audio-caption wcag2a wcag121 deprecated
autocomplete-valid wcag21aa wcag135
avoid-inline-spacing wcag21aa wcag1412
blink wcag2a wcag222
button-name wcag2a wcag412
bypass wcag2a wcag241
color-contrast wcag2aa wcag143
color-contrast-enhanced wcag2aaa wcag146
css-orientation-lock wcag134 wcag21aa experimental
definition-list wcag2a wcag131
dlitem wcag2a wcag131
document-title wcag2a wcag242
duplicate-id wcag411 deprecated
duplicate-id-active wcag411 deprecated
duplicate-id-aria wcag2a wcag412
empty-heading best-practice
empty-table-header best-practice
focus-order-semantics best-practice experimental
form-field-multiple-labels wcag2a wcag332
frame-focusable-content wcag2a wcag211
frame-tested best-practice
frame-title wcag2a wcag412
frame-title-unique wcag2a wcag412
heading-order best-practice
hidden-content best-practice experimental
html-has-lang wcag2a wcag311
html-lang-valid wcag2a wcag311
html-xml-lang-mismatch wcag2a wcag311
identical-links-same-purpose wcag2aaa wcag249
image-alt wcag2a wcag111
image-redundant-alt best-practice
input-button-name wcag2a wcag412
input-image-alt wcag2a wcag111 wcag412
label wcag2a wcag412
label-content-name-mismatch wcag21a wcag253 experimental
label-title-only best-practice
landmark-banner-is-top-level best-practice
landmark-complementary-is-top-level best-practice deprecated
landmark-contentinfo-is-top-level best-practice
landmark-main-is-top-level best-practice
landmark-no-duplicate-banner best-practice
landmark-no-duplicate-contentinfo best-practice
landmark-no-duplicate-main best-practice
landmark-one-main best-practice
landmark-unique best-practice
link-in-text-block wcag2a wcag141
link-name wcag2a wcag244 wcag412
list wcag2a wcag131
listitem wcag2a wcag131
marquee wcag2a wcag222
meta-refresh wcag2a wcag221
meta-refresh-no-exceptions wcag2aaa wcag224 wcag325
meta-viewport wcag2aa wcag144
meta-viewport-large best-practice
nested-interactive wcag2a wcag412
no-autoplay-audio wcag2a wcag142
object-alt wcag2a wcag111
p-as-heading wcag2a wcag131 experimental
page-has-heading-one best-practice
presentation-role-conflict best-practice
region best-practice
role-img-alt wcag2a wcag111
scope-attr-valid best-practice
scrollable-region-focusable wcag2a wcag211 wcag213
select-name wcag2a wcag412
server-side-image-map wcag2a wcag211
skip-link best-practice
summary-name wcag2a wcag412
svg-img-alt wcag2a wcag111
tabindex best-practice
table-duplicate-name best-practice
table-fake-caption experimental wcag2a wcag131
target-size wcag22aa wcag258
td-has-header experimental wcag2a wcag131
td-headers-attr wcag2a wcag131
th-has-data-cells wcag2a wcag131
valid-lang wcag2aa wcag312
video-caption wcag2a wcag122
"""

RULE_TAGS: dict[str, tuple[str, ...]] = {
    line.split()[0]: tuple(line.split()[1:]) for line in _TABLE.strip().splitlines()
}
