#!/usr/bin/env bash
# Starts, on a GitHub-hosted Ubuntu runner, the services the integration tests use on 127.0.0.1 with the settings
# they expect: PostgreSQL with trust authentication and a `test` database, Redis, RabbitMQ (guest/guest), and the
# redis-server and openssl binaries the TLS tests run themselves.
set -euo pipefail
sudo apt-get update -qq
sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server rabbitmq-server openssl >/dev/null
pg_conf=$(ls -d /etc/postgresql/*/main | head -1)
sudo sed -i -E 's/(scram-sha-256|md5|peer)$/trust/' "$pg_conf/pg_hba.conf"
sudo systemctl start postgresql
sudo -u postgres psql -qc "CREATE DATABASE test" || true
sudo systemctl start redis-server rabbitmq-server
for port in 5432 6379 5672; do
  for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 1; done
done
