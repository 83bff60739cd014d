"""notebooks/analysis.ipynb runs top to bottom on the sample installation, and is stored
without outputs.

The kernel is the venv's own: the ipykernel wheel installs the ``python3`` kernel spec into
``<venv>/share/jupyter/kernels``, and jupyter_client starts it with ``sys.executable``, so a
fresh ``pip install -r requirements-dev.txt`` is enough.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "analysis.ipynb"


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.slow
def test_notebook_runs_and_reproduces_the_headline_table(demo_dir, project, monkeypatch):
    monkeypatch.setenv("LESLIE_DATA_DIR", str(demo_dir.root))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    printed = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert f"warehouse: {demo_dir.warehouse}" in printed
    assert f"engine and mart agree on {len(project.indicators)} indicators for P1" in printed
    images = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]
    assert len(images) == 1
