"""Department activities (Form 1, LMIS monitoring): what the Department of Labour itself does, per period."""
