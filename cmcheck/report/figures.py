"""`cmcheck report`: the change-management process in numbers, computed from the change
requests and the git clock. Pure computation; report_render turns it into text, JSON, Markdown
or an HTML page with SVG charts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import get_args

from cmcheck.core.judge.context import Subject
from cmcheck.core.judge.reviews import believable
from cmcheck.core.model.models import Category, Kind, Outcome
from cmcheck.core.model.policy import Policy

OUTCOMES: tuple[str, ...] = get_args(Outcome)
CATEGORIES: tuple[str, ...] = get_args(Category)
KINDS: tuple[str, ...] = get_args(Kind)
DAY = timedelta(days=1)
RISK_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True, kw_only=True)
class Month:
    month: str  # "2026-12"
    total: int
    by_category: dict[str, int]
    by_kind: dict[str, int]


@dataclass(frozen=True, kw_only=True)
class Report:
    since: date | None
    now: datetime
    total: int
    months: list[Month]
    outcomes: dict[str, int]
    reviewed: int
    unscheduled: int
    median_notice_days: float | None
    exceptions: dict[str, int]
    reviews_overdue: list[str]
    median_days_to_review: float | None
    notices: dict[str, float] = field(default_factory=dict)
    # level -> (changes, reviewed and not postponed, successful)
    risk: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def rate(self, count: int, of: int) -> float | None:
        return rate(count, of)

    @property
    def window_exceptions(self) -> int:
        return self.exceptions.get("maintenance-window", 0)


def rate(count: int, of: int) -> float | None:
    """count as a percentage of `of`, or None when there is nothing to count (a global of the
    statistics page's template, which gets the report as plain data, without methods)."""
    return round(100 * count / of, 1) if of else None


def _days(span: timedelta) -> float:
    return span / DAY


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def build(subjects: list[Subject], *, policy: Policy, now: datetime,
          submitted: dict[str, datetime], reviewed_at: dict[str, datetime],
          since: date | None = None, risks: dict[str, str] | None = None) -> Report:
    """The figures over the changes that start on or after since (local date).

    Notice given is start minus submission, for scheduled changes; days to review run from the
    change's end to the commit that added its review. A change whose end has passed without a
    review is overdue. risks (id -> level) gives the share of each level and the success rate
    by level: successful reviews over reviews of changes that ran (not postponed).
    """
    tz = policy.tz
    chosen = sorted((s for s in subjects
                     if since is None or s.change.schedule.start.astimezone(tz).date() >= since),
                    key=lambda s: (s.change.schedule.start, s.id))
    months: dict[str, tuple[Counter[str], Counter[str]]] = {}
    outcomes: Counter[str] = Counter()
    exceptions: Counter[str] = Counter()
    notices: dict[str, float] = {}
    to_review: list[float] = []
    overdue: list[str] = []
    by_risk: dict[str, list[int]] = {level: [0, 0, 0] for level in RISK_LEVELS}
    for subject in chosen:
        change = subject.change
        key = change.schedule.start.astimezone(tz).strftime("%Y-%m")
        categories, kinds = months.setdefault(key, (Counter(), Counter()))
        categories[change.category] += 1
        kinds[change.kind] += 1
        exceptions.update(w.rule for w in change.exceptions)
        if change.kind == "scheduled" and subject.id in submitted:
            notices[subject.id] = _days(change.schedule.start - submitted[subject.id])
        # Only a review validate accepts is counted (review-dates: not before the start, not in
        # the future); another is no review yet, as on the calendar.
        review = change.review if believable(change, now=now) else None
        level = (risks or {}).get(subject.id)
        if level in by_risk:
            counts = by_risk[level]
            counts[0] += 1
            if review is not None and review.outcome != "postponed":
                counts[1] += 1
                counts[2] += review.outcome == "successful"
        if review is not None:
            outcomes[review.outcome] += 1
            if subject.id in reviewed_at:
                to_review.append(max(0.0, _days(reviewed_at[subject.id]
                                                - change.schedule.end)))
        elif change.schedule.end < now:
            overdue.append(subject.id)
    return Report(
        since=since, now=now, total=len(chosen),
        months=[Month(month=m, total=sum(c.values()), by_category=dict(sorted(c.items())),
                      by_kind=dict(sorted(k.items())))
                for m, (c, k) in sorted(months.items())],
        outcomes={o: outcomes[o] for o in OUTCOMES}, reviewed=sum(outcomes.values()),
        unscheduled=sum(1 for s in chosen if s.change.kind == "unscheduled"),
        median_notice_days=_median(list(notices.values())),
        exceptions=dict(sorted(exceptions.items())), reviews_overdue=overdue,
        median_days_to_review=_median(to_review), notices=notices,
        risk={k: (v[0], v[1], v[2]) for k, v in by_risk.items()} if risks is not None else {})


def as_dict(report: Report) -> dict[str, object]:
    """The JSON shape (stable: scripts and the calendar's statistics page read it)."""
    return {
        "since": report.since.isoformat() if report.since else None,
        "now": report.now.isoformat(),
        "changes": report.total,
        "months": [{"month": m.month, "total": m.total, "by_category": m.by_category,
                    "by_kind": m.by_kind} for m in report.months],
        "outcomes": {o: {"count": n, "percent": report.rate(n, report.reviewed)}
                     for o, n in report.outcomes.items()},
        "reviewed": report.reviewed,
        "unscheduled": {"count": report.unscheduled,
                        "percent": report.rate(report.unscheduled, report.total)},
        "median_notice_days": report.median_notice_days,
        "window_exceptions": report.window_exceptions,
        "exceptions": report.exceptions,
        "reviews_overdue": {"count": len(report.reviews_overdue),
                            "ids": report.reviews_overdue},
        "median_days_to_review": report.median_days_to_review,
        "risk": {level: {"count": n, "percent": report.rate(n, report.total),
                         "reviewed": ran, "successful": ok,
                         "success_percent": report.rate(ok, ran)}
                 for level, (n, ran, ok) in report.risk.items()},
    }
