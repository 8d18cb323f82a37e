"""The login limiter's table: bounded, and a flood of new keys does not lift a lockout."""

from __future__ import annotations

from apigen_cloud.core.ratelimit import LoginLimiter


def _lock(limiter: LoginLimiter, account: str, address: str) -> None:
    for _ in range(3):
        limiter.failed(account, address)


def test_lockout_and_release_on_success() -> None:
    limiter = LoginLimiter(max_failures=3, lockout_seconds=60)
    limiter.failed("a@example.com", "10.0.0.1")
    limiter.succeeded("a@example.com", "10.0.0.1")
    limiter.failed("a@example.com", "10.0.0.1")
    limiter.failed("a@example.com", "10.0.0.1")
    assert limiter.retry_after("a@example.com", "10.0.0.1") == 0  # the success reset the count
    limiter.failed("a@example.com", "10.0.0.1")
    assert 1 <= limiter.retry_after("a@example.com", "10.0.0.1") <= 60
    assert limiter.retry_after("a@example.com", "10.0.0.2") == 0
    assert limiter.retry_after("b@example.com", "10.0.0.1") == 0


def test_flood_of_new_keys_is_bounded_and_keeps_the_lockout() -> None:
    limiter = LoginLimiter(max_failures=3, lockout_seconds=60, max_entries=100)
    _lock(limiter, "victim@example.com", "10.0.0.1")
    for n in range(1_000):  # one failure each: cheap for an attacker
        limiter.failed(f"random{n}@example.com", "10.0.0.1")
    assert len(limiter._entries) <= 100
    assert limiter.retry_after("victim@example.com", "10.0.0.1") > 0
    # The newest keys are kept.
    assert ("random999@example.com", "10.0.0.1") in limiter._entries


def test_table_full_of_locked_pairs_still_accepts_new_ones() -> None:
    limiter = LoginLimiter(max_failures=3, lockout_seconds=60, max_entries=10)
    for n in range(30):
        _lock(limiter, f"user{n}@example.com", "10.0.0.1")
    assert len(limiter._entries) <= 10
    assert limiter.retry_after("user29@example.com", "10.0.0.1") > 0
