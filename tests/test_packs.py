"""Routine packs: a routine travels with its pictures, and a hostile pack writes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import random
import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.cli.main import EXIT_EXISTS, EXIT_INVALID, EXIT_OK, main
from stretchapp.core.model import HoldLength, Phase, Side
from stretchapp.core.timeline import build_timeline
from stretchapp.routines import packs
from stretchapp.routines.library import load_library
from stretchapp.storage import paths

CLINIC = """\
title: From the clinic
author: Ann Smith
reviewed_by: Bo Jensen, physiotherapist
source: A neck pain leaflet
contraindications: [Neck surgery in the last six months.]
prepare: 3
rest: 4
exercises:
  - name: Side tilt
    image: pics/tilt.svg
    sides: both
    order: alternate
    reps: 2
    hold: [15, 30]
    steps: ["Tilt your head toward your {side} shoulder."]
  - name: Chin tuck
    image: chin-tuck.svg
    hold: 5
    steps: [Sit tall and draw your chin back.]
"""
SVG = (resources.images_dir() / "neck-tilt.svg").read_bytes()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def user_folder() -> Path:
    return paths.user_routines_dir()


def write_clinic() -> Path:
    folder = user_folder()
    (folder / "pics").mkdir(parents=True)
    (folder / "pics" / "tilt.svg").write_bytes(SVG)
    routine = folder / "clinic.yaml"
    routine.write_text(CLINIC, encoding="utf-8")
    return routine


def files_in(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def plays(phases: tuple[Phase, ...]) -> list[tuple[Phase, bytes | None]]:
    """Each phase without where its picture lies on disk, with the picture's bytes instead."""
    return [(p._replace(image=None), p.image.read_bytes() if p.image is not None else None) for p in phases]


def new_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    home = tmp_path / name
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    return home


# -- the round trip -----------------------------------------------------------------------


def test_a_pack_from_one_home_plays_the_same_in_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    new_home(tmp_path, monkeypatch, "ann")
    write_clinic()
    original = load_library().get("clinic")
    assert original is not None
    pack = tmp_path / "clinic.stretchpack"
    assert main(["pack", "export", "clinic", str(pack)]) == EXIT_OK
    assert "wrote" in capsys.readouterr().out

    new_home(tmp_path, monkeypatch, "bo")
    assert main(["pack", "import", str(pack)]) == EXIT_OK
    out = capsys.readouterr()
    assert "imported clinic" in out.out and out.err == ""
    imported = load_library().get("clinic")
    assert imported is not None and imported.origin == "user"
    assert imported.path.parent == user_folder()
    for hold in HoldLength:
        for side in Side:
            before = build_timeline(original.routine, hold_length=hold, first_side=side).phases
            after = build_timeline(imported.routine, hold_length=hold, first_side=side).phases
            assert plays(after) == plays(before)
    # The bundled picture stays the app's own; the routine's own one came with the pack.
    assert imported.routine.exercises[0].image == (user_folder() / "pics" / "tilt.svg").resolve()
    assert imported.routine.exercises[1].image == (resources.images_dir() / "chin-tuck.svg").resolve()
    assert imported.routine.author == "Ann Smith"
    assert imported.routine.contraindications == ("Neck surgery in the last six months.",)


