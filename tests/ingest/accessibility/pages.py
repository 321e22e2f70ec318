"""Fixture pages with known accessibility findings, written for these tests."""

from __future__ import annotations

CLEAN = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>ごみの出し方 | テスト市</title></head>
<body><header><nav aria-label="メニュー"><a href="/">トップ</a></nav></header>
<main><h1>ごみの出し方</h1>
<p>燃えるごみは、月曜日と木曜日の朝8時30分までに出してください。</p>
<img src="/calendar.png" alt="ごみ収集カレンダー" width="100" height="50">
<form><label for="q">キーワード</label><input id="q" type="text" name="q">
<button type="submit">検索</button></form></main>
<footer><p>テスト市役所</p></footer></body></html>
"""

# Four planted violations, each a different axe rule: html-has-lang (3.1.1), image-alt (1.1.1),
# color-contrast (1.4.3, two elements), label (4.1.2).
VIOLATIONS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>児童手当 | テスト市</title>
<style>.pale{color:#bbbbbb;background:#ffffff}</style></head>
<body><main><h1>児童手当</h1>
<p class="pale">申請は出生の翌日から15日以内です。</p>
<p class="pale">詳しくは窓口へ。</p>
<img src="/photo.png" width="100" height="50">
<form><input type="text" name="name"></form></main></body></html>
"""
VIOLATION_RULES = {"html-has-lang", "image-alt", "color-contrast", "label"}

# Text over a background image: axe cannot measure the contrast and reports it incomplete.
INCOMPLETE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>観光 | テスト市</title></head>
<body><main><h1>観光</h1>
<p style="background-image:url(/sky.png);background-color:#fff;color:#777">桜が見ごろです。</p>
</main></body></html>
"""
