#!/usr/bin/env bash
# Builds the local base image the test build of Herald's container image starts from, as a
# `docker save` tarball that Jib reads with `tar://` (no registry and no Docker daemon needed):
#
#   build-base-image.sh OUT.tar [JAVA_HOME]
#
# One layer: a Java runtime cut with jlink from the JDK that runs the build (JAVA_HOME, else the
# `java` on the PATH) at /opt/java/openjdk, as in the eclipse-temurin images, plus the shared
# libraries it and the hub's native libraries (SQLite, Netty's epoll) load, copied from this host.
# Its config holds PATH and JAVA_HOME like eclipse-temurin's, and the same HEALTHCHECK as the
# Dockerfile: Jib cannot set a health check itself and carries over the base image's.
# The tarball is deterministic (sorted, mtime 0, root-owned), so Jib's layer cache keeps hitting;
# a second run with the same script and JDK keeps the existing tarball.
set -euo pipefail

out=${1:?usage: build-base-image.sh OUT.tar [JAVA_HOME]}
java_home=${2:-${JAVA_HOME:-}}
if [ -z "$java_home" ]; then
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
jlink="$java_home/bin/jlink"
[ -x "$jlink" ] || { echo "base image: no jlink in $java_home (a JDK is needed, not a JRE)" >&2; exit 1; }

# What herald.jar uses (jdeps --print-module-deps), and what it loads by name at run time:
# jdk.zipfs (a jar's file system), jdk.crypto.ec (EC and EdDSA keys of a JWKS, before JDK 22).
modules=java.base,java.compiler,java.desktop,java.naming,java.security.jgss,java.sql,java.net.http
modules+=,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs
if "$java_home/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then
  modules+=,jdk.crypto.ec
fi

script_sum=$(sha256sum "$0" | cut -d' ' -f1)
key="$script_sum $("$java_home/bin/java" -version 2>&1 | tr '\n' ' ') $java_home"
if [ -f "$out" ] && [ -f "$out.key" ] && [ "$(cat "$out.key")" = "$key" ]; then
  echo "base image: $out is up to date"
  exit 0
fi

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
runtime="$root/opt/java/openjdk"
mkdir -p "$root"

# java.desktop is there for java.beans (pure Java); its window, font, image and sound libraries
# would bring X11, FreeType and more from the host, and a headless hub never loads them.
"$jlink" --add-modules "$modules" --output "$runtime" \
  --strip-debug --no-man-pages --no-header-files --compress=2 \
  --exclude-files='**/libawt_xawt.so,**/libsplashscreen.so,**/libjsound.so,**/libfontmanager.so,**/libjavajpeg.so,**/liblcms.so' \
  2> >(grep -v -i 'deprecated' >&2)

# Debian's JDK links its configuration files to /etc; the image gets real copies.
find "$runtime" -type l | while read -r link; do
  target=$(readlink -f "$link" || true)
  rm -f "$link"
  if [ -n "$target" ] && [ -f "$target" ]; then
    cp "$target" "$link"
  fi
done
if [ ! -s "$runtime/lib/security/cacerts" ] && [ -f /etc/ssl/certs/java/cacerts ]; then
  cp -L /etc/ssl/certs/java/cacerts "$runtime/lib/security/cacerts"
fi

copy_lib() { # copies a host library (and the link that names it) into the image
  local lib=$1
  [ -e "$root$lib" ] && return 0
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
}
# The runtime's own libraries, then the C library's parts that SQLite's and Netty's native
# libraries (extracted from herald.jar at run time) link against.
find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
  | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | sort -u | while read -r lib; do
  case "$lib" in "$root"/* | "$java_home"/*) continue ;; esac
  copy_lib "$lib"
done
libdir=$(dirname "$(ldd "$java_home/bin/java" | awk '/libc\.so/ { print $3 }')")
for name in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1 libz.so.1; do
  [ -e "$libdir/$name" ] && copy_lib "$libdir/$name"
done

mkdir -p "$root/etc" "$root/tmp" "$root/app"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

image="$work/image"
mkdir -p "$image"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  -C "$root" -cf "$image/layer.tar" .
diff_id=sha256:$(sha256sum "$image/layer.tar" | cut -d' ' -f1)

# HEALTHCHECK as in the Dockerfile (HealthProbe lives in the image's /app/classes); durations in ns.
cat > "$image/config.json" <<JSON
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],
           "Healthcheck":{"Test":["CMD","java","-XX:+UseSerialGC","-XX:TieredStopAtLevel=1","-cp","/app/classes","dev.herald.image.HealthProbe"],
                          "Interval":30000000000,"Timeout":10000000000,"StartPeriod":30000000000,"Retries":3}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"herald-image/src/base/build-base-image.sh"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["herald-base:local"],"Layers":["layer.tar"]}]\n' > "$image/manifest.json"

mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$image" -cf "$out.tmp" manifest.json config.json layer.tar
mv "$out.tmp" "$out"
printf '%s' "$key" > "$out.key"
echo "base image: $out ($(du -m "$out" | cut -f1) MiB, $modules, from $java_home)"
