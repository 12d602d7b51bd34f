"""Complaints (Form 12): a worker's complaint against an employer, investigated, heard, settled, referred."""
