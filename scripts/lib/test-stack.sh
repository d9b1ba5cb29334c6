# Shared by scripts/test-app.sh and scripts/bench-alerts.sh (sourced): the images,
# the secrets and the runtime environment of the application, all derived from
# the stack's wiring (inventories/shared/group_vars/all/stack.yml, read by
# scripts/wiring.py) and the app_stack role's app.env template, as on a server.
# Needs: root (repository), DOCKER. Sets: WIRING_* names, APP_ENV (docker run
# arguments of the application containers), and the functions below.
VENV_BIN=${VENV_BIN:-$root/.venv/bin}
wiring() { "$VENV_BIN/python" "$root/scripts/wiring.py" "$@"; }

BASE_IMAGE=${BASE_IMAGE:-$(wiring get stack_base_image)}
DB_IMAGE=$(wiring get stack_service_images.db.image)
REDIS_IMAGE=$(wiring get stack_service_images.redis.image)
APP_IMAGE=${APP_IMAGE:-$(wiring get stack_app_image):test}
TEST_DOMAIN=si-gouvernance.test

# stack_secrets_init DIR: a random value for every secret of the list, readable by
# the containers' non-root users (a throwaway test directory).
stack_secrets_init() {
  local dir=$1 name
  for name in $(wiring secrets | awk '{ print $1 }'); do
    head -c 48 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/$name"
  done
  chmod 0644 "$dir"/*
  chmod 0755 "$dir"
}

# env_args SERVICE: -e VAR=/run/secrets/NAME for each secret the service receives.
env_args() { wiring secret-env "$1" | sed 's/^/-e\n/'; }

# stack_env_init DIR [app_stack variables as JSON]: secrets and app.env in DIR, then APP_ENV.
stack_env_init() {
  local dir=$1 extra=${2:-"{}"}
  stack_secrets_init "$dir"
  local out
  out=$("$VENV_BIN/ansible-playbook" -i localhost, "$root/scripts/app-env.yml" \
    -e "app_env_dest=$dir/app.env" -e "app_stack_domain=$TEST_DOMAIN" -e "$extra" 2>&1) \
    || { printf '%s\n' "$out" >&2; echo "test-stack: rendering app.env failed" >&2; return 1; }
  mapfile -t APP_ENV < <(env_args web)
  APP_ENV=(-v "$dir:/run/secrets:ro" --env-file "$dir/app.env" "${APP_ENV[@]}")
}

# start_backends NETWORK DB_NAME REDIS_NAME: MariaDB and Redis as the db and redis services.
start_backends() {
  local net=$1 db=$2 redis=$3 dir=$SECRETS_DIR
  local db_env redis_env
  mapfile -t db_env < <(env_args db)
  mapfile -t redis_env < <(env_args redis)
  "$DOCKER" network create "$net" >/dev/null
  "$DOCKER" run -d --name "$db" --network "$net" --network-alias db -v "$dir:/run/secrets:ro" \
    "${db_env[@]}" -e "MARIADB_DATABASE=$(wiring get stack_db_name)" -e "MARIADB_USER=$(wiring get stack_db_user)" \
    --health-interval 2s "$DB_IMAGE" >/dev/null
  "$DOCKER" run -d --name "$redis" --network "$net" --network-alias redis -v "$dir:/run/secrets:ro" \
    "${redis_env[@]}" --health-interval 2s "$REDIS_IMAGE" >/dev/null
}
