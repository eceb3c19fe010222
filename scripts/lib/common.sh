# Shared by the scripts in scripts/: repository paths, JDK choice, Debian packages, port and HTTP waits.
# Source it; it defines functions and variables only.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="$ROOT/.run"        # git-ignored: pid files and logs of what the scripts start

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# java_major <java-binary>: prints the feature version (17, 21, 25) or nothing.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

# use_jdk: exports JAVA_HOME as a JDK >= 21: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
use_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    export JAVA_HOME; return
  fi
  local best="" best_v=0 dir v
  for dir in /usr/lib/jvm/*/; do
    [ -x "$dir/bin/javac" ] || continue
    v=$(java_major "$dir/bin/java"); [ -n "$v" ] || continue
    if [ "$v" -gt "$best_v" ]; then best="${dir%/}"; best_v="$v"; fi
  done
  [ "$best_v" -ge 21 ] || die "no JDK 21 or newer found (JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm has none). Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, and set JAVA_HOME."
  export JAVA_HOME="$best"
}

# apt_install <debian-packages...>: installs them with apt-get ('apt-get update' once per script run) and
# dies if apt-get fails. Returns 1 without trying when this is not Debian/Ubuntu as root: the caller then
# says what to install.
APT_UPDATED=no
apt_install() {
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$APT_UPDATED" = no ]; then
    say "apt-get update"; apt-get update -qq || die "apt-get update failed"; APT_UPDATED=yes
  fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

# port_open <port>: true when something listens on 127.0.0.1:<port>.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for <seconds> <description> <command...>: polls the command every 0.2 s.
wait_for() {
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# pid_alive <pidfile>: true when the file names a running process.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid <pidfile>: stops the process the file names (TERM, then KILL after 30 s) and removes
# the file. False when the file named no running process.
stop_pid() {
  local pidfile=$1 pid
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 1; }
  pid=$(cat "$pidfile")
  kill "$pid"
  wait_for 30 "pid $pid" bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
