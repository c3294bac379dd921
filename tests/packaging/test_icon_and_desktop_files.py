"""The icon and the Linux desktop files a packager installs, checked from source."""

from __future__ import annotations

import configparser
import struct
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import __version__
from app.resources import ICON_SIZES, app_icon, icon_path

ROOT = Path(__file__).resolve().parents[2]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", ICON_SIZES)
def test_every_icon_size_is_a_png_of_that_size(size: int) -> None:
    assert png_size(icon_path(size)) == (size, size)


def test_a_size_between_two_renders_gets_the_larger_one() -> None:
    assert icon_path(20).name == "presence-24.png"
    assert icon_path(4096).name == "presence-512.png"


def test_the_bundled_svg_is_the_source_svg() -> None:
    # Editing resources/icons/presence.svg without running packaging/render_icons.py
    # would ship the old icon.
    source = ROOT / "resources" / "icons" / "presence.svg"
    assert icon_path().read_bytes() == source.read_bytes()


def test_windows_and_macos_icons_hold_the_large_sizes() -> None:
    ico = (ROOT / "resources" / "icons" / "presence.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sides = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sides
    icns = (ROOT / "resources" / "icons" / "presence.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic10" in icns  # 512 pt @2x, what Finder and the Dock use on a Retina screen


def test_app_icon_offers_every_size(qapp: object) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)


def test_desktop_file_launches_the_installed_command_with_the_metainfo_icon() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(ROOT / "resources" / "presence.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert entry["Exec"].split()[0] in scripts
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"

    meta = ET.parse(ROOT / "resources" / "io.presence.Presence.metainfo.xml").getroot()
    assert meta.findtext("launchable") == "presence.desktop"
    assert meta.findtext("icon") == entry["Icon"] == meta.findtext("id")
    assert meta.findtext("provides/binary") == entry["Exec"].split()[0]


def test_metainfo_names_this_version_as_the_latest_release() -> None:
    meta = ET.parse(ROOT / "resources" / "io.presence.Presence.metainfo.xml").getroot()
    release = meta.find("releases/release")
    assert release is not None
    assert release.get("version") == __version__
