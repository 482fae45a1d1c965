"""Article texts for the check tests: one story whose death toll is corrected."""

from __future__ import annotations

from pathlib import Path

ARTICLE_ID = "local/quake"
PUBLISHED = "2024-06-19T07:00:00+01:00"
LEAD = (
    "At least {toll} people died when an earthquake struck the town of Harbourside on "
    "Wednesday morning, officials said."
)
SECOND = "Rescue teams were searching collapsed buildings through the night."
GOOD_NOTE = "Correction: An earlier version of this article misstated the number of dead as 23."


def article_text(
    *,
    toll: int = 23,
    updated: str | None = PUBLISHED,
    published: str = PUBLISHED,
    extra: tuple[str, ...] = (),
    second: str = SECOND,
    corrections: str = "",
) -> str:
    """The story in the store's Markdown format, with the given facts."""
    front = [
        "---",
        f"id: {ARTICLE_ID}",
        "headline: Earthquake strikes coastal town",
        f"published: '{published}'",
    ]
    if updated is not None:
        front.append(f"updated: '{updated}'")
    if corrections:
        front.append(corrections.rstrip("\n"))
    paragraphs = [LEAD.format(toll=toll), second, *extra]
    return "\n".join(front) + "\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)
