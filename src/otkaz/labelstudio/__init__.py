"""Annotation round trip with Label Studio: tasks with otkaz's pre-annotations out,
finished annotations in, as gold for `otkaz evaluate` and as reviewers' decisions.

    >>> from otkaz.labelstudio import labeling_config, make_task, read_export
    >>> tasks = [make_task(doc, report.to_dict()) for doc, report in pairs]  # doctest: +SKIP
    >>> read_export(json.load(open("export.json"))).documents[0].gold       # doctest: +SKIP

Modules: `config` (the labeling config and its names), `items` (an incident or figure
as regions and back), `results` (Label Studio's result JSON), `tasks` (tasks and
exports), `decisions` (annotations as review decisions on stored mentions).
"""

from otkaz.labelstudio.config import labeling_config
from otkaz.labelstudio.tasks import (
    AnnotatedDocument,
    ReadExport,
    annotated_document,
    export_label_studio,
    make_task,
    read_export,
)

__all__ = ["AnnotatedDocument", "ReadExport", "annotated_document", "export_label_studio",
           "labeling_config", "make_task", "read_export"]
