"""Practice mode on screen: the trainer's console, the trainee's assignments, and the practice window (the same
workspace over the practice database, with a PRACTICE banner, the debtor's subtitles and a reply box)."""
