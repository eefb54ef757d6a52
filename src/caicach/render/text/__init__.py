"""Plain Vietnamese text shared by the media: the words of notices, reminders and who is waiting."""
