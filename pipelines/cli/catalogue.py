"""``catalogue``: the micro-credential catalogue; ``check`` says which modules are ready to
publish and what the others lack, ``export`` writes the ready ones as ELM v3 JSON-LD or as
the XML of the Qualifications Dataset Register (QDR)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipelines.access.scope import Viewer
from pipelines.catalogue import readiness, source
from pipelines.cli import EXIT_OK, add_data_dir, lang_of
from pipelines.cli.common import add_lang, data_dir_of, project_of
from pipelines.errors import UsageError
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words

ACTIONS = ("check", "export")
FORMATS = ("elm", "qdr")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "catalogue",
        help="the micro-credential catalogue: check readiness, export as ELM or QDR XML",
        description="check: which modules are ready to publish (the Council Recommendation's "
        "elements and the consortium's criteria) and what the others lack; "
        "export --format elm --out DIR: the ready modules as ELM v3 JSON-LD; "
        "export --format qdr --out DIR: the same as the XML Europass's Qualifications "
        "Dataset Register takes in.",
    )
    p.add_argument("action", choices=ACTIONS)
    add_data_dir(p)
    p.add_argument("--json", action="store_true", help="print JSON (check)")
    p.add_argument("--format", choices=FORMATS, default=None, help="export format: elm or qdr")
    p.add_argument("--out", metavar="DIR", help="folder to write into (export)")
    add_lang(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    project = project_of(data_dir)
    words = Words(lang_of(args), project)
    if args.action == "export" and (not args.format or not args.out):
        raise UsageError("'catalogue export' needs --format elm|qdr and --out DIR")
    with read_warehouse(data_dir.warehouse) as con:
        modules = source.modules(con, project, Viewer.coordinator("cli"))
    checked = readiness.check(modules, project, words)
    if args.action == "check":
        return _print_check(checked, words, args.json)
    if args.format == "qdr":
        from pipelines.catalogue import qdr as writer
    else:
        from pipelines.catalogue import elm as writer

    ready = {m["code"] for m in checked if m["ready"]}
    chosen = [m for m in modules if m["module_code"] in ready]
    written = writer.write(Path(args.out), chosen, project)
    for path in written:
        print(words.t("microcred.cli.written", path=str(path)))
    left = [m for m in checked if not m["ready"]]
    for m in left:
        reasons = ", ".join(g["key"] for g in m["missing"])
        print(words.t("microcred.cli.left_out", code=m["code"], reasons=reasons))
    print(words.t("microcred.cli.exported", count=len(written), left=len(left)))
    return EXIT_OK


def _print_check(checked: list[dict], words: Words, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"modules": checked}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for m in checked:
        if m["ready"]:
            print(words.t("microcred.cli.ready", code=m["code"]))
            continue
        print(words.t("microcred.cli.not_ready", code=m["code"], who=m["lead_partner"]))
        for gap in m["missing"]:
            print(f"  - {gap['key']}: {gap['message']}")
    ready = sum(1 for m in checked if m["ready"])
    print(words.t("microcred.cli.summary", ready=ready, total=len(checked)))
    return EXIT_OK
