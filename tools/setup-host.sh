#!/bin/sh
# Prepares a Debian/Ubuntu host (as root) for stagecraft's embedded builder: bubblewrap for the
# sandbox, qemu-user for foreign architectures through binfmt_misc, and the Debian tools the
# seed uses (apt, dpkg-deb). Idempotent: safe to run on every CI start.
set -eu

if [ "$(id -u)" != 0 ]; then
  echo "setup-host.sh: run as root (sudo $0)" >&2
  exit 1
fi

need=""
command -v bwrap >/dev/null 2>&1 || need="$need bubblewrap"
command -v qemu-aarch64-static >/dev/null 2>&1 || need="$need qemu-user-static"
command -v dpkg-deb >/dev/null 2>&1 || need="$need dpkg"
command -v ar >/dev/null 2>&1 || need="$need binutils"
if [ -n "$need" ]; then
  # The host's package lists may be stale on a fresh machine; update only when installing.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
fi

# binfmt_misc is not mounted in every container or VM; the kernel module may be built in.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  modprobe binfmt_misc 2>/dev/null || true
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || {
    echo "setup-host.sh: cannot mount binfmt_misc here (an unprivileged container?); aarch64 builds need it on the host" >&2
    exit 1
  }
fi

# The F (fix-binary) flag makes the kernel open the interpreter now, so it need not exist inside
# the sandbox's root. A handler registered earlier without F (e.g. by binfmt-support) is replaced.
register_qemu() {
  name=$1 magic=$2 mask=$3 interp=$4
  entry=/proc/sys/fs/binfmt_misc/$name
  if [ -e "$entry" ]; then
    # Any enabled handler with F will do (Debian's own, via systemd-binfmt, has flags OPF).
    if grep -q '^flags: .*F' "$entry" && grep -q '^enabled' "$entry"; then
      return 0
    fi
    echo -1 > "$entry"
  fi
  printf ':%s:M::%s:%s:%s:F\n' "$name" "$magic" "$mask" "$interp" > /proc/sys/fs/binfmt_misc/register
}

host_arch=$(uname -m)
if [ "$host_arch" != aarch64 ]; then
  register_qemu qemu-aarch64 \
    '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00' \
    '\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' \
    "$(command -v qemu-aarch64-static)"
fi
if [ "$host_arch" != x86_64 ]; then
  register_qemu qemu-x86_64 \
    '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00' \
    '\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' \
    "$(command -v qemu-x86_64-static)"
fi

bwrap --ro-bind / / --unshare-all --die-with-parent true || {
  echo "setup-host.sh: bwrap is installed but cannot create namespaces here (check kernel.unprivileged_userns_clone / user.max_user_namespaces)" >&2
  exit 1
}
echo "setup-host.sh: bubblewrap $(bwrap --version | cut -d' ' -f2) works; binfmt_misc: $(cd /proc/sys/fs/binfmt_misc && ls -d qemu-* 2>/dev/null | tr '\n' ' ')"
