from cmcheck.cli import main

main()
