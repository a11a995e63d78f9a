#!/usr/bin/env bash
# Makes a private CA and one node certificate for localhost and 127.0.0.1 (server and client use) with openssl:
#   weir-bench/tls-certs.sh DIR    ->  DIR/ca.pem DIR/ca.key DIR/node.pem DIR/node.key (PKCS#8)
# The same commands as docs/security.md, for benchmarks and trying TLS on one machine.
set -euo pipefail
dir="${1:?usage: $0 DIR}"
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 365 -subj "/CN=Weir CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout node.key -out node.csr -subj "/CN=localhost"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' > node.ext
openssl x509 -req -in node.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 90 -extfile node.ext -out node.pem
rm -f node.csr node.ext ca.srl
ls "$dir"