def test_a_pack_holds_the_routine_its_own_pictures_and_a_manifest(tmp_path: Path) -> None:
    data = packs.build_pack(write_clinic())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["clinic.yaml", "manifest.json", "pics/tilt.svg"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["pack_format"] == packs.PACK_FORMAT and manifest["routine"] == "clinic"
    assert {f["name"]: (f["size"], f["sha256"]) for f in manifest["files"]} == {
        "clinic.yaml": (len(CLINIC.encode()), hashlib.sha256(CLINIC.encode()).hexdigest()),
        "pics/tilt.svg": (len(SVG), hashlib.sha256(SVG).hexdigest()),
    }
    assert packs.build_pack(user_folder() / "clinic.yaml") == data  # the same routine, the same bytes


def test_a_bundled_routine_exports_and_imports_under_a_new_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "neck.stretchpack"
    assert main(["pack", "export", "neck-relief", str(pack)]) == EXIT_OK
    assert main(["pack", "import", str(pack)]) == EXIT_EXISTS  # the bundled one has that id
    assert files_in(user_folder()) == {}
    assert main(["pack", "import", str(pack), "--as", "my-neck"]) == EXIT_OK
    library = load_library()
    mine, bundled = library.get("my-neck"), library.get("neck-relief")
    assert mine is not None and bundled is not None
    assert plays(build_timeline(mine.routine).phases) == plays(build_timeline(bundled.routine).phases)


def test_an_existing_id_is_replaced_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "clinic.stretchpack"
    packs.export_pack(write_clinic(), pack)
    (user_folder() / "clinic.yaml").write_text(CLINIC.replace("hold: 5", "hold: 9"), encoding="utf-8")
    before = files_in(user_folder())
    capsys.readouterr()
    assert main(["pack", "import", str(pack)]) == EXIT_EXISTS
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--replace" in err and "clinic" in err
    assert files_in(user_folder()) == before
    assert main(["pack", "import", str(pack), "--replace"]) == EXIT_OK
    assert (user_folder() / "clinic.yaml").read_text(encoding="utf-8") == CLINIC
    assert "hold: 9" in (user_folder() / "clinic.yaml~").read_text(encoding="utf-8")


def test_a_different_picture_of_the_same_name_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "clinic.stretchpack"
    packs.export_pack(write_clinic(), pack)
    (user_folder() / "clinic.yaml").unlink()
    (user_folder() / "pics" / "tilt.svg").write_bytes(SVG.replace(b"<svg", b"<svg data-x='1'", 1))
    before = files_in(user_folder())
    assert main(["pack", "import", str(pack)]) == EXIT_EXISTS
    assert "different picture 'pics/tilt.svg'" in capsys.readouterr().err
    assert files_in(user_folder()) == before


def test_a_link_in_the_routine_folder_is_not_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "clinic.stretchpack"
    packs.export_pack(write_clinic(), pack)
    (user_folder() / "clinic.yaml").unlink()
    (user_folder() / "pics" / "tilt.svg").unlink()
    (user_folder() / "pics").rmdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (user_folder() / "pics").symlink_to(elsewhere)
    assert main(["pack", "import", str(pack)]) == EXIT_INVALID
    assert "through a link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


# -- hostile packs ------------------------------------------------------------------------

ROUTINE = b"title: T\nexercises:\n  - name: Tilt\n    image: pics/tilt.svg\n    hold: 5\n    steps: [Tilt.]\n"


def entry(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def hostile(
    tmp_path: Path,
    members: dict[str, bytes] | list[tuple[zipfile.ZipInfo | str, bytes]],
    *,
    listed: dict[str, bytes] | None = None,
    routine_id: str = "t",
) -> Path:
    """A pack of ``members`` whose manifest lists ``listed`` (default: the members) truthfully."""
    items = list(members.items()) if isinstance(members, dict) else members
    files = listed if listed is not None else {(i if isinstance(i, str) else i.filename): b for i, b in items}
    manifest = {
        "pack_format": 1,
        "app_version": "test",
        "routine": routine_id,
        "files": [
            {"name": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in files.items()
        ],
    }
    path = tmp_path / "hostile.stretchpack"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of duplicate names, which one test needs
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(entry("manifest.json"), json.dumps(manifest))
            for item, body in items:
                archive.writestr(entry(item) if isinstance(item, str) else item, body)
    return path


def refused(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """The one line an import of ``path`` is refused with; nothing is written."""
    capsys.readouterr()
    before = files_in(user_folder())
    code = main(["pack", "import", str(path), *args])
    out = capsys.readouterr()
    assert (code, out.out) == (EXIT_INVALID, "")
    assert out.err.count("\n") == 1 and out.err.startswith("stretchapp: refused "), out.err
    assert files_in(user_folder()) == before
    return out.err.split(f"{path}: ", 1)[1]  # the reason alone: the path holds the test's name


def test_a_good_hand_made_pack_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The hostile packs below differ from this one in one way each."""
    pack = hostile(tmp_path, {"t.yaml": ROUTINE, "pics/tilt.svg": SVG})
    assert main(["pack", "import", str(pack)]) == EXIT_OK
    assert files_in(user_folder()) == {"t.yaml": ROUTINE, "pics/tilt.svg": SVG}


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../x.yaml", "leads out of the folder"),
        ("pics/../../x.svg", "leads out of the folder"),
        ("/etc/x", "absolute path"),
        ("C:/x.svg", "names a drive"),
        ("pics\\x.svg", "backslash"),
        (".hidden.svg", "hidden file"),
        ("pics//x.svg", "empty part"),
        ("a/b/c/d/e.svg", "folders deep"),
    ],
)
def test_an_unsafe_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, reason: str
) -> None:
    pack = hostile(tmp_path, {"t.yaml": ROUTINE, "pics/tilt.svg": SVG, name: SVG})
    assert reason in refused(pack, capsys)


def test_a_symlink_entry_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = entry("pics/tilt.svg", stat.S_IFLNK | 0o777)
    pack = hostile(tmp_path, [("t.yaml", ROUTINE), (link, b"/etc/passwd")])
    assert "is a link, a folder or a special file" in refused(pack, capsys)


def test_a_folder_entry_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = hostile(
        tmp_path, [("t.yaml", ROUTINE), ("pics/tilt.svg", SVG), (entry("pics/", stat.S_IFDIR | 0o755), b"")]
    )
    assert "empty part" in refused(pack, capsys)


def test_a_name_given_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = hostile(tmp_path, [("t.yaml", ROUTINE), ("pics/tilt.svg", SVG), ("pics/TILT.svg", SVG)])
    assert "twice" in refused(pack, capsys)


def test_an_oversize_member_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    noise = random.Random(1).randbytes(packs.MAX_PICTURE_BYTES)  # does not compress: no bomb
    routine = ROUTINE.replace(b"pics/tilt.svg", b"big.png")
    pack = hostile(tmp_path, {"t.yaml": routine, "big.png": PNG + noise})
    assert "more than the limit of 8,388,608" in refused(pack, capsys)


def test_an_oversize_routine_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filler = (
        b"#" + random.Random(2).randbytes(packs.MAX_ROUTINE_BYTES).hex().encode()[: packs.MAX_ROUTINE_BYTES]
    )
    pack = hostile(tmp_path, {"t.yaml": ROUTINE + filler + b"\n", "pics/tilt.svg": SVG})
    assert "more than the limit of 1,048,576" in refused(pack, capsys)


def test_too_many_entries_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = {"t.yaml": ROUTINE, "pics/tilt.svg": SVG} | {f"p{n}.svg": SVG for n in range(packs.MAX_ENTRIES)}
    assert "more than the limit of 64" in refused(hostile(tmp_path, members), capsys)


def test_an_end_record_claiming_too_many_entries_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claims.stretchpack"
    path.write_bytes(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1000, 1000, 0, 0, 0))
    assert "has 1000 entries, more than the limit of 64" in refused(path, capsys)


def test_too_many_bytes_in_all_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(3)
    four_letters = bytes(range(256)).translate(bytes(b & 3 for b in range(256)))
    # Four symbols pack about four to one: a small pack file, no bomb, 35 MiB unpacked.
    pictures = {f"p{n}.png": PNG + rng.randbytes(7 * 1024 * 1024).translate(four_letters) for n in range(5)}
    assert "add up to more than 32 MiB" in refused(hostile(tmp_path, {"t.yaml": ROUTINE, **pictures}), capsys)


def test_a_zip_bomb_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zeros = PNG + bytes(4 * 1024 * 1024)  # a few kilobytes packed, under the size limit unpacked
    routine = ROUTINE.replace(b"pics/tilt.svg", b"zeros.png")
    pack = hostile(tmp_path, {"t.yaml": routine, "zeros.png": zeros})
    assert pack.stat().st_size < len(zeros) / packs.MAX_RATIO
    assert "zip bomb" in refused(pack, capsys)


def test_a_bad_checksum_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tampered = SVG.replace(b"<svg", b"<svg onload='x'", 1)
    pack = hostile(
        tmp_path,
        {"t.yaml": ROUTINE, "pics/tilt.svg": tampered},
        listed={"t.yaml": ROUTINE, "pics/tilt.svg": SVG},
    )
    assert "'pics/tilt.svg' does not match its checksum" in refused(pack, capsys)


def test_a_member_the_manifest_does_not_list_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = hostile(tmp_path, {"t.yaml": ROUTINE, "pics/tilt.svg": SVG}, listed={"t.yaml": ROUTINE})
    assert "does not list" in refused(pack, capsys)


def test_a_broken_routine_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = hostile(tmp_path, {"t.yaml": ROUTINE.replace(b"hold: 5", b"hold: 5000"), "pics/tilt.svg": SVG})
    assert "t.yaml:5:11: 'hold' is 5000, outside 1..600" in refused(pack, capsys)


def test_a_routine_needing_a_picture_the_pack_lacks_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_folder() / "pics").mkdir(parents=True)
    (user_folder() / "pics" / "tilt.svg").write_bytes(SVG)  # the person's own copy does not count
    assert "picture 'pics/tilt.svg' was not found" in refused(hostile(tmp_path, {"t.yaml": ROUTINE}), capsys)


@pytest.mark.parametrize(
    ("name", "body"),
    [("pics/tilt.svg", b"#!/bin/sh\necho hello\n"), ("pics/tilt.png", SVG), ("pics/tilt.jpg", PNG)],
)
def test_a_picture_that_is_not_a_picture_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, body: bytes
) -> None:
    routine = ROUTINE.replace(b"pics/tilt.svg", name.encode())
    pack = hostile(tmp_path, {"t.yaml": routine, name: body})
    assert f"'{name}' is not a" in refused(pack, capsys)


def test_an_svg_with_entities_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol">]><svg>&a;</svg>'
    pack = hostile(tmp_path, {"t.yaml": ROUTINE, "pics/tilt.svg": laughs})
    assert "is not a SVG picture" in refused(pack, capsys)


def test_a_picture_the_routine_does_not_use_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = hostile(tmp_path, {"t.yaml": ROUTINE, "pics/tilt.svg": SVG, "extra.svg": SVG})
    assert "'extra.svg', a picture its routine does not use" in refused(pack, capsys)


def test_a_file_of_another_kind_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = hostile(tmp_path, {"t.yaml": ROUTINE, "pics/tilt.svg": SVG, "run.sh": b"echo hi\n"})
    assert "neither the routine, a translation nor a picture" in refused(pack, capsys)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a readable zip file"),
        (b"title: T\n", "not a readable zip file"),
        (b"PK\x05\x06" + bytes(18), "has no manifest.json"),
    ],
)
def test_what_is_not_a_pack_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, reason: str
) -> None:
    path = tmp_path / "not.stretchpack"
    path.write_bytes(data)
    assert reason in refused(path, capsys)


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        (b"[1, 2]", "not a JSON object"),
        (b"{not json", "not valid JSON"),
        (json.dumps({"pack_format": 2}).encode(), "this stretchapp reads format 1"),
        (json.dumps({"pack_format": 1, "routine": "../t", "files": []}).encode(), "not a usable id"),
    ],
)
def test_a_bad_manifest_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest: bytes, reason: str
) -> None:
    path = tmp_path / "bad.stretchpack"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(entry("manifest.json"), manifest)
        archive.writestr(entry("t.yaml"), ROUTINE)
    assert reason in refused(path, capsys)


def test_a_picture_named_with_dots_is_not_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routine = write_clinic()
    (user_folder() / "pics" / "sub").mkdir()
    routine.write_text(CLINIC.replace("pics/tilt.svg", "pics/sub/../tilt.svg"), encoding="utf-8")
    out = tmp_path / "clinic.stretchpack"
    assert main(["pack", "export", "clinic", str(out)]) == EXIT_INVALID
    assert "cannot go in a pack" in capsys.readouterr().err
    assert not out.exists()
