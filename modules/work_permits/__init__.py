"""Work permits for foreign workers: employers' applications, the labour-market test, decisions, renewals."""
