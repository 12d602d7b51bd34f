"""The seasonal agricultural workers programme: recruitment, selection, departures, returns, earnings."""
