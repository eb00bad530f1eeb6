from cmcheck.cli.main import main

main()
