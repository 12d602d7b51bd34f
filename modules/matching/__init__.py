"""Matching job seekers with vacancies: ranked, explained candidates; referrals, interviews and placements."""
