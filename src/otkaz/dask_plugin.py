"""The Dask worker plugin that loads otkaz's NLP pipeline once per worker.

    client.register_plugin(PipelinePlugin())   # otkaz.distribute.connect does this

A module of its own because it imports `distributed`, which only a run with
`--scheduler` needs.
"""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline when a worker starts (or joins later), so the first chunk on each
    worker does not pay for it and no chunk loads it again (it is cached per process)."""

    name = "otkaz-pipeline"

    def setup(self, worker: Any) -> None:
        from otkaz.extract.pipeline import load_pipeline

        load_pipeline()
