"""The sample portfolio's made-up projects: LESLIE's configuration with another identity,
marked synthetic, loadable as it is."""

from __future__ import annotations

import tomllib

from pipelines.config import load_project
from pipelines.paths import BUNDLED_PROJECT
from pipelines.sample.portfolio import PROJECTS, synthetic_toml


def test_each_made_up_project_is_a_configuration_marked_synthetic(tmp_path):
    base = BUNDLED_PROJECT.read_text(encoding="utf-8")
    seen = set()
    for spec in PROJECTS:
        path = tmp_path / f"{spec.acronym}.toml"
        path.write_text(synthetic_toml(base, spec), encoding="utf-8")
        project = load_project(path)
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        assert (project.acronym, project.number) == (spec.acronym, spec.number)
        assert raw["project"]["synthetic"] is True
        assert project.title.startswith("SYNTHETIC SAMPLE: ")
        assert path.read_text(encoding="utf-8").startswith(f"# SYNTHETIC: {spec.acronym} ")
        assert raw["public"]["measures"] == list(spec.measures)
        seen.add(spec.number)
    assert len(seen) == 2 and "101129032" not in seen
