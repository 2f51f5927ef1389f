"""The test run's own scheduling under pytest-xdist: each worker hands its groups over in files of its own."""

from __future__ import annotations

from conftest import groups_files


def test_each_worker_writes_its_groups_through_a_file_of_its_own(tmp_path):
    # Both workers once wrote "groups.part" and renamed it: the slower one's rename found nothing
    # and the whole run stopped at collection with an INTERNALERROR.
    prefix = str(tmp_path / "groups")
    files = [groups_files(prefix, worker) for worker in ("gw0", "gw1")]
    assert [(out.name, part.name) for out, part in files] == [
        ("groups.gw0", "groups.gw0.part"), ("groups.gw1", "groups.gw1.part")]
