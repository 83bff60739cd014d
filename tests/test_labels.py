"""Pages label indicator figures with the configured names, not their own wording."""

from __future__ import annotations

import dataclasses

import pytest

from pipelines.metrics.labels import indicator_labels


def test_labels_are_the_configured_names(project) -> None:
    assert indicator_labels(project, ("ENR-1", "ENR-3")) == {
        "ENR-1": "Learners enrolled",
        "ENR-3": "Micro-credentials awarded",
    }


def test_a_renamed_indicator_is_renamed_everywhere(project) -> None:
    renamed = dataclasses.replace(
        project,
        indicators=tuple(
            dataclasses.replace(i, name="Credentials issued") if i.code == "ENR-3" else i
            for i in project.indicators
        ),
    )
    assert indicator_labels(renamed, ["ENR-3"]) == {"ENR-3": "Credentials issued"}


def test_an_unconfigured_code_is_an_error(project) -> None:
    with pytest.raises(KeyError):
        indicator_labels(project, ["ENR-9"])
