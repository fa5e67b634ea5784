#!/bin/sh
# Install the .deb for real, start the window on a real X server (Xvfb, through Qt's xcb plugin
# and the system libraries from Depends), then purge it and check nothing is left behind.
#
#   sudo packaging/linux/install_test.sh packaging/dist/modelhub_<version>_<arch>.deb
#
# Needs root and apt (it installs the package's Depends and xvfb). CI runs it on a throwaway
# runner; on a developer machine it leaves xvfb installed and removes only what modelhub pulled in
# automatically (apt-get autoremove).
set -eu

deb=$(realpath "$1")
[ "$(id -u)" -eq 0 ] || { echo "install_test.sh: run as root (sudo)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

fail() { echo "install_test.sh: FAIL: $*" >&2; exit 1; }

apt-get install -y -qq xvfb xauth >/dev/null
apt-get install -y -qq "$deb" >/dev/null
echo "installed: $(dpkg-query -W -f='${Package} ${Version} ${Status}' modelhub)"

[ "$(command -v modelhub)" = /usr/bin/modelhub ] || fail "modelhub is not on PATH as /usr/bin/modelhub"
modelhub --version

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
listed=$(mktemp)
dpkg -L modelhub | sort > "$listed"

# The real display path: xcb platform plugin against the system's X libraries.
MODELHUB_HOME="$home" ENCRYPTION_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') \
    PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring QT_QPA_PLATFORM=xcb \
    xvfb-run -a modelhub --smoke-test || fail "the window did not start on Xvfb (xcb)"
MODELHUB_HOME="$home" PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
    modelhub --json workspaces list >/dev/null || fail "the CLI failed when installed"

# Running the app wrote nothing into the install folder.
stray=$(find /opt/modelhub | sort | comm -23 - "$listed")
[ -z "$stray" ] || fail "files in /opt/modelhub that dpkg does not track: $stray"

apt-get purge -y -qq modelhub >/dev/null
apt-get autoremove -y -qq --purge >/dev/null
for path in /opt/modelhub /usr/bin/modelhub /usr/share/applications/modelhub.desktop \
    /usr/share/icons/hicolor/scalable/apps/modelhub.svg; do
    [ ! -e "$path" ] && [ ! -L "$path" ] || fail "$path is left after purge"
done
[ -f "$home/modelhub.db" ] || fail "purging the package touched the user's data"
echo "install_test.sh: installed, ran on xcb, purged cleanly; user data kept"
