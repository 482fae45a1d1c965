"""Alerts for new editorial revisions: ``--on-change CMD`` and ``--webhook URL``.

Each new ``update`` or ``correction`` revision ``watch`` saves is described as one JSON object
(``revision_alert``): the revision as ``log --json`` gives it, its page address and fetch
time, the diff's verdict and the findings ``check`` has for it, with ``unexplained`` true
when one of them says the change has no note (``unexplained-change``, ``unexplained-update``,
``stealth-edit``).

- The command is split like a shell would (``shlex``) but run without a shell, with the JSON
  on its standard input, and stopped after the alert timeout.
- The webhook gets the same JSON as an HTTP POST (``Content-Type: application/json``), with
  the same timeout.

An alert runs after its revision has landed: a command or webhook that fails, hangs or is
missing is reported as one line and never undoes or loses the revision.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from articlediff.app.pairs import furniture_settings
from articlediff.app.review import check_settings
from articlediff.check import check_history
from articlediff.common.timeutil import format_time
from articlediff.diff import diff_articles
from articlediff.model import Revision
from articlediff.store import Store

UNEXPLAINED_RULES: Final = ("unexplained-change", "unexplained-update", "stealth-edit")
ALERT_KINDS: Final = ("update", "correction")


@dataclass(frozen=True)
class AlertTargets:
    """Where alerts go: a command, a webhook, or both; ``timeout`` seconds for each."""

    command: str | None = None
    webhook: str | None = None
    timeout: float = 10.0

    @property
    def any(self) -> bool:
        return bool(self.command or self.webhook)


def revision_alert(
    store: Store,
    record: Mapping[str, Any],
    revision: Revision,
    previous: Revision | None,
    *,
    url: str,
    fetched_at: datetime,
) -> dict[str, Any]:
    """The JSON an alert carries for ``revision`` (``record`` is its ``log --json`` row)."""
    patterns = furniture_settings(store).for_article(revision.article_id)
    verdict = (
        diff_articles(previous.article, revision.article, furniture=patterns).verdict
        if previous
        else None
    )
    history = store.history(revision.article_id)
    findings = check_history(
        history, check_settings(store), only={revision.commit}, furniture=patterns
    )
    return {
        **record,
        "url": url,
        "fetched_at": format_time(fetched_at),
        "previous": previous.label if previous else None,
        "verdict": verdict,
        "findings": [{"rule": f.rule, "message": f.message} for f in findings],
        "unexplained": any(finding.rule in UNEXPLAINED_RULES for finding in findings),
    }


def send_alert(targets: AlertTargets, alert: Mapping[str, Any]) -> list[str]:
    """Run the command and post to the webhook; one line for each that failed."""
    body = (json.dumps(alert, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    problems = []
    if targets.command:
        problems += _run_command(targets.command, body, targets.timeout)
    if targets.webhook:
        problems += _post(targets.webhook, body, targets.timeout)
    return problems


def check_command(command: str) -> list[str]:
    """``command`` split into its words; ``ValueError`` if it cannot be (an open quote)."""
    words = shlex.split(command)
    if not words:
        raise ValueError("the command is empty")
    return words


def _run_command(command: str, body: bytes, timeout: float) -> list[str]:
    try:
        words = check_command(command)
        done = subprocess.run(words, input=body, capture_output=True, timeout=timeout, check=False)
    except ValueError as error:
        return [f"--on-change: cannot read the command ({error})"]
    except subprocess.TimeoutExpired:
        return [f"--on-change: {command!r} did not finish within {timeout:g}s; it was stopped"]
    except OSError as error:
        return [f"--on-change: cannot run {command!r} ({error.strerror})"]
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f": {said[-1][:200]}" if said else ""
        return [f"--on-change: {command!r} exited with status {done.returncode}{detail}"]
    return []


def _post(url: str, body: bytes, timeout: float) -> list[str]:
    import urllib.error
    import urllib.request

    from articlediff.app.fetch import USER_AGENT

    if not url.lower().startswith(("http://", "https://")):
        return [f"--webhook: {url}: only http:// and https:// addresses can be posted to"]
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(65536)
    except urllib.error.HTTPError as error:
        return [f"--webhook: {url} answered HTTP {error.code} {error.reason}"]
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return [f"--webhook: cannot post to {url} ({reason})"]
    return []
