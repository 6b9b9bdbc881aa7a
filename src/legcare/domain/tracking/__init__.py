"""Tracking beyond the check-in: medicines and treatments, the person's own factors, two weekly
scores of our own, and values imported from phones and wearables.

Pure code: ``medicines`` (what is taken, when; never a dose suggestion), ``medicine_classes``
(matching a typed name to a class the content says may worsen restless legs), ``factors`` (own
yes/no or 0-10 factors and the near-duplicate rule), ``weekly_scores`` (our own weekly items and
their scoring; not validated instruments), ``health_data`` (imported nights, steps and resting
heart rate, each with its source).
"""
