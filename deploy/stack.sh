#!/usr/bin/env bash
# `docker compose` on the Cloud's stack (deploy/docker-compose.yml), after making
# sure its secrets exist: the first run writes deploy/.env (never committed) with a
# random JWT secret, shared by every API replica, and a random database password.
#   deploy/stack.sh up -d --build --wait
#   deploy/stack.sh up -d --scale api=3 --scale worker=2
#   deploy/stack.sh logs -f api
#   deploy/stack.sh down [-v]
# APIGEN_ENV_FILE chooses another file (e.g. a test's own); COMPOSE_PROJECT_NAME
# another project name, so two stacks can run side by side.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_file=${APIGEN_ENV_FILE:-$here/.env}

random() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

if [ ! -f "$env_file" ]; then
  (umask 077 && cat > "$env_file" <<ENV
# Written by deploy/stack.sh. Secrets: keep this file private, never commit it.
APIGEN_JWT_SECRET=$(random 32)
APIGEN_DB_PASSWORD=$(random 16)
ENV
  )
  echo "stack.sh: wrote $env_file (new JWT secret and database password)" >&2
fi
exec docker compose -f "$here/docker-compose.yml" --env-file "$env_file" "$@"
