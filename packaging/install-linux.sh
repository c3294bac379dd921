#!/usr/bin/env bash
# Install the built bundle for one user, the freedesktop way (no root needed):
#   PREFIX/lib/presence/          the bundle (dist/presence)
#   PREFIX/bin/presence           a link to it, for the command line
#   PREFIX/share/applications/presence.desktop, icons (hicolor), metainfo
#     packaging/install-linux.sh [--uninstall]      PREFIX defaults to ~/.local
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-$HOME/.local}
APP_ID=io.presence.Presence
LIB="$PREFIX/lib/presence"
SHARE="$PREFIX/share"

remove() {
  rm -rf "$LIB"
  rm -f "$PREFIX/bin/presence" "$SHARE/applications/presence.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
  rm -f "$SHARE"/icons/hicolor/*/apps/"$APP_ID".png "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
}

if [ "${1:-}" = "--uninstall" ]; then
  remove
  echo "removed Presence from $PREFIX (your database in ~/.local/share/Presence is kept)"
  exit 0
fi
if [ ! -x dist/presence/presence ]; then
  echo "install-linux.sh: no bundle in dist/presence; build it first with ./dev bundle" >&2
  exit 2
fi

remove
mkdir -p "$LIB" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo" "$SHARE/icons/hicolor/scalable/apps"
cp -a dist/presence/. "$LIB/"
ln -s "$LIB/presence" "$PREFIX/bin/presence"
# The menu entry names the installed program by its full path: ~/.local/bin is not always on PATH.
sed -e "s|^Exec=presence|Exec=$LIB/presence|" -e "s|^TryExec=presence|TryExec=$LIB/presence|" \
  resources/presence.desktop >"$SHARE/applications/presence.desktop"
cp resources/$APP_ID.metainfo.xml "$SHARE/metainfo/"
cp app/resources/icons/presence.svg "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in app/resources/icons/presence-*.png; do
  size=${png##*-}; size=${size%.png}
  mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
# Refresh the menu and icon caches where the tools exist; desktops also notice on their own.
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "installed Presence $("$LIB/presence" --version | cut -d' ' -f2) in $PREFIX: run 'presence' or find it in the menu"
