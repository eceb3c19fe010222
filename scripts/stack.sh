#!/usr/bin/env bash
# Local infrastructure without Docker: MariaDB (3306), Redis (6379), etcd (2379) and a
# real in-process Kafka KRaft broker (9092), all on 127.0.0.1.
#
#   scripts/stack.sh up [mariadb|redis|etcd|kafka ...]   (default: all four)
#   scripts/stack.sh down                                 stops only what 'up' started
#   scripts/stack.sh status
#
# A service already listening on its port is reused, never restarted. On Debian as root,
# missing packages are installed with apt-get; elsewhere the script says what to install.
# Pid files and logs: .run/stack/ (git-ignored). Databases and the application user
# (promo/promo) are created on every 'up' (idempotent).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

STACK_DIR="$RUN_DIR/stack"
DATABASES="coupon_db coupon_db_test point_db point_db_test timesale_db timesale_db_test"
DB_USER=promo
DB_PASSWORD=promo
mkdir -p "$STACK_DIR"

# ensure_installed <binary> <debian-packages...>
ensure_installed() {
  local binary=$1; shift
  command -v "$binary" >/dev/null 2>&1 || [ -x "/usr/sbin/$binary" ] && return 0
  apt_install "$@" \
    || die "'$binary' is not installed and this is not Debian/Ubuntu as root. Install it (Debian packages: $*), or start it yourself on 127.0.0.1, then re-run."
}

mariadb_up() {
  if port_open 3306; then
    say "mariadb: reusing the server already on 127.0.0.1:3306"
  else
    ensure_installed mariadbd mariadb-server mariadb-client
    [ "$(id -u)" -eq 0 ] || die "mariadb: not running and only root can start it here; start MariaDB/MySQL on 127.0.0.1:3306, then re-run."
    install -d -o mysql -g mysql /run/mysqld
    if [ ! -d /var/lib/mysql/mysql ]; then
      say "mariadb: initialising /var/lib/mysql"
      mariadb-install-db --user=mysql --datadir=/var/lib/mysql >"$STACK_DIR/mariadb-install.log" 2>&1
    fi
    touch "$STACK_DIR/mariadb.err" && chown mysql:mysql "$STACK_DIR/mariadb.err"
    chmod o+x "$RUN_DIR" "$STACK_DIR"
    start-stop-daemon --start --oknodo --background --make-pidfile --pidfile "$STACK_DIR/mariadb.pid" \
      --exec /usr/sbin/mariadbd -- --user=mysql --bind-address=127.0.0.1 --port=3306 \
      --log-error="$STACK_DIR/mariadb.err" --max-connections=500
    wait_for 60 mariadb mysqladmin ping || die "mariadb did not start; see $STACK_DIR/mariadb.err"
    say "mariadb: started on 127.0.0.1:3306 (pid $(cat "$STACK_DIR/mariadb.pid"))"
  fi
  local sql="" db
  for db in $DATABASES; do
    sql+="CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
  done
  sql+="CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';"
  sql+="CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';"
  for db in $DATABASES; do
    sql+="GRANT ALL PRIVILEGES ON \`$db\`.* TO '$DB_USER'@'localhost';"
    sql+="GRANT ALL PRIVILEGES ON \`$db\`.* TO '$DB_USER'@'127.0.0.1';"
  done
  # Passwords go through stdin and MYSQL_PWD, never the command line (ps shows it).
  if mysql -uroot 2>/dev/null <<<"$sql"; then
    say "mariadb: databases [$DATABASES] and user $DB_USER ready"
  elif MYSQL_PWD="$DB_PASSWORD" mysql -h127.0.0.1 -u"$DB_USER" -e "SELECT 1" >/dev/null 2>&1; then
    say "mariadb: user $DB_USER already works (no root access to create anything more)"
  else
    die "mariadb: cannot create databases as root. As a database admin run: $sql"
  fi
}

