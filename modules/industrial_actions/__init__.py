"""Industrial actions (Form 8): strikes, lockouts and others, with the data of ILO strike statistics."""
