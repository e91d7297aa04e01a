#!/bin/sh
# Rebuilds server/src/main/resources/web/assets/hpke.js from the pinned packages in
# package-lock.json. Reproducible: the same lock file and esbuild version give the same bytes
# (check with `sha256sum` against web/README.md). Needs node 20+ and npm; nothing else in the
# build does, because the bundle is checked in.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../server/src/main/resources/web/assets/hpke.js
header="/*! Sandyq browser HPKE bundle (RFC 9180, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM).
 * Built by web/build.sh with esbuild $(node -p 'require("esbuild/package.json").version') from
 * @hpke/core $(node -p 'require("@hpke/core/package.json").version'), @hpke/dhkem-x25519 $(node -p 'require("@hpke/dhkem-x25519/package.json").version'), @hpke/common $(node -p 'require("@hpke/common/package.json").version') (MIT, github.com/dajiaji/hpke-js).
 * Global: SandyqHpke.seal(publicKey, info, plaintext), keyPair(), open(privateKey, info, sealed). */"
npx --no-install esbuild src/hpke-entry.js --bundle --format=iife --global-name=SandyqHpke \
  --target=es2020 --minify --legal-comments=eof --footer:js="$(sed 's/^/ * /; 1s/^ \* /\/*! /; $s/$/ *\//' node_modules/@hpke/core/LICENSE)" --charset=utf8 --banner:js="$header" --outfile="$out"
sha256sum "$out"
