"""Unsaved editor text survives a crash as a recovery draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchapp.storage import drafts, paths


def test_a_draft_round_trips(tmp_path: Path) -> None:
    original = tmp_path / "neck.yaml"
    drafts.write_draft(original, "title: Neck – ünïcode\n")
    draft = drafts.read_draft(original)
    assert draft is not None
    assert draft.original == original.absolute()
    assert draft.text == "title: Neck – ünïcode\n"
    assert draft.saved_at.tzinfo is not None


def test_a_newer_draft_replaces_the_older_one(tmp_path: Path) -> None:
    original = tmp_path / "neck.yaml"
    drafts.write_draft(original, "one")
    drafts.write_draft(original, "two")
    assert [d.text for d in drafts.list_drafts()] == ["two"]


def test_files_with_the_same_name_in_different_folders_keep_separate_drafts(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "r.yaml", tmp_path / "b" / "r.yaml"
    drafts.write_draft(a, "from a")
    drafts.write_draft(b, "from b")
    assert {(d.original, d.text) for d in drafts.list_drafts()} == {(a, "from a"), (b, "from b")}


def test_discarding_removes_the_draft_and_is_quiet_when_there_is_none(tmp_path: Path) -> None:
    original = tmp_path / "r.yaml"
    drafts.discard_draft(original)
    drafts.write_draft(original, "text")
    drafts.discard_draft(original)
    assert drafts.read_draft(original) is None
    assert drafts.list_drafts() == []


def test_a_corrupt_draft_is_skipped_and_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    drafts.write_draft(tmp_path / "good.yaml", "kept")
    paths.drafts_dir().mkdir(parents=True, exist_ok=True)
    (paths.drafts_dir() / "broken-00000000.json").write_text("{not json", encoding="utf-8")
    (paths.drafts_dir() / "partial-00000001.json").write_text('{"path": "x"}', encoding="utf-8")
    assert [d.text for d in drafts.list_drafts()] == ["kept"]
    assert "unreadable draft" in caplog.text
