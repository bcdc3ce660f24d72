"""Practice mode for trainers (Qt-free): scenarios as data, a simulated debtor, scoring and feedback.

* Scenarios: :mod:`~agent_desk.practice.scenario` (the format), :mod:`~agent_desk.practice.validate`
  (``agent-desk practice validate``; the library of a language).
* A call: :class:`~agent_desk.practice.session.PracticeSession` (dialogue graph and mood in
  :mod:`~agent_desk.practice.dialogue`, the trainee's actions in :mod:`~agent_desk.practice.actions`) →
  :func:`~agent_desk.practice.report.build_report` (the rubric in :mod:`~agent_desk.practice.rubric`).
* The sandbox: :mod:`~agent_desk.practice.sandbox` (the practice database, users copied in, the practice clock)
  and :mod:`~agent_desk.practice.seed` (the scenario's customer); :mod:`~agent_desk.practice.store` keeps
  assignments, sessions, scores and recordings.
* The debtor's voice: :mod:`~agent_desk.practice.voice` (espeak-ng, cached), :mod:`~agent_desk.practice.debtor`
  (its own process: a softphone engine that answers the practice line) and :mod:`~agent_desk.practice.line`
  (the app's end of it).
* Headless: :mod:`~agent_desk.practice.runner` (``agent-desk practice run``).

Nothing is imported here, so the debtor's process starts without the rest of the app.
"""
