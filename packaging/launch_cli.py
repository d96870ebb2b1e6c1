"""Frozen entry point of wenming-cli (PyInstaller needs a script file)."""

from wenming_desktop.cli import main

raise SystemExit(main())
