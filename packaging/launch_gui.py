"""Frozen entry point of the windowed app (PyInstaller needs a script file)."""

from wenming_desktop.app import main

raise SystemExit(main())
