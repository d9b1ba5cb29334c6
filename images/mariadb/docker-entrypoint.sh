#!/bin/bash
# First start on an empty data directory: initialise it, set the root password
# (root only @localhost), create the application database and user, from files.
set -o errexit -o nounset -o pipefail

DATADIR=/var/lib/mysql
# The initialisation server listens on its own socket, so the healthcheck
# (which uses the default socket) only passes once the real server is up.
INIT_SOCKET=/run/mysqld/init.sock

log() { printf '%s [entrypoint] %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

read_secret() {  # read_secret VAR -> value of VAR_FILE's content (or VAR)
  local var=$1 file_var="$1_FILE"
  if [ -n "${!file_var:-}" ]; then
    [ -r "${!file_var}" ] || die "$file_var=${!file_var} is not readable"
    tr -d '\r\n' <"${!file_var}"
  else
    printf '%s' "${!var:-}"
  fi
}

sql_string() { printf "'%s'" "$(printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/\\\\'/g")"; }

initialise() {
  local root_pw db user user_pw
  root_pw=$(read_secret MARIADB_ROOT_PASSWORD)
  db=${MARIADB_DATABASE:-}
  user=${MARIADB_USER:-}
  user_pw=$(read_secret MARIADB_PASSWORD)
  [ -n "$root_pw" ] || die "set MARIADB_ROOT_PASSWORD_FILE (a file holding the root password)"
  if [ -n "$user" ] && [ -z "$user_pw" ]; then die "set MARIADB_PASSWORD_FILE for MARIADB_USER=$user"; fi
  [[ "$db" =~ ^[A-Za-z0-9_]*$ ]] || die "MARIADB_DATABASE may only hold letters, digits and _"
  [[ "$user" =~ ^[A-Za-z0-9_]*$ ]] || die "MARIADB_USER may only hold letters, digits and _"

  log "initialising $DATADIR"
  mariadb-install-db --datadir="$DATADIR" --user=mysql --skip-test-db \
    --auth-root-authentication-method=socket --auth-root-socket-user=mysql \
    --skip-name-resolve >/dev/null
  mariadbd --skip-networking --socket="$INIT_SOCKET" --datadir="$DATADIR" &
  local pid=$! i
  for i in $(seq 1 60); do
    mariadb --socket="$INIT_SOCKET" -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 1
  done
  {
    echo "DELETE FROM mysql.global_priv WHERE User='root' AND Host<>'localhost';"
    echo "DELETE FROM mysql.global_priv WHERE User='';"
    echo "FLUSH PRIVILEGES;"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD($(sql_string "$root_pw"));"
    if [ -n "$db" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
    fi
    if [ -n "$user" ]; then
      echo "CREATE USER '$user'@'%' IDENTIFIED BY $(sql_string "$user_pw");"
      [ -z "$db" ] || echo "GRANT ALL PRIVILEGES ON \`$db\`.* TO '$user'@'%';"
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$INIT_SOCKET" || { kill "$pid"; die "initial SQL failed"; }
  kill "$pid"
  wait "$pid" || true
  log "initialised: database '${db}', user '${user}', root only @localhost"
}

if [ "${1:-}" = "mariadbd" ] || [ "${1:-}" = "mysqld" ]; then
  if [ ! -d "$DATADIR/mysql" ]; then
    initialise
  fi
fi
exec "$@"
