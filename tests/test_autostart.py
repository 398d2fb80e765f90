"""Start at login: the autostart entry's contents, writing it atomically, and removing it."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from stretchapp.appid import APP_ID
from stretchapp.core import i18n
from stretchapp.platform import autostart
from stretchapp.storage import fileio, paths


def parse(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def exec_argv(value: str) -> list[str]:
    """Undo the Desktop Entry escapes (string, then Exec quoting) the way a session manager would."""
    text = value.replace("\\\\", "\\")
    args: list[str] = []
    current, quoted, i = "", False, 0
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\" and text[i + 1] in '"`$\\':
            current, i = current + text[i + 1], i + 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == " " and not quoted:
            args.append(current)
            current = ""
        else:
            current += ch
        i += 1
    args.append(current)
    return [arg.replace("%%", "%") for arg in args]


def test_enable_writes_a_background_entry_in_the_autostart_folder() -> None:
    path = autostart.enable(["/usr/bin/stretchapp"])
    assert path == paths.autostart_dir() / f"{APP_ID}.desktop"
    entry = parse(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "stretchapp"
    assert entry["Comment"]
    assert entry["Exec"] == "/usr/bin/stretchapp --background"
    assert entry["Terminal"] == "false"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Icon"]
    assert autostart.is_enabled()


def test_the_icon_is_the_apps_own() -> None:
    entry = parse(autostart.enable(["stretchapp"]))
    assert entry["Icon"] == APP_ID


def legacy_entry() -> Path:
    """The file name versions before the reverse-DNS id wrote."""
    path = paths.autostart_dir() / "stretchapp.desktop"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[Desktop Entry]\nType=Application\nName=stretchapp\nExec=stretchapp --background\n", encoding="utf-8"
    )
    return path


def test_enabling_after_an_upgrade_leaves_one_entry_not_two() -> None:
    old = legacy_entry()
    new = autostart.enable(["stretchapp"])
    assert [p.name for p in paths.autostart_dir().iterdir()] == [new.name]
    assert not old.exists()


def test_an_entry_from_an_earlier_version_counts_and_is_disabled_too() -> None:
    old = legacy_entry()
    assert autostart.is_enabled()
    assert autostart.disable() is True
    assert not old.exists()
    assert not autostart.is_enabled()


def test_a_command_with_spaces_and_specials_survives_the_round_trip() -> None:
    command = ["/home/ann smith/.venv/bin/python", "-m", "stretchapp", "100%", 'say "hi" $HOME \\ end']
    entry = parse(autostart.enable(command))
    assert exec_argv(entry["Exec"]) == [*command, "--background"]


def test_the_default_command_starts_this_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autostart.shutil, "which", lambda name: None)
    argv = exec_argv(parse(autostart.enable())["Exec"])
    assert argv[1:] == ["-m", "stretchapp", "--background"]


def test_disable_removes_the_entry_and_says_whether_there_was_one() -> None:
    autostart.enable(["stretchapp"])
    assert autostart.disable() is True
    assert not autostart.is_enabled()
    assert autostart.disable() is False


def test_a_crash_while_writing_leaves_the_old_entry_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    path = autostart.enable(["/opt/old/stretchapp"])
    before = path.read_text(encoding="utf-8")

    def crash(source: Path, target: Path) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(fileio, "_replace", crash)
    with pytest.raises(OSError):
        autostart.enable(["/opt/new/stretchapp"])
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in path.parent.iterdir()] == [f"{APP_ID}.desktop"]


def test_apply_follows_the_setting() -> None:
    autostart.apply(True)
    assert autostart.is_enabled()
    autostart.apply(False)
    assert not autostart.is_enabled()


def test_the_entry_describes_the_app_in_the_chosen_language_too() -> None:
    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    try:
        entry = parse(autostart.enable(["stretchapp"]))
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)
    tag = i18n.PSEUDO_LANGUAGE
    assert entry["GenericName"] == autostart.GENERIC_NAME  # the English the desktop falls back to
    assert entry[f"GenericName[{tag}]"] == i18n.pseudo(autostart.GENERIC_NAME)
    assert entry[f"Comment[{tag}]"] == i18n.pseudo(autostart.COMMENT)


def test_in_english_the_entry_has_no_translated_keys() -> None:
    entry = parse(autostart.enable(["stretchapp"]))
    assert not [key for key in entry if "[" in key]
