#!/usr/bin/env bash
# Run once by the mysql image on an empty data directory (/docker-entrypoint-initdb.d): one
# database and one user per service, each user allowed its own database only.
#   coupon_db   / user coupon   / password COUPON_DB_PASSWORD
#   point_db    / user point    / password POINT_DB_PASSWORD
#   timesale_db / user timesale / password TIMESALE_DB_PASSWORD
# The passwords come from the container's environment (docker-compose*.yml); none has a default
# here. Utf8mb4 with binary collation, as scripts/stack.sh creates them for the local stack.
set -euo pipefail

# sql_string <value>: the value as a quoted SQL string literal.
sql_string() {
  local v=${1//\\/\\\\}
  printf "'%s'" "${v//\'/\'\'}"
}

sql=""
for service in coupon point timesale; do
  var="${service^^}_DB_PASSWORD"
  password=${!var:-}
  [ -n "$password" ] || { echo "01-databases.sh: $var is not set" >&2; exit 1; }
  sql+="CREATE DATABASE IF NOT EXISTS \`${service}_db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
  sql+="CREATE USER IF NOT EXISTS '${service}'@'%' IDENTIFIED BY $(sql_string "$password");"
  sql+="GRANT ALL PRIVILEGES ON \`${service}_db\`.* TO '${service}'@'%';"
done
# The root password goes through the environment, never the command line.
MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot <<<"$sql"
echo "01-databases.sh: coupon_db, point_db, timesale_db and their users created"
