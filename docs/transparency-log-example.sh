#!/bin/sh
# Recomputes the worked example of docs/transparency-log.md §5 — a tree of the five leaves
# {"n":0} … {"n":4} — with nothing but printf, xxd (or od) and sha256sum (or openssl), runs the
# verification algorithms of §4 (RFC 9162 §2.1.3.2 and §2.1.4.2) on its proofs, and checks that
# tampered proofs are refused. Prints OK or FAIL for each check; exits 1 if any check fails.
#
#   sh docs/transparency-log-example.sh
#
# test/unit/merkle.test.ts checks the constants below against the platform's code.
set -u

# ---- the numbers of §5 ---------------------------------------------------------------------
H0_0=f94070abfd2da0bf72902eb13a808e794f954d9e2745c682a158f6ed0d4ac036
H0_1=fb5d93e6cf90bc9470cd9ea9d9e12348993db3e854ab2b7660e3594767045f6c
H0_2=3d1de776df086c1ae9f7049d2bb0c0475ad14185f987e064e8d10dcb2db4a322
H0_3=d74a2d1f2af1c1cad6c5e8a86fc869162e7d1ea01e729abff17851d10948f994
H0_4=67cbf349d6b4e4caf430a96751ca532214414c2f8c9f7c567abbc3e52f2df391
H1_0=3badc80537f029e1bb77280dc85203cf2ed9748dc8f571230fcba5c326c91068
H1_1=126052db7798240e63a58487a3bd039a77d605a6a218f9470b582ed1e4901121
H2_0=bd0070acbdc679a24cf44615841483fbfcc18aba00ae4dbe2a0c54af26cbd9fa
ROOT1=f94070abfd2da0bf72902eb13a808e794f954d9e2745c682a158f6ed0d4ac036
ROOT2=3badc80537f029e1bb77280dc85203cf2ed9748dc8f571230fcba5c326c91068
ROOT3=2cfef7627597e00b564975774ad728ef210706759fca6d64138c6dfc1cbf2cda
ROOT4=bd0070acbdc679a24cf44615841483fbfcc18aba00ae4dbe2a0c54af26cbd9fa
ROOT5=87d50c5ea4b4e9c66a6350dc9cf80c85641a6dc2d4e86fbeeedca752fa4cdb4c
# The proofs as the API returns them (§5): auditPath of leaf 2 and of leaf 4 in the tree of 5,
# and the consistency proof from 3 to 5.
PATH_2_IN_5='d74a2d1f2af1c1cad6c5e8a86fc869162e7d1ea01e729abff17851d10948f994 3badc80537f029e1bb77280dc85203cf2ed9748dc8f571230fcba5c326c91068 67cbf349d6b4e4caf430a96751ca532214414c2f8c9f7c567abbc3e52f2df391'
PATH_4_IN_5='bd0070acbdc679a24cf44615841483fbfcc18aba00ae4dbe2a0c54af26cbd9fa'
CONSISTENCY_3_TO_5='3d1de776df086c1ae9f7049d2bb0c0475ad14185f987e064e8d10dcb2db4a322 d74a2d1f2af1c1cad6c5e8a86fc869162e7d1ea01e729abff17851d10948f994 3badc80537f029e1bb77280dc85203cf2ed9748dc8f571230fcba5c326c91068 67cbf349d6b4e4caf430a96751ca532214414c2f8c9f7c567abbc3e52f2df391'
EMPTY_ROOT=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

# ---- hashing --------------------------------------------------------------------------------
# SHA-256 of standard input, as lower-case hex.
sha256_hex() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -d ' ' -f 1
  else
    openssl dgst -sha256 -r | cut -d ' ' -f 1
  fi
}

