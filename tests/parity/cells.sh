#!/bin/sh
# Copyright (c) 2026 The SharedArray developers. MIT License.
#
# cells.sh -- the CLI column of the parity table (tests/parity/table.txt):
# each row exercised with the `sharedarray` tool ($SA_CLI), one answer line
# per row (see parity.py). A shell has no mapping of its own, so what needs
# one is absent, with the reason.
SA=${SA_CLI:-sharedarray}
N=sa-parity-cli-$$
D=/tmp/sa-parity-cli-$$
mkdir -p "$D" || exit 1
trap 'rm -rf "$D"; "$SA" delete --force "$N" "$N-x" >/dev/null 2>&1' EXIT

# row ID SPELLING: run the function cell_ID; ok if it succeeds.
row() {
  if out=$(cell_$1 2>&1); then
    echo "ok $1 $2"
  else
    echo "fail $1 $(echo "$out" | tr '\n' ' ')"
    "$SA" delete --force "$N" "$N-x" >/dev/null 2>&1
    rm -f "$D"/*
  fi
}
absent() { echo "absent $1 $2"; }
has() { case "$1" in *"$2"*) return 0 ;; esac; echo "expected '$2' in: $1"; return 1; }

cell_create() {
  "$SA" create "$N" 3x4 f8 && i=$("$SA" info --json "$N") &&
    has "$i" '"shape": [3, 4]' && has "$i" '"dtype": "<f8"' &&
    ! "$SA" create "$N" 3 f8 2>/dev/null && "$SA" delete "$N"
}
cell_create_order() {
  "$SA" create "$N" 2,3 i4 --order F && has "$("$SA" info --json "$N")" '"order": "F"' &&
    "$SA" delete "$N"
}
cell_create_mode() {
  "$SA" create "$N" 4 u1 --mode 0644 && has "$("$SA" info --json "$N")" '"mode": "0644"' &&
    "$SA" delete "$N"
}
cell_create_lazy() {
  "$SA" create "$N" 1048576 f8 --lazy &&
    [ "$(stat -c %b "/dev/shm/$N")" -lt 2048 ] && "$SA" delete "$N"
}
cell_create_file() {
  "$SA" create "file://$D/a.npy" 5 i2 && [ "$(head -c 6 "$D/a.npy" | tail -c 5)" = NUMPY ] &&
    "$SA" delete "file://$D/a.npy" && [ ! -e "$D/a.npy" ]
}
cell_attach_owner() {
  "$SA" create "$N" 2 f4 && "$SA" info --owner "$N" >/dev/null &&
    ! "$SA" info --owner=$(( $(id -u) + 1 )) "$N" 2>/dev/null && "$SA" delete "$N"
}
cell_delete() {
  "$SA" create "$N" 3 f8 && "$SA" delete "$N" && [ ! -e "/dev/shm/$N" ] &&
    ! "$SA" delete "$N" 2>/dev/null
}
cell_delete_force() {
  printf 'not an array' > "/dev/shm/$N-x" && ! "$SA" delete "$N-x" 2>/dev/null &&
    [ -e "/dev/shm/$N-x" ] && "$SA" delete --force "$N-x" && [ ! -e "/dev/shm/$N-x" ]
}
cell_info() {
  "$SA" create "$N" 2x3x4 u2 --mode 0640 && i=$("$SA" info --json "$N") &&
    has "$i" '"dtype": "<u2"' && has "$i" '"shape": [2, 3, 4]' && has "$i" '"order": "C"' &&
    has "$i" '"nbytes": 48' && has "$i" '"mode": "0640"' && has "$i" "\"uid\": $(id -u)" &&
    "$SA" delete "$N"
}
cell_list() {
  "$SA" create "$N" 1 f8 && has "$("$SA" list --json)" "\"$N\"" && "$SA" delete "$N" &&
    ! "$SA" list --json | grep -q "\"$N\""
}
cell_list_dir() {
  "$SA" create "file://$D/a.npy" 1 f8 && has "$("$SA" list --json "file://$D")" "a.npy" &&
    "$SA" delete "file://$D/a.npy"
}
cell_error_name() {
  out=$("$SA" info "$N-none" 2>&1); [ $? -ne 0 ] && has "$out" "No such file"
}
cell_version() {
  has "$("$SA" --version)" "1."
}
cell_notify() {
  "$SA" create "$N" 2 f8 && "$SA" notify "$N" && "$SA" notify "$N" &&
    has "$("$SA" info --json "$N")" '"generation": 2' && "$SA" delete "$N"
}
cell_wait() {
  "$SA" create "$N" 2 f8 && [ "$("$SA" wait "$N" --since 5 --timeout 1)" = 0 ] &&
    { "$SA" wait "$N" --since 0 --timeout 0.05; [ $? -eq 3 ]; } &&
    { "$SA" wait "$N" --timeout 60 > "$D/w" & } &&
    until [ "$(od -An -tu4 -j$((4096 + 64 + 28)) -N4 "/dev/shm/$N" | tr -d ' ')" = 1 ]; do :; done &&
    "$SA" notify "$N" && wait && [ "$(cat "$D/w")" = 1 ] && "$SA" delete "$N"
}
cell_generation() {
  "$SA" create "$N" 2 f8 && "$SA" notify "$N" && has "$("$SA" info "$N")" "generation:   1" &&
    "$SA" delete "$N"
}
cell_snapshot() {
  "$SA" create "$N" 3 f8 && "$SA" export "$N" "$D/s.npy" && [ -s "$D/s.npy" ] &&
    "$SA" delete "$N"
}
cell_provenance() {
  "$SA" create "$N" 1 f8 && i=$("$SA" info --json "$N") &&
    has "$i" '"creator_pid": ' && has "$i" '"creator_alive": false' && has "$i" '"created": "20' &&
    "$SA" delete "$N"
}
cell_holders() {
  "$SA" create "$N" 1 f8 && has "$("$SA" info --json "$N")" '"holders": []' &&
    { "$SA" wait "$N" --timeout 60 >/dev/null & } && w=$! &&
    until [ "$(od -An -tu4 -j$((4096 + 64 + 28)) -N4 "/dev/shm/$N" | tr -d ' ')" = 1 ]; do :; done &&
    has "$("$SA" info --json "$N")" "\"holders\": [$w]" && "$SA" notify "$N" && wait &&
    "$SA" delete "$N"
}

row create "sharedarray create NAME SHAPE DTYPE"
row create_order "sharedarray create ... --order F"
row create_mode "sharedarray create ... --mode 0644"
row create_lazy "sharedarray create ... --lazy"
absent create_populate "the tool exits at once, so it has no mapping to prefault; memory is reserved up front"
row create_file "sharedarray create file://PATH ..."
absent attach "a shell has no mapping: use dump, export or import"
absent attach_ro "a shell has no mapping; dump and export only read"
absent attach_populate "a shell has no mapping to prefault"
row attach_owner "sharedarray info --owner[=USER] NAME"
row delete "sharedarray delete NAME"
row delete_force "sharedarray delete --force NAME"
row info "sharedarray info [--json] NAME"
row list "sharedarray list [--json]"
row list_dir "sharedarray list file://DIR"
absent msync "a shell has no mapping to flush"
absent mlock "a shell has no mapping to lock"
row error_name "error messages on stderr, exit status 1"
row version "sharedarray --version"
absent lock "a shell cannot hold a lock from one command to the next; export copies under it"
absent lock_owner_died "no lock held by a shell"
row notify "sharedarray notify NAME"
row wait "sharedarray wait NAME [--since N] [--timeout S]"
row generation "sharedarray info NAME"
row snapshot "sharedarray export NAME FILE.npy"
row provenance "sharedarray info NAME, list"
row holders "sharedarray info NAME, list"
