"""Messages to and from JSON (reasons and explanations stored in the worklist).

The code lives in :mod:`agent_desk.first_frame.codec`, which the desk's first frame reads before this package
(and SQLAlchemy) load; this module keeps the worklist's name for it.
"""

from agent_desk.first_frame.codec import decode_message, decode_messages, encode_message, encode_messages

__all__ = ["decode_message", "decode_messages", "encode_message", "encode_messages"]
