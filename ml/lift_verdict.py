"""Plain-language Japanese verdicts and method notes for lift estimates and A/B tests."""

from __future__ import annotations

from ml.lift import ITS, RATIO, LiftResult

METHOD_JA = {
    RATIO: (
        "同じ手続の窓口申請件数を対照系列とする回帰型の合成対照法。キャンペーン期間外の開庁日で"
        "オンライン申請の比率を二項GLM（時間の2次式＋曜日）により推定し、期間中の窓口件数から"
        "キャンペーンがなかった場合のオンライン件数を予測。効果＝期間中の開庁日1日あたりの"
        "（実績−予測）の平均。信頼区間は過分散補正付きのデルタ法。"
    ),
    ITS: (
        "中断時系列法（窓口申請がほぼない手続のため）。キャンペーン期間外のオンライン件数を"
        "ポアソンGLM（時間の2次式＋曜日＋閉庁日）で推定し、期間中の予測との差を1日あたりで平均。"
        "信頼区間は過分散補正付きのデルタ法。"
    ),
}
ASSUMPTION_JA = (
    "前提: キャンペーンは窓口申請の件数を変えない（窓口からオンラインへの移行分は効果に含まれる"
    "ため、その場合は上限値）。同じ手続の他のキャンペーン期間は比較から除外。"
)


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def lift_verdict(result: LiftResult, procedure_name: str) -> str:
    """One paragraph saying what the estimate means, in Japanese."""
    if result.status != "estimated" or result.estimate is None:
        return f"推定できません: {result.reason}。"
    e = result.estimate
    low, high = result.ci_low or 0.0, result.ci_high or 0.0
    pct = int(round(result.level * 100))
    unit = "開庁日" if e.method == RATIO else "日"
    rel = e.effect_per_day / e.baseline_per_day if e.baseline_per_day > 0 else None
    rel_text = (
        f"（キャンペーンがなかった場合の見込み 1日あたり{e.baseline_per_day:.1f}件に対して{rel:+.0%}）"
        if rel is not None
        else ""
    )
    interval = f"{pct}%信頼区間 {_signed(low)}〜{_signed(high)}件"
    placebo_bad = result.placebo is not None and result.placebo.p_value < 1 - result.level
    if result.is_significant and e.effect_per_day > 0:
        head = "判定保留" if placebo_bad else "効果あり"
        text = (
            f"{head}: キャンペーン期間中（{unit}{e.n_window_days}日）、{procedure_name}の"
            f"オンライン申請は1日あたり推定{_signed(e.effect_per_day)}件（{interval}）"
            f"増えました{rel_text}。"
        )
    elif result.is_significant:
        head = "判定保留" if placebo_bad else "減少"
        text = (
            f"{head}: キャンペーン期間中、{procedure_name}のオンライン申請は1日あたり推定"
            f"{_signed(e.effect_per_day)}件（{interval}）で、見込みより減っています{rel_text}。"
            "キャンペーン以外の要因（制度変更・システム障害など）を確認してください。"
        )
    else:
        text = (
            f"効果は確認できません: 1日あたりの推定差は{_signed(e.effect_per_day)}件ですが、"
            f"{interval}が0をまたいでおり、偶然の変動と区別できません。"
        )
    if placebo_bad:
        text += (
            "注意: キャンペーン前の同じ長さの期間（プラセボ期間）でも差が検出されたため、"
            "予測モデルの当てはまりに問題がある可能性があります。"
        )
    elif result.placebo is None:
        text += "（キャンペーン前後に十分な比較期間がなく、プラセボ検定は行っていません。）"
    return text
