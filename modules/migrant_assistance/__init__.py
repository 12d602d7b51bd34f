"""Assistance to nationals working abroad or about to leave (Form 22), with the inputs of SDG 10.7.1."""
