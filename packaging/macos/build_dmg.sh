#!/bin/bash
# Build ModelHub.app and a drag-to-Applications .dmg on macOS, then smoke-test the app inside it.
#
#   bash packaging/macos/build_dmg.sh        (in the project venv: pip install -e '.[packaging]')
#
# Output: packaging/dist/ModelHub.app and packaging/dist/modelhub-<version>-macos-<arch>.dmg
#
# Set MODELHUB_CODESIGN_IDENTITY to sign the app (modelhub.spec passes it to PyInstaller);
# notarisation (xcrun notarytool) is a separate, credentialed step not done here.
#
# NOT RUN on the Linux machines this project is developed on; .github/workflows/release.yml runs
# it on a macOS runner. See packaging/README.md.
set -euo pipefail

cd "$(dirname "$0")/../.."
python=${PYTHON:-python}
version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(uname -m)
dist=packaging/dist
app="$dist/ModelHub.app"
dmg="$dist/modelhub-$version-macos-$arch.dmg"

# PyInstaller (the spec's BUNDLE step makes ModelHub.app) and the smoke test of the folder build.
"$python" packaging/build.py

[ -x "$app/Contents/MacOS/modelhub" ] || { echo "build_dmg.sh: $app was not built" >&2; exit 1; }

# Stage the .dmg contents: the app and a link to /Applications to drag it onto.
stage=$(mktemp -d)
trap 'rm -rf "$stage"; [ -n "${mnt:-}" ] && hdiutil detach "$mnt" -quiet || true' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "ModelHub $version" -srcfolder "$stage" -fs HFS+ -format UDZO \
    -imagekey zlib-level=9 "$dmg"

# Smoke-test the app as a user gets it: from the mounted image.
mnt=$(mktemp -d)
hdiutil attach "$dmg" -mountpoint "$mnt" -nobrowse -readonly -quiet
"$python" packaging/smoke_test.py "$mnt/ModelHub.app/Contents/MacOS/modelhub"
hdiutil detach "$mnt" -quiet
mnt=

echo "built $dmg"
