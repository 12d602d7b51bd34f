"""The `clmis` command: every Django management command (as manage.py would run it) plus the project's own."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clmis.settings")
    execute_from_command_line(sys.argv)
