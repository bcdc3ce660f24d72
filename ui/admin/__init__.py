"""The admin room: users (and their lines and own limits), roles' limits and the promise policy."""
