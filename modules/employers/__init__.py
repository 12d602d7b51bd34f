"""Register of employers and their representatives: who labour administration deals with."""
