"""Labour-administration modules, one Django app each (complaints, inspections, job seekers, ...).

The module framework and the first modules arrive with the module-framework issue; country shells
already show the (empty) menu of enabled modules.
"""