# Writes the bytes of a hex string (xxd, or printf with octal escapes when there is no xxd).
unhex() {
  if command -v xxd >/dev/null 2>&1; then
    printf '%s' "$1" | xxd -r -p
  else
    rest=$1 format=''
    while [ -n "$rest" ]; do
      pair=${rest%"${rest#??}"}
      rest=${rest#??}
      byte=$((0x$pair))
      format="$format\\$((byte / 64))$((byte / 8 % 8))$((byte % 8))"
    done
    # shellcheck disable=SC2059 # the format is the octal escapes on purpose
    printf "$format"
  fi
}

# Leaf hash: SHA-256(0x00 ‖ the leaf's bytes, given as text).
leaf_hash() { { printf '\000'; printf '%s' "$1"; } | sha256_hex; }
# Node hash: SHA-256(0x01 ‖ left ‖ right), both given as hex.
node_hash() { { printf '\001'; unhex "$1$2"; } | sha256_hex; }

# ---- the verification algorithms of §4 ------------------------------------------------------
# verify_inclusion LEAF_HASH INDEX SIZE ROOT PATH...   (RFC 9162 §2.1.3.2)
verify_inclusion() {
  r=$1 fn=$2 size=$3 root=$4
  shift 4
  [ "$fn" -lt "$size" ] || return 1
  sn=$((size - 1))
  for p in "$@"; do
    [ "$sn" -eq 0 ] && return 1
    if [ $((fn % 2)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
      r=$(node_hash "$p" "$r")
      while [ $((fn % 2)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn / 2)) sn=$((sn / 2)); done
    else
      r=$(node_hash "$r" "$p")
    fi
    fn=$((fn / 2)) sn=$((sn / 2))
  done
  [ "$sn" -eq 0 ] && [ "$r" = "$root" ]
}

# verify_consistency FIRST SECOND FIRST_ROOT SECOND_ROOT PROOF...   (RFC 9162 §2.1.4.2)
verify_consistency() {
  first=$1 second=$2 froot=$3 sroot=$4
  shift 4
  [ "$first" -le "$second" ] || return 1
  if [ "$first" -eq "$second" ]; then [ $# -eq 0 ] && [ "$froot" = "$sroot" ]; return; fi
  if [ "$first" -eq 0 ]; then [ $# -eq 0 ] && [ "$froot" = "$EMPTY_ROOT" ]; return; fi
  [ $# -gt 0 ] || return 1
  # An exact power of two: put first_hash in front.
  if [ $((first & (first - 1))) -eq 0 ]; then set -- "$froot" "$@"; fi
  fn=$((first - 1)) sn=$((second - 1))
  while [ $((fn % 2)) -eq 1 ]; do fn=$((fn / 2)) sn=$((sn / 2)); done
  fr=$1 sr=$1
  shift
  for c in "$@"; do
    [ "$sn" -eq 0 ] && return 1
    if [ $((fn % 2)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
      fr=$(node_hash "$c" "$fr")
      sr=$(node_hash "$c" "$sr")
      while [ $((fn % 2)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn / 2)) sn=$((sn / 2)); done
    else
      sr=$(node_hash "$sr" "$c")
    fi
    fn=$((fn / 2)) sn=$((sn / 2))
  done
  [ "$sn" -eq 0 ] && [ "$fr" = "$froot" ] && [ "$sr" = "$sroot" ]
}

# ---- checks -----------------------------------------------------------------------------------
failures=0
checks=0
ok() { checks=$((checks + 1)); printf 'OK   %s\n' "$1"; }
fail() { checks=$((checks + 1)) failures=$((failures + 1)); printf 'FAIL %s\n' "$1"; }
# same NAME EXPECTED COMPUTED
same() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected $2, computed $3"; fi; }
accepts() { name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; fi; }
refuses() { name=$1; shift; if "$@"; then fail "$name"; else ok "$name"; fi; }

# Flips the lowest bit of a hash's last byte.
tamper() {
  head=${1%??}
  last=${1#"$head"}
  printf '%s%02x' "$head" $((0x$last ^ 1))
}

same 'empty tree root = SHA-256("")' "$EMPTY_ROOT" "$(printf '' | sha256_hex)"
same 'leaf (0,0) {"n":0}' "$H0_0" "$(leaf_hash '{"n":0}')"
same 'leaf (0,1) {"n":1}' "$H0_1" "$(leaf_hash '{"n":1}')"
same 'leaf (0,2) {"n":2}' "$H0_2" "$(leaf_hash '{"n":2}')"
same 'leaf (0,3) {"n":3}' "$H0_3" "$(leaf_hash '{"n":3}')"
same 'leaf (0,4) {"n":4}' "$H0_4" "$(leaf_hash '{"n":4}')"
same 'node (1,0) = H(01 | (0,0) | (0,1))' "$H1_0" "$(node_hash "$H0_0" "$H0_1")"
same 'node (1,1) = H(01 | (0,2) | (0,3))' "$H1_1" "$(node_hash "$H0_2" "$H0_3")"
same 'node (2,0) = H(01 | (1,0) | (1,1))' "$H2_0" "$(node_hash "$H1_0" "$H1_1")"
same 'root of 1 = (0,0)' "$ROOT1" "$H0_0"
same 'root of 2 = (1,0)' "$ROOT2" "$H1_0"
same 'root of 3 = H(01 | (1,0) | (0,2))' "$ROOT3" "$(node_hash "$H1_0" "$H0_2")"
same 'root of 4 = (2,0)' "$ROOT4" "$H2_0"
same 'root of 5 = H(01 | (2,0) | (0,4))' "$ROOT5" "$(node_hash "$H2_0" "$H0_4")"
same 'inclusion path of leaf 2 in 5 = (0,3) (1,0) (0,4)' "$PATH_2_IN_5" "$H0_3 $H1_0 $H0_4"
same 'inclusion path of leaf 4 in 5 = (2,0)' "$PATH_4_IN_5" "$H2_0"
same 'consistency proof 3 -> 5 = (0,2) (0,3) (1,0) (0,4)' "$CONSISTENCY_3_TO_5" "$H0_2 $H0_3 $H1_0 $H0_4"

# shellcheck disable=SC2086 # the proofs are split into words on purpose
{
  accepts 'leaf 2 is in the tree of 5' verify_inclusion "$H0_2" 2 5 "$ROOT5" $PATH_2_IN_5
  accepts 'leaf 4 is in the tree of 5' verify_inclusion "$H0_4" 4 5 "$ROOT5" $PATH_4_IN_5
  accepts 'the tree of 3 is a prefix of the tree of 5' verify_consistency 3 5 "$ROOT3" "$ROOT5" $CONSISTENCY_3_TO_5
  set -- $PATH_2_IN_5
  refuses 'a tampered path of leaf 2 is refused' verify_inclusion "$H0_2" 2 5 "$ROOT5" "$1" "$(tamper "$2")" "$3"
  refuses 'the path of leaf 2 does not prove leaf 3' verify_inclusion "$H0_3" 3 5 "$ROOT5" $PATH_2_IN_5
  refuses 'the path of leaf 2 does not prove leaf 2 at index 1' verify_inclusion "$H0_2" 1 5 "$ROOT5" $PATH_2_IN_5
  refuses 'leaf 4 is not in the tree of 4' verify_inclusion "$H0_4" 4 4 "$ROOT4" $PATH_4_IN_5
  refuses 'the path of leaf 2 without its last element is refused' verify_inclusion "$H0_2" 2 5 "$ROOT5" "$1" "$2"
  set -- $CONSISTENCY_3_TO_5
  refuses 'a tampered consistency proof is refused' verify_consistency 3 5 "$ROOT3" "$ROOT5" "$1" "$2" "$(tamper "$3")" "$4"
  refuses 'a consistency proof with a wrong first root is refused' verify_consistency 3 5 "$ROOT4" "$ROOT5" $CONSISTENCY_3_TO_5
  refuses 'a consistency proof with a wrong second root is refused' verify_consistency 3 5 "$ROOT3" "$(tamper "$ROOT5")" $CONSISTENCY_3_TO_5
  refuses 'the proof 3 -> 5 does not prove 2 -> 5' verify_consistency 2 5 "$ROOT2" "$ROOT5" $CONSISTENCY_3_TO_5
  refuses 'an empty consistency proof is refused' verify_consistency 3 5 "$ROOT3" "$ROOT5"
}

if [ "$failures" -eq 0 ]; then
  printf 'all %d checks OK\n' "$checks"
else
  printf '%d of %d checks FAILED\n' "$failures" "$checks"
  exit 1
fi
