"""The Label Studio labeling config that otkaz's tasks and imports agree on.

    >>> labeling_config().startswith("<!-- otkaz")   # `otkaz export -f label-studio-config`
    True
    >>> SPAN_LABELS["sources"], CHOICES["outcomes"].multiple
    ('source', True)

One `<Text name="text">` holds the document. A region labelled `Incident` (or `Figure`)
marks one evidence passage; regions labelled with a field (`actor`, `count`, `place`,
`source`...) mark the words that give that value. The choices (type, force, personnel,
outcomes, measure) and a free `values` text area are per region: they are read from any
region of an item, and written on its first evidence region.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from otkaz.models import FORCES, INCIDENT_TYPES, MEASURES, OUTCOMES, PERSONNEL

TEXT = "text"  # the Text object's name, and the task data key holding the document text
LABELS = "label"  # the Labels control
VALUES = "values"  # the per-region TextArea: "field: value" lines
INCIDENT, FIGURE = "Incident", "Figure"
KIND_OF_LABEL = {INCIDENT: "incidents", FIGURE: "figures"}
LABEL_OF_KIND = {v: k for k, v in KIND_OF_LABEL.items()}

# report field -> the label of a span that gives (or grounds) it
SPAN_LABELS = {"actor": "actor", "unit": "unit", "count": "count", "home": "home",
               "place": "place", "when": "when", "sources": "source", "outcomes": "outcome",
               "type": "trigger", "value": "value", "period": "period"}
FIELD_OF_LABEL = {v: k for k, v in SPAN_LABELS.items()}
TEXT_FIELDS = ("actor", "unit", "home", "place")  # a span's words are the value


@dataclass(frozen=True)
class ChoiceControl:
    """A per-region Choices control: its codes, and whether several may be chosen."""

    values: tuple[str, ...]
    multiple: bool


CHOICES = {
    "type": ChoiceControl(INCIDENT_TYPES, False),
    "force": ChoiceControl(FORCES, False),
    "personnel": ChoiceControl(PERSONNEL, True),
    "outcomes": ChoiceControl(OUTCOMES, True),
    "measure": ChoiceControl(MEASURES, False),
}
INCIDENT_CHOICES = ("type", "force", "personnel", "outcomes")
FIGURE_CHOICES = ("measure",)


@cache
def labeling_config() -> str:
    """The labeling config XML shipped with otkaz (otkaz/labelstudio/config.xml)."""
    return (resources.files("otkaz.labelstudio") / "config.xml").read_text(encoding="utf-8")
