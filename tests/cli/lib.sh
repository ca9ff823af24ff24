# The check helpers of the CLI test scripts (cli_test.sh, insight_cli_test.sh, bill_test.sh).
# Source it after setting $tariff (the program under test) and $group:
#   . "$(dirname "$0")/lib.sh"
# Every expect_* counts one check and reports a failure with the command, stdout and stderr;
# `finish` prints the count and returns non-zero when any check failed.
set -u

failures=0
checks=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
last_command=""
rc=0

# run [--stdin TEXT | --stdin-file FILE] ARGS...: runs tariff ARGS, leaving the exit status in
# $rc and stdout/stderr in $work/out and $work/err. Stdin is empty unless given.
run() {
    local input="" input_file=/dev/null
    if [[ $# -gt 1 && $1 == --stdin ]]; then
        input=$2 input_file=""
        shift 2
    elif [[ $# -gt 1 && $1 == --stdin-file ]]; then
        input_file=$2
        shift 2
    fi
    last_command="tariff $*"
    if [[ -z $input_file ]]; then
        printf '%s' "$input" | "$tariff" "$@" >"$work/out" 2>"$work/err"
    else
        "$tariff" "$@" <"$input_file" >"$work/out" 2>"$work/err"
    fi
    rc=$?
}

fail() {
    failures=$((failures + 1))
    printf 'FAIL: %s\n  %s\n' "$last_command" "$1"
    printf '  --- stdout ---\n%s\n  --- stderr ---\n%s\n' \
        "$(head -c 4000 "$work/out")" "$(head -c 4000 "$work/err")"
}

expect_rc() {
    checks=$((checks + 1))
    [[ $rc == "$1" ]] || fail "exit status $rc, expected $1"
}

# The checks below take STREAM: out (stdout) or err (stderr), kept in $work/STREAM.
stream_name() { [[ $1 == out ]] && echo stdout || echo stderr; }

# expect_exactly STREAM LINE...: STREAM is exactly these lines (one argument may hold several).
expect_exactly() {
    local stream=$1
    shift
    checks=$((checks + 1))
    printf '%s\n' "$@" >"$work/expected"
    cmp -s "$work/$stream" "$work/expected" ||
        fail "$(stream_name "$stream") differs: $(diff "$work/expected" "$work/$stream" | head -c 4000)"
}

# expect_contains STREAM TEXT: STREAM contains TEXT.
expect_contains() {
    checks=$((checks + 1))
    grep -qF -- "$2" "$work/$1" || fail "$(stream_name "$1") lacks: $2"
}

# expect_empty STREAM: nothing on STREAM.
expect_empty() {
    checks=$((checks + 1))
    [[ ! -s $work/$1 ]] || fail "$(stream_name "$1") is not empty"
}

expect_out() { expect_exactly out "$@"; }
expect_err() { expect_exactly err "$@"; }
expect_out_has() { expect_contains out "$1"; }
expect_err_has() { expect_contains err "$1"; }
expect_out_empty() { expect_empty out; }
expect_err_empty() { expect_empty err; }

# expect_out_line LINE: one whole line of stdout is LINE.
expect_out_line() {
    checks=$((checks + 1))
    grep -qxF -- "$1" "$work/out" || fail "no stdout line: $1"
}

# expect_size_at_most FILE BYTES: $work/FILE (out or err) holds at most BYTES bytes.
expect_size_at_most() {
    checks=$((checks + 1))
    local size
    size=$(wc -c <"$work/$1")
    [[ $size -le $2 ]] || fail "$1 has $size bytes, more than $2"
}

# ok ARGS...: exit 0, nothing on stderr.
ok() {
    run "$@"
    expect_rc 0
    expect_err_empty
}

# expect_refused MESSAGE ARGS...: exit 2, nothing on stdout, MESSAGE on stderr.
expect_refused() {
    local message=$1
    shift
    run "$@"
    expect_rc 2
    expect_out_empty
    expect_err_has "$message"
}
refused() { expect_refused "$@"; }

# expect_write_failure [--stdin-file FILE] ARGS...: ARGS print something, but stdout is a full
# device, then a closed descriptor: each time exit 3 and the reason on stderr, never success.
expect_write_failure() {
    local input=/dev/null
    if [[ $1 == --stdin-file ]]; then
        input=$2
        shift 2
    fi
    local command=$1
    last_command="tariff $* >/dev/full"
    "$tariff" "$@" <"$input" >/dev/full 2>"$work/err"
    rc=$?
    : >"$work/out"
    expect_rc 3
    expect_err_has "tariff $command: cannot write the output to stdout: No space left on device"
    last_command="tariff $* >&-"
    "$tariff" "$@" <"$input" >&- 2>"$work/err"
    rc=$?
    expect_rc 3
    expect_err_has "tariff $command: cannot write the output to stdout"
}

# finish: the summary line; the status of the script.
finish() {
    echo "$group: $checks checks, $failures failed"
    [[ $failures == 0 ]]
}
