"""Exit statuses, the contract with CI."""

from __future__ import annotations

from modelaudit.kinds import Verdict

OK = 0  # pass, or warn without --fail-on warn
BLOCKED = 1  # a block finding (or warn with --fail-on warn)
USAGE = 2  # bad input, or the tool itself failed
UNKNOWN = 3  # something could not be established; fail closed

_BY_VERDICT = {Verdict.PASS: OK, Verdict.WARN: OK, Verdict.BLOCK: BLOCKED, Verdict.UNKNOWN: UNKNOWN}


def exit_code_for(verdict: Verdict, *, fail_on_warn: bool = False) -> int:
    if verdict is Verdict.WARN and fail_on_warn:
        return BLOCKED
    return _BY_VERDICT[verdict]


def fails(verdict: Verdict, *, fail_on_warn: bool = False) -> bool:
    """Whether this verdict makes the run exit non-zero (block, unknown; warn with --fail-on warn)."""
    return exit_code_for(verdict, fail_on_warn=fail_on_warn) != OK
