"""Typed fact rules: classify a scenario as trafficking, smuggling, both or neither."""

from __future__ import annotations

__all__ = ["FEATURES", "LABELS", "classify"]

FEATURES = {
    "act": "recruitment, transport, transfer, harbouring or receipt of a person",
    "means": (
        "threat, force, coercion, abduction, fraud, deception, abuse of power or vulnerability, "
        "or payments to someone in control of the person"
    ),
    "exploitation": (
        "a purpose of exploiting the person (sexual exploitation, forced labour or services, "
        "slavery or similar practices, servitude, organ removal)"
    ),
    "child": "the person is under 18",
    "illegal_entry": "someone procures the person's illegal entry into a State where they are "
    "neither national nor permanent resident",
    "material_benefit": "the facilitator acts for a financial or other material benefit",
}

LABELS = {
    "trafficking": "Trafficking in persons, not smuggling",
    "smuggling": "Smuggling of migrants, not trafficking",
    "both": "Both smuggling and trafficking",
    "neither": "Neither trafficking nor smuggling",
}


def classify(features: set[str]) -> str:
    """Classify a set of scenario features.

    Trafficking (TIP Protocol art. 3(a), (c)): act + exploitative purpose + means,
    where a child needs no means. Smuggling (SOM Protocol art. 3(a)): procuring
    illegal entry for a material benefit.

    Args:
        features: keys of :data:`FEATURES` present in the scenario.

    Returns:
        One of ``trafficking``, ``smuggling``, ``both``, ``neither``.

    Raises:
        ValueError: on an unknown feature key.
    """
    unknown = features - FEATURES.keys()
    if unknown:
        raise ValueError(f"unknown scenario features: {sorted(unknown)}")
    trafficking = {"act", "exploitation"} <= features and bool({"means", "child"} & features)
    smuggling = {"illegal_entry", "material_benefit"} <= features
    if trafficking and smuggling:
        return "both"
    return "trafficking" if trafficking else "smuggling" if smuggling else "neither"


def _trafficking_gap(features: set[str]) -> str:
    """Why the facts are not trafficking (empty when they are)."""
    if "act" not in features:
        return "no one recruits, moves, harbours or receives the person"
    if "exploitation" not in features:
        return "nothing shows a purpose of exploiting the person"
    if not {"means", "child"} & features:
        return (
            "the person is an adult and no improper means (force, threat, deception, abuse of "
            "vulnerability) are used"
        )
    return ""


def _smuggling_gap(features: set[str]) -> str:
    """Why the facts are not smuggling (empty when they are)."""
    if "illegal_entry" not in features:
        return "no one procures an illegal entry into another State"
    if "material_benefit" not in features:
        return (
            "the helper gains no financial or other material benefit, and without it helping "
            "someone across is not smuggling under the Protocol"
        )
    return ""


def why_not(features: set[str], label: str) -> str:
    """Why ``label`` (a key of :data:`LABELS`) is the wrong class for a scenario's features.

    Built from the same rules as :func:`classify` and citing the provision that decides it, so
    every distractor of a scenario has its own reason. Empty when ``label`` is the right class.
    """
    t_gap, s_gap = _trafficking_gap(features), _smuggling_gap(features)
    t_cite = "TIP Protocol art. 3(a), (c)"
    s_cite = "SOM Protocol art. 3(a)"
    reasons = {
        "trafficking": (
            f"Not trafficking: {t_gap} ({t_cite})."
            if t_gap
            else f"Trafficking alone misses that smuggling is made out too ({s_cite})."
            if not s_gap
            else ""
        ),
        "smuggling": (
            f"Not smuggling: {s_gap} ({s_cite})."
            if s_gap
            else f"Smuggling alone misses that the person is also trafficked ({t_cite})."
            if not t_gap
            else ""
        ),
        "both": " ".join(
            f"Not {name}: {gap} ({cite})."
            for name, gap, cite in (("trafficking", t_gap, t_cite), ("smuggling", s_gap, s_cite))
            if gap
        ),
        "neither": " ".join(
            text
            for text, gap in (
                (
                    f"Trafficking is made out: act, exploitative purpose and means ({t_cite}).",
                    t_gap,
                ),
                (f"Smuggling is made out: illegal entry procured for a benefit ({s_cite}).", s_gap),
            )
            if not gap
        ),
    }
    return reasons[label]
