from wenming_desktop.app import main

raise SystemExit(main())
