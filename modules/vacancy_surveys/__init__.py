"""Limited vacancy surveys: periodic rounds asking employers how many posts are vacant, by occupation."""
