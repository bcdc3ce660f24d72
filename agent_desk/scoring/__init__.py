"""Scoring: the likelihood to pay, learned from the book's own history (docs/SCORING.md).

Features from the whole history (:mod:`.features`, over the arrays of :mod:`.book`), a model fitted, calibrated
and validated out of time on earlier months (:mod:`.fit`, :mod:`.model`, :mod:`.validate`), stored with its
version and figures and applied to every customer (:mod:`.store`); the model's strongest reasons become the
queue's words (:mod:`.words`). The worklist reads the scores; scoring imports nothing of the worklist.
"""

from __future__ import annotations
