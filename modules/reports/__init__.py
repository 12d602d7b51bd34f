"""Statistical and workflow tables that modules declare and users read as a page, on paper or in Excel."""