redis_up() {
  if port_open 6379; then say "redis: reusing the server already on 127.0.0.1:6379"; return; fi
  ensure_installed redis-server redis-server
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --pidfile "$STACK_DIR/redis.pid" \
    --logfile "$STACK_DIR/redis.log" --dir "$STACK_DIR" --save "" --appendonly no
  wait_for 20 redis port_open 6379 || die "redis did not start; see $STACK_DIR/redis.log"
  wait_for 5 redis test -s "$STACK_DIR/redis.pid"
  say "redis: started on 127.0.0.1:6379 (pid $(cat "$STACK_DIR/redis.pid"))"
}

etcd_healthy() { curl -sf http://127.0.0.1:2379/health | grep -q true; }

etcd_up() {
  if port_open 2379; then say "etcd: reusing the server already on 127.0.0.1:2379"; return; fi
  ensure_installed etcd etcd-server etcd-client
  nohup etcd --name local --data-dir "$STACK_DIR/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster local=http://127.0.0.1:2380 >"$STACK_DIR/etcd.log" 2>&1 &
  echo $! >"$STACK_DIR/etcd.pid"
  wait_for 30 etcd etcd_healthy || die "etcd did not start; see $STACK_DIR/etcd.log"
  say "etcd: started on 127.0.0.1:2379 (pid $(cat "$STACK_DIR/etcd.pid"))"
}

kafka_up() {
  if port_open 9092; then say "kafka: reusing the broker already on 127.0.0.1:9092"; return; fi
  use_jdk
  local jar="$ROOT/tools/local-kafka/target/local-kafka.jar"
  # A development tool, outside the plain build: its Maven profile local-stack adds it to the reactor.
  say "kafka: building tools/local-kafka"
  (cd "$ROOT" && ./mvnw -B -q -P local-stack -pl tools/local-kafka package -DskipTests)
  # Run a copy: a later build replacing target/local-kafka.jar under the running JVM breaks it.
  cp "$jar" "$STACK_DIR/local-kafka.jar"
  nohup "$JAVA_HOME/bin/java" -Xms256m -Xmx512m -jar "$STACK_DIR/local-kafka.jar" 9092 >"$STACK_DIR/kafka.log" 2>&1 &
  echo $! >"$STACK_DIR/kafka.pid"
  # The port opens before the broker serves metadata; its own "ready" line comes after.
  wait_for 90 kafka grep -q "KRaft broker ready" "$STACK_DIR/kafka.log" || die "kafka did not start; see $STACK_DIR/kafka.log"
  say "kafka: KRaft broker started on 127.0.0.1:9092 (pid $(cat "$STACK_DIR/kafka.pid"))"
}

stop_one() {
  if stop_pid "$STACK_DIR/$1.pid"; then say "$1: stopped"; else say "$1: not started by this script, left alone"; fi
}

status_one() {
  local name=$1 port=$2 owner="not running"
  if port_open "$port"; then
    owner="running"; pid_alive "$STACK_DIR/$name.pid" && owner="running (started by stack.sh, pid $(cat "$STACK_DIR/$name.pid"))"
  fi
  printf '%-8s 127.0.0.1:%-5s %s\n' "$name" "$port" "$owner"
}

command=${1:-status}; shift || true
case "$command" in
  up)
    components=${*:-mariadb redis etcd kafka}
    for c in $components; do
      case "$c" in
        mariadb|redis|etcd|kafka) "${c}_up" ;;
        *) die "unknown component '$c' (mariadb, redis, etcd, kafka)" ;;
      esac
    done ;;
  down) for c in kafka etcd redis mariadb; do stop_one "$c"; done ;;
  status) status_one mariadb 3306; status_one redis 6379; status_one etcd 2379; status_one kafka 9092 ;;
  *) die "usage: scripts/stack.sh up [mariadb|redis|etcd|kafka ...] | down | status" ;;
esac
