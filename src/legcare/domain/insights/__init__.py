"""Insights from the diary: trends, adherence to the plan, and honest associations.

Pure code over numpy arrays: ``series`` builds day-by-day arrays from check-in values,
``trends`` the 7-day mean and the last four weeks against the four before, ``adherence``
planned against done sessions, ``associations`` nights with and without each exposure or
practice (Welch t intervals from ``intervals``), always worded as associations, never causes.
"""

from legcare.domain.insights.adherence import Adherence, WeekAdherence, adherence
from legcare.domain.insights.associations import (
    MIN_DAYS,
    OUTCOMES,
    Association,
    Outcome,
    associations,
    compare,
    describe_association,
)
from legcare.domain.insights.intervals import Difference, t_quantile, welch_difference
from legcare.domain.insights.series import (
    METRICS,
    DiaryData,
    Metric,
    build_diary_data,
    rolling_mean,
)
from legcare.domain.insights.trends import Trend, Window, describe_trend, metric_trend, trends

__all__ = [
    "METRICS",
    "MIN_DAYS",
    "OUTCOMES",
    "Adherence",
    "Association",
    "DiaryData",
    "Difference",
    "Metric",
    "Outcome",
    "Trend",
    "WeekAdherence",
    "Window",
    "adherence",
    "associations",
    "build_diary_data",
    "compare",
    "describe_association",
    "describe_trend",
    "metric_trend",
    "rolling_mean",
    "t_quantile",
    "trends",
    "welch_difference",
]
