#!/bin/sh
# Healthy when the server answers a query on its socket (unix_socket auth as mysql@localhost).
set -eu
[ "$(mariadb --protocol=socket -N -B -e 'SELECT 1' 2>/dev/null)" = "1" ]
