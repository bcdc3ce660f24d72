"""The desk's first frame: the agent's queue read with the standard library's sqlite3 before SQLAlchemy, the
models and the domain load (issue 19).

Nothing here imports SQLAlchemy, ``db.models`` or ``agent_desk.worklist``: :mod:`~agent_desk.first_frame.page`
decides whether the stored worklist may be shown as it is (the same rule as the start-up clock check) and reads
the first page of the queue as :class:`~agent_desk.first_frame.lines.QueueLine` rows, the same rows
:func:`agent_desk.worklist.queue_lines` returns.
"""
