from caicach.cli import main

raise SystemExit(main())
