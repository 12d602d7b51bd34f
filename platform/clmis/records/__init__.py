"""What every register and case record shares: optimistic locking, list pages, Excel export, history.

A register (employers, unions...) or a case module declares a Listing (columns, filters, sort) and
saves through record_save(); the pages, the export and the stale-edit refusal come from here.
"""
