"""Uploads through the dashboard and the coordinator's review: pending until approved, own
rows only, size limit, diff against the official data, decisions rebuild and are logged,
and concurrent uploads with a reader running."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import threading
from pathlib import Path

import pytest

from pipelines import warehouse
from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.cli import main
from pipelines.errors import AccessDenied, StoreError, UsageError
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger
from pipelines.submissions import review
from pipelines.submissions.ingest import Source, ingest

TINY = Path(__file__).parent / "fixtures" / "tiny"
COORD = Viewer.coordinator("upv-coord")
KAZNU = Viewer("partner", "kaznu-data", "KAZNU")
FPI = Viewer("partner", "fpi-data", "FPI")
KZ_OFFICE = Viewer("national_office", "kz-office", None, "KZ")

HEADER = "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,sdg_goals,url\n"
# KAZNU's corrected activities: A1 reach 120 -> 130, A2 dropped, A6 new (a 30-person event).
KAZNU_V2 = (
    HEADER
    + "A1,KAZNU,2024-05-20,workshop,Жерді тұрақты басқару семинары,KZ,academics;policy_makers,40,130,15;4,https://example.org/a1\n"
    + "A6,KAZNU,2026-06-01,event,Open day,KZ,students,30,60,4,\n"
).encode("utf-8")
# FPI's corrected activities: A3 participants 85 -> 90, A7 new.
FPI_V2 = (
    HEADER
    + "A3,FPI,2025-03-10,conference,Yerdan barqaror foydalanish: oʻzbek tajribasi,UZ,students;academics,90,300,4,https://example.org/a3\n"
    + "A7,FPI,2026-04-04,training,Field training,UZ,students,12,12,15,\n"
).encode("utf-8")
KAZNU_WITH_FPI_ROW = (
    HEADER
    + "A1,KAZNU,2024-05-20,workshop,Seminar,KZ,academics,40,130,15,\n"
    + "A3,FPI,2025-03-10,conference,Not ours,UZ,students,85,300,4,\n"
).encode("utf-8")


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory, project) -> DataDir:
    """The tiny dataset, submitted through the command-line path (approved), built once."""
    data_dir = DataDir(tmp_path_factory.mktemp("review-base"))
    files = sorted(p for p in TINY.iterdir() if p.suffix == ".csv")
    result = ingest(data_dir, project, [Source(p.name, p) for p in files], submitted_by="test")
    assert result.all_accepted
    return data_dir


@pytest.fixture()
def data_dir(tiny_base, tmp_path) -> DataDir:
    """A private copy of the tiny installation for one test."""
    target = tmp_path / "data"
    shutil.copytree(tiny_base.root, target)
    return DataDir(target)


@pytest.fixture(scope="module")
def kaznu_pending(tiny_base, tmp_path_factory, project) -> tuple[DataDir, int]:
    """The tiny installation plus KAZNU's corrected activities, uploaded and pending.
    Shared by the tests that only read; the others take a copy (``pending_dir``)."""
    data_dir = DataDir(tmp_path_factory.mktemp("review-pending") / "data")
    shutil.copytree(tiny_base.root, data_dir.root)
    outcome = _upload(data_dir, project)
    assert outcome.status == "accepted"
    return data_dir, outcome.submission_id


@pytest.fixture()
def pending_dir(kaznu_pending, tmp_path) -> tuple[DataDir, int]:
    target = tmp_path / "data"
    shutil.copytree(kaznu_pending[0].root, target)
    return DataDir(target), kaznu_pending[1]


def _value(data_dir: DataDir, project, code: str, viewer=COORD, **filters) -> float | None:
    with warehouse.read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, viewer, Filters(**filters))
    return {v.code: v.actual for v in values}[code]


def _submission(data_dir: DataDir, sid: int):
    return next(s for s in Ledger(data_dir.ledger).submissions() if s.submission_id == sid)


def _upload(data_dir, project, viewer=KAZNU, data=KAZNU_V2, name="kaznu_dissemination.csv", **kw):
    result = review.submit_upload(data_dir, project, viewer, name, data, **kw)
    (outcome,) = result.files
    return outcome


def _tiny_dissemination_id(data_dir: DataDir) -> int:
    return next(
        s.submission_id
        for s in Ledger(data_dir.ledger).submissions()
        if s.template == "dissemination"
    )


# ------------------------------------------------------------------------------ uploads


def test_partner_upload_is_pending_and_counts_only_with_pending(kaznu_pending, project):
    data_dir, sid = kaznu_pending
    sub = _submission(data_dir, sid)
    assert (sub.template, sub.row_count, sub.partners) == ("dissemination", 2, ("KAZNU",))
    assert (sub.state, sub.channel, sub.submitted_by, sub.file_name) == (
        "pending",
        "upload",
        "kaznu-data",
        "kaznu_dissemination.csv",
    )
    # official: tiny's KAZNU reach 120 + 1500; including pending: 130 + 60
    assert _value(data_dir, project, "DIS-3", partner="KAZNU") == 1620
    assert _value(data_dir, project, "DIS-3", partner="KAZNU", basis="with_pending") == 190
    assert _value(data_dir, project, "DIS-3", basis="with_pending") == 26945 - 1620 + 190
    entry = audit.entries(data_dir, COORD, action="upload_accepted")[0]
    assert (entry.who, entry.target) == ("kaznu-data", f"submission {sid}")
    assert entry.detail["sha256"] == hashlib.sha256(KAZNU_V2).hexdigest()
    assert entry.detail["approved"] is False


def test_partner_may_submit_only_its_own_rows(data_dir, project):
    before = Ledger(data_dir.ledger).position()
    outcome = _upload(data_dir, project, data=KAZNU_WITH_FPI_ROW)
    assert outcome.status == "rejected"
    assert [(e.row, e.column, e.value, e.message) for e in outcome.errors] == [
        (
            3,
            "partner_code",
            "FPI",
            "You can submit rows of KAZNU only; remove this row or ask that partner to submit it",
        )
    ]
    assert Ledger(data_dir.ledger).position() == before
    entry = audit.entries(data_dir, COORD, action="upload_rejected")[0]
    assert entry.who == "kaznu-data"
    assert entry.detail["sha256"] == hashlib.sha256(KAZNU_WITH_FPI_ROW).hexdigest()
    assert entry.detail["problems"] == 1


@pytest.mark.parametrize(
    ("viewer", "kwargs", "message"),
    [
        (
            KZ_OFFICE,
            {},
            "Only partners and the coordinator can submit data; this account can only view",
        ),
        (KAZNU, {"approve_now": True}, "Only the coordinator can approve a submission"),
        (
            Viewer("partner", "ghost", "NOPE"),
            {},
            "This partner account is not linked to a configured partner",
        ),
        (Viewer("", "nobody"), {}, "No valid role: sign in with an account that has a role"),
        (
            Viewer("public"),
            {},
            "The public view is switched off: sign in to see the figures",
        ),
    ],
)
def test_who_cannot_upload(data_dir, project, viewer, kwargs, message):
    before = Ledger(data_dir.ledger).position()
    with pytest.raises(AccessDenied) as err:
        _upload(data_dir, project, viewer=viewer, **kwargs)
    assert str(err.value) == message
    assert Ledger(data_dir.ledger).position() == before


def test_public_cannot_upload_even_with_the_public_view_on(data_dir, project):
    public_on = dataclasses.replace(
        project, access=dataclasses.replace(project.access, public_view=True)
    )
    with pytest.raises(AccessDenied) as err:
        _upload(data_dir, public_on, viewer=Viewer("public"))
    assert str(err.value) == (
        "Only partners and the coordinator can submit data; this account can only view"
    )


def test_oversized_upload_is_refused_before_it_is_read(data_dir, project):
    small = dataclasses.replace(
        project, access=dataclasses.replace(project.access, max_upload_mb=1)
    )
    data = b"\x00" * (1024 * 1024 + 1)  # not a readable file: it must not get that far
    before = Ledger(data_dir.ledger).position()
    outcome = _upload(data_dir, small, data=data)
    assert (outcome.status, outcome.template, outcome.rows) == ("rejected", None, 0)
    assert [e.message for e in outcome.errors] == [
        "The file is 1.0 MB; the limit is 1 MB. Split it into several files "
        "(e.g. one per partner or per year) and upload each"
    ]
    assert Ledger(data_dir.ledger).position() == before
    entry = audit.entries(data_dir, COORD, action="upload_rejected")[0]
    assert entry.detail == {
        "reason": "too large",
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": 1024 * 1024 + 1,
    }
    assert _upload(data_dir, small, data=KAZNU_V2).status == "accepted"  # under the limit


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\x\\Desktop\\act.csv", "act.csv"),
        ("/tmp/abs.csv", "abs.csv"),
        ("..", "upload"),
        ("", "upload"),
        (".hidden.csv", "hidden.csv"),
        ("tab\tand\nnewline.csv", "tabandnewline.csv"),
        ("x" * 300 + ".csv", "x" * 120),
    ],
)
def test_display_name_is_never_a_path(name, shown):
    assert review.display_name(name) == shown


def test_uploaded_file_name_does_not_choose_where_anything_is_written(data_dir, project):
    before = set(data_dir.root.parent.rglob("*"))
    outcome = _upload(data_dir, project, name="../../escape.csv")
    assert outcome.status == "accepted"
    assert _submission(data_dir, outcome.submission_id).file_name == "escape.csv"
    created = set(data_dir.root.parent.rglob("*")) - before
    assert created and all(data_dir.root in p.parents for p in created)
    assert not any("escape" in p.name for p in created)


@pytest.mark.parametrize(("approve_now", "state"), [(False, "pending"), (True, "approved")])
def test_coordinator_uploads_on_a_partners_behalf(data_dir, project, approve_now, state):
    outcome = _upload(data_dir, project, viewer=COORD, approve_now=approve_now)
    assert outcome.status == "accepted"
    sub = _submission(data_dir, outcome.submission_id)
    assert (sub.state, sub.submitted_by) == (state, "upv-coord")
    assert _value(data_dir, project, "DIS-3", partner="KAZNU") == (190 if approve_now else 1620)


# ------------------------------------------------------------------------------- review


def test_pending_list_is_scoped(pending_dir, project):
    data_dir, kaznu = pending_dir
    fpi = _upload(data_dir, project, viewer=FPI, data=FPI_V2, name="fpi.csv").submission_id
    assert [s.submission_id for s in review.pending(data_dir, COORD)] == [kaznu, fpi]
    assert [s.submission_id for s in review.pending(data_dir, KAZNU)] == [kaznu]
    assert [s.submission_id for s in review.pending(data_dir, FPI)] == [fpi]
    for viewer in (KZ_OFFICE, Viewer("public"), Viewer("", "x")):
        with pytest.raises(AccessDenied) as err:
            review.pending(data_dir, viewer)
        assert str(err.value) == (
            "Only the coordinator and partners can see submissions under review"
        )


def test_diff_of_activities_against_the_official_rows(kaznu_pending):
    data_dir, sid = kaznu_pending
    d = review.diff_against_current(data_dir, sid)
    assert (d.template, d.partners, d.key) == (
        "dissemination",
        ("KAZNU",),
        ("partner_code", "activity_id"),
    )
    assert d.baseline == (_tiny_dissemination_id(data_dir),)
    assert d.counts() == {"added": 1, "removed": 1, "changed": 1, "unchanged": 0}
    assert [(r["activity_id"], r["participants"], r["reach"]) for r in d.added] == [("A6", 30, 60)]
    assert [(r["activity_id"], r["title"]) for r in d.removed] == [
        ("A2", "Land degradation in Kazakhstan")
    ]
    (change,) = d.changed
    assert (change.key, change.columns, change.old, change.new) == (
        {"partner_code": "KAZNU", "activity_id": "A1"},
        ("reach",),
        {"reach": 120},
        {"reach": 130},
    )


def test_diff_of_enrollments_is_keyed_by_partner_learner_and_module(data_dir, project):
    data = (
        b"partner_code,module_code,learner_id,gender,learner_type,enrolled_on,status,"
        b"completed_on,ects_earned,credential_issued\n"
        b"KAZNU,M-SLM1,K1,F,master,2024-03-01,completed,2024-06-15,5,yes\n"
        b"KAZNU,M-WASTE,K1,F,master,2025-09-01,completed,2026-01-20,3,yes\n"
        b"KAZNU,M-SLM1,K2,M,academic_staff,2024-04-10,completed,2025-07-20,5,no\n"
        b"KAZNU,M-SLM1,K4,F,bachelor,2026-02-02,enrolled,,0,no\n"
    )
    sid = _upload(data_dir, project, data=data, name="enr.csv").submission_id
    d = review.diff_against_current(data_dir, sid)
    assert d.key == ("partner_code", "learner_key", "module_code")
    # K3 (withdrawn, M-CLIM) is gone, K4 is new, K1's M-WASTE is now completed, K1 M-SLM1
    # and K2 are as before. KOKSU's learner K1 is another partner's: not compared.
    assert d.counts() == {"added": 1, "removed": 1, "changed": 1, "unchanged": 2}
    assert [r["module_code"] for r in d.added] == ["M-SLM1"]
    assert [r["module_code"] for r in d.removed] == ["M-CLIM"]
    (change,) = d.changed
    assert change.columns == ("status", "completed_on", "ects_earned", "credential_issued")
    assert (change.old["status"], change.new["status"]) == ("enrolled", "completed")
    assert (change.old["ects_earned"], change.new["ects_earned"]) == (0, 3)
    assert change.key["module_code"] == "M-WASTE"
    assert change.key["learner_key"] not in ("K1", "k1") and len(change.key["learner_key"]) >= 32


def test_diff_of_a_first_submission_adds_everything(data_dir, project):
    data = (HEADER + "B1,UCY,2025-01-01,press,Press note,CY,media,0,500,,\n").encode()
    sid = _upload(
        data_dir, project, viewer=Viewer("partner", "ucy", "UCY"), data=data
    ).submission_id
    d = review.diff_against_current(data_dir, sid)
    assert d.baseline == ()
    assert d.counts() == {"added": 1, "removed": 0, "changed": 0, "unchanged": 0}


def test_diff_of_an_unknown_submission(data_dir):
    with pytest.raises(UsageError, match=r"^Submission 999 does not exist$"):
        review.diff_against_current(data_dir, 999)


def test_approve_makes_the_upload_official_and_is_logged(pending_dir, project):
    data_dir, sid = pending_dir
    old_identity = warehouse.identity(data_dir.warehouse)
    result = review.decide(data_dir, project, COORD, sid, "approved", "thanks")
    assert (result.submission_id, result.decision, result.warnings) == (sid, "approved", ())
    assert result.ledger_position == Ledger(data_dir.ledger).position()
    assert warehouse.identity(data_dir.warehouse) != old_identity
    assert _submission(data_dir, sid).state == "approved"
    assert _value(data_dir, project, "DIS-3", partner="KAZNU") == 190
    assert _value(data_dir, project, "DIS-3") == 26945 - 1620 + 190
    assert _value(data_dir, project, "DIS-2") == 150 + 30
    assert review.pending(data_dir, COORD) == []
    entry = audit.entries(data_dir, COORD, action="approve")[0]
    assert (entry.who, entry.target) == ("upv-coord", f"submission {sid}")
    assert entry.detail["comment"] == "thanks" and entry.detail["partners"] == ["KAZNU"]


def test_return_needs_a_comment_and_drops_the_pending_rows(pending_dir, project):
    data_dir, sid = pending_dir
    for empty in (None, "", "   "):
        with pytest.raises(UsageError) as err:
            review.decide(data_dir, project, COORD, sid, "returned", empty)
        assert str(err.value) == (
            "Say what to fix when returning a submission: the comment is shown to the partner"
        )
    review.decide(data_dir, project, COORD, sid, "returned", "A6 has no evidence URL")
    sub = _submission(data_dir, sid)
    assert (sub.state, sub.comment, sub.state_by) == (
        "returned",
        "A6 has no evidence URL",
        "upv-coord",
    )
    assert _value(data_dir, project, "DIS-3", partner="KAZNU", basis="with_pending") == 1620
    assert audit.entries(data_dir, COORD, action="return")[0].detail["comment"] == (
        "A6 has no evidence URL"
    )


def test_decisions_are_the_coordinators_and_only_once(pending_dir, project):
    data_dir, sid = pending_dir
    for viewer in (KAZNU, KZ_OFFICE):
        with pytest.raises(AccessDenied) as err:
            review.decide(data_dir, project, viewer, sid, "approved")
        assert str(err.value) == "Only the coordinator can approve or return submissions"
    with pytest.raises(
        UsageError, match=r"^Unknown decision 'ok'; use one of: approved, returned$"
    ):
        review.decide(data_dir, project, COORD, sid, "ok")
    with pytest.raises(UsageError, match=r"^Submission 999 does not exist$"):
        review.decide(data_dir, project, COORD, 999, "approved")
    review.decide(data_dir, project, COORD, sid, "approved")
    with pytest.raises(StoreError) as err:
        review.decide(data_dir, project, COORD, sid, "returned", "too late")
    assert str(err.value) == (
        f"Submission {sid} is already approved; only pending submissions can be approved "
        "or returned"
    )
    assert [e.action for e in audit.entries(data_dir, COORD)].count("approve") == 1


def test_approving_enrollments_before_their_module_warns(data_dir, project):
    modules = (
        "module_code,title,lead_partner_code,partner_codes,work_package,sdg_goals,ects,"
        "eqf_level,language,delivery_mode,status,micro_credential,learning_outcomes,"
        "assessment_type,quality_assurance,available_from,catalog_url\n"
        "M-SLM1,Жерді тұрақты басқару,KAZNU,KOKSU,WP4,4;15,5,6,kk;ru,blended,delivered,yes,"
        "Plan land use for degraded soils,written exam,university senate approval,2024-02-01,\n"
        "M-NEW,Rangeland basics,KAZNU,,WP4,15,2,6,kk,online,piloted,no,,,,,\n"
    ).encode()
    enrollments = (
        b"partner_code,module_code,learner_id,gender,learner_type,enrolled_on,status,"
        b"completed_on,ects_earned,credential_issued\n"
        b"KAZNU,M-NEW,K9,F,master,2026-03-01,completed,2026-05-01,2,no\n"
    )
    assert _upload(data_dir, project, data=modules, name="m.csv").status == "accepted"
    sid = _upload(data_dir, project, data=enrollments, name="e.csv").submission_id
    result = review.decide(data_dir, project, COORD, sid, "approved")
    assert result.warnings == (
        "Module(s) M-NEW are not approved yet: approve the modules submission too, "
        "otherwise these enrollments count without their SDGs",
    )


# ---------------------------------------------------------------- pending data and scope


def test_national_office_asking_for_pending_gets_official_figures(kaznu_pending, project):
    data_dir, _sid = kaznu_pending
    for basis in ("official", "with_pending"):
        assert _value(data_dir, project, "DIS-3", KZ_OFFICE, partner="KAZNU", basis=basis) == 1620


def test_partner_sees_its_own_pending_upload(kaznu_pending, project):
    data_dir, _sid = kaznu_pending
    got = _value(data_dir, project, "DIS-3", KAZNU, partner="KAZNU", basis="with_pending")
    assert got == 190


def test_other_partners_pending_uploads_do_not_show_in_consortium_totals(kaznu_pending, project):
    data_dir, _sid = kaznu_pending  # KAZNU's upload is pending
    assert _value(data_dir, project, "DIS-3", FPI, basis="with_pending") == 26945


# ------------------------------------------------------------------------- concurrency


@pytest.mark.slow
def test_two_partners_upload_at_once_while_a_reader_keeps_reading(data_dir, project):
    done = threading.Event()
    errors: list[BaseException] = []
    outcomes: dict[str, str] = {}
    reads = [0]

    def reader() -> None:
        while not done.is_set():
            try:
                _value(data_dir, project, "DIS-3", basis="with_pending")
                reads[0] += 1
            except BaseException as exc:
                errors.append(exc)
                return

    def upload(viewer: Viewer, data: bytes) -> None:
        try:
            outcomes[viewer.partner] = _upload(data_dir, project, viewer=viewer, data=data).status
        except BaseException as exc:
            errors.append(exc)

    watcher = threading.Thread(target=reader)
    watcher.start()
    uploads = [
        threading.Thread(target=upload, args=(KAZNU, KAZNU_V2)),
        threading.Thread(target=upload, args=(FPI, FPI_V2)),
    ]
    for t in uploads:
        t.start()
    for t in uploads:
        t.join()
    done.set()
    watcher.join()
    assert errors == []
    assert outcomes == {"KAZNU": "accepted", "FPI": "accepted"}
    assert reads[0] > 0
    assert [s.partners for s in review.pending(data_dir, COORD)] in (
        [("KAZNU",), ("FPI",)],
        [("FPI",), ("KAZNU",)],
    )
    # both uploads are in the last build: tiny 26945, KAZNU -1620 +190, FPI +12
    assert _value(data_dir, project, "DIS-3", basis="with_pending") == 26945 - 1620 + 190 + 12
    assert _value(data_dir, project, "DIS-2", basis="with_pending") == 150 + 30 + 5 + 12


# ------------------------------------------------------------------------- the command


def test_review_command(pending_dir, capsys, project):
    data_dir, sid = pending_dir
    root = str(data_dir.root)
    Accounts(data_dir, project).add("upv-coord", "coordinator", "a long enough passphrase")
    assert main(["review", "list", "--data-dir", root]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"#{sid:<5} dissemination  KAZNU") and "by kaznu-data" in out
    assert main(["review", "diff", str(sid), "--data-dir", root]) == 0
    out = capsys.readouterr().out.splitlines()
    base = _tiny_dissemination_id(data_dir)
    assert out == [
        f"submission #{sid} (dissemination, KAZNU) against #{base}: 1 added, 1 removed, "
        "1 changed, 0 unchanged",
        "  + partner_code=KAZNU, activity_id=A6",
        "  - partner_code=KAZNU, activity_id=A2",
        "  ~ partner_code=KAZNU, activity_id=A1  reach: 120 -> 130",
    ]
    with pytest.raises(SystemExit) as exc:
        main(["review", "return", str(sid), "--data-dir", root])
    assert exc.value.code == 2
    capsys.readouterr()
    assert main(["review", "approve", str(sid), "--by", "upv-coord", "--data-dir", root]) == 0
    assert capsys.readouterr().out.startswith(f"submission #{sid} approved; warehouse rebuilt")
    assert main(["review", "approve", str(sid), "--data-dir", root]) == 1
    assert "is already approved" in capsys.readouterr().err
