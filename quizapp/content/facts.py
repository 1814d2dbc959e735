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
    "trafficking": "Trafficking in persons only",
    "smuggling": "Smuggling of migrants only",
    "both": "Both smuggling and trafficking",
    "neither": "Neither of these crimes",
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
